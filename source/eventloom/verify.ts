// The chain verifier: feeds on lines, judges each event the way its writer's verifier does and
// stops judging at the first break (Zaxy semantics, spec §6), while still counting the rest.
// Pure: no I/O here; verify-file.ts drives it from a file.
import { isUtf8 } from 'node:buffer';
import { JsonSyntaxError, parseJson, type JsonObject } from './json.js';
import {
  envelopeOf,
  isZaxyV1Id,
  readEventloom,
  readZaxy,
  stripPrefix,
  type Dialect,
  type Envelope,
  type EventReading,
  type SealedEvent,
} from './envelope.js';
import { JsonNumber } from './json.js';
import type { RawLine } from './lines.js';
import type { ChainReport, EnvelopeCounts, LatestEvent, PreparedLine, ReasonCode, RunTail, VerifyOptions } from './chain-report.js';
import { envelopeFast, readZaxyFast } from './fast-zaxy.js';
import { zaxyTimestampOk } from './py-isoformat.js';
import { pydanticInt } from './pydantic-int.js';
import { pyStrip } from './py-strip.js';
import { Warnings } from './warnings.js';

export { pyStrip } from './py-strip.js';

export type { ReasonCode, DialectChoice, EnvelopeCounts, LatestEvent, ChainCheckpoint, ChainReport, PreparedLine, RunTail, VerifyOptions } from './chain-report.js';

/** Consumes RawLines in order; `finish()` gives the report. */
export class ChainVerifier {
  private readonly forced: Dialect | null;
  private readonly fromSeq: number | null;
  private position: number;
  private seq: number;
  private hash: string | null;
  private line: number | null = null;
  // The checkpoint, updated in place per line and materialised in finish(): no allocation per line.
  private readonly mark: { offset: number; line: number; position: number; seq: number; hash: string | null; dialect: Dialect | null; legacy: number; v1: number };
  private established: Dialect | null;
  private mixed = false;
  private readonly envelopes: EnvelopeCounts;
  private readonly ids: Set<string>;
  private readonly warnings = new Warnings();
  private total = 0;
  private latest: LatestEvent | null = null;
  private latestEvent: SealedEvent | null = null;
  private latestLine = 0;
  private lastRaw: { bytes: Buffer; line: number; position: number } | null = null;
  private judging: boolean;
  private broken: Pick<ChainReport, 'broken_at_seq' | 'broken_line' | 'reason_code' | 'broken_reason'> | null = null;
  private bytes = 0;
  private readonly startOffset: number;

  constructor(options: VerifyOptions = {}) {
    const resume = options.resume;
    this.forced = options.dialect && options.dialect !== 'auto' ? options.dialect : null;
    this.fromSeq = options.fromSeq ?? null;
    this.position = resume?.position ?? 0;
    this.seq = resume?.seq ?? 0;
    this.hash = resume?.hash ?? null;
    this.established = resume?.dialect ?? null;
    this.envelopes = { ...(resume?.envelopes ?? { legacy: 0, v1: 0 }) };
    this.ids = new Set(resume?.ids);
    this.startOffset = resume?.offset ?? 0;
    this.total = resume?.position ?? 0;
    this.mark = {
      offset: resume?.offset ?? 0,
      line: resume?.line ?? 1,
      position: this.position,
      seq: this.seq,
      hash: this.hash,
      dialect: this.established,
      legacy: this.envelopes.legacy,
      v1: this.envelopes.v1,
    };
    this.judging = this.fromSeq === null || this.fromSeq <= this.seq + 1;
  }

  /** Where the next read should start (a line boundary) and which physical line it is. */
  get start(): { offset: number; line: number } {
    return { offset: this.mark.offset, line: this.mark.line };
  }

  /**
   * Returns true (keep reading). `prepared`: the line was already checked as UTF-8 and read by
   * the fast Zaxy path elsewhere (a worker; its v1 seq 0 means "use the position").
   */
  push(raw: RawLine, prepared?: PreparedLine): boolean {
    this.bytes = raw.end - this.startOffset;
    if (raw.tooLong) {
      this.total++;
      this.position++;
      this.envelopes.legacy++; // unreadable, so not a v1 envelope: every line is counted once
      if (!this.broken) this.breakAt(this.seq + 1, raw.line, 'invalid_event', `Line ${raw.line} is longer than 256 MiB and cannot be checked`);
      return true;
    }
    if (!prepared && !isUtf8(raw.bytes)) {
      this.total++;
      this.position++;
      this.envelopes.legacy++;
      if (!this.broken) {
        const code = raw.terminated ? 'malformed_json' : 'partial_trailing_line';
        this.breakAt(this.seq + 1, raw.line, code, `Line ${raw.line} is not valid UTF-8${raw.terminated ? '' : ' (an incomplete final line)'}`);
      }
      return true;
    }
    // Most lines start with '{': only others need decoding to find out whether they are blank.
    const text = raw.bytes[0] === 0x7b ? null : pyStrip(raw.bytes.toString('utf8'));
    if (text === '') {
      if (!this.broken && raw.terminated) this.advanceCheckpoint(raw);
      return true;
    }
    this.total++;
    this.position++;
    if (this.broken) {
      this.lastRaw = { bytes: Buffer.from(raw.bytes), line: raw.line, position: this.position };
      this.envelopes[this.shapeOf(raw, text, prepared)]++;
      return true;
    }
    const fast = this.judging && this.forced !== 'eventloom-js' ? this.fastReading(raw, prepared) : null;
    if (fast && this.fastIsFinal(fast)) this.check(fast, raw);
    else this.judge(text ?? pyStrip(raw.bytes.toString('utf8')), raw);
    return true;
  }

  /**
   * The envelope of a line past the break. Like total_events (Zaxy's reader reads the whole file)
   * envelopes count every line, so legacy + v1 = total_events; a line that is not a JSON object
   * with the seven v1 keys counts as legacy.
   */
  private shapeOf(raw: RawLine, text: string | null, prepared: PreparedLine | undefined): Envelope {
    const known = prepared?.fast?.envelope ?? envelopeFast(raw.bytes);
    if (known) return known;
    try {
      const record = parseJson(text ?? pyStrip(raw.bytes.toString('utf8')));
      return record instanceof Map ? envelopeOf(record) : 'legacy';
    } catch (error) {
      if (error instanceof JsonSyntaxError) return 'legacy';
      throw error;
    }
  }

  private fastReading(raw: RawLine, prepared: PreparedLine | undefined): SealedEvent | null {
    if (!prepared) return readZaxyFast(raw.bytes, this.position);
    const e = prepared.fast;
    return e && e.seq === 0 ? { ...e, seq: this.position } : e;
  }

  /** Whether the full reader would settle on the same reading as the fast Zaxy path. */
  private fastIsFinal(e: SealedEvent): boolean {
    // The fast path does not validate timestamps; the full reader reports a bad one.
    if (!zaxyTimestampOk(e.timestamp)) return false;
    if (this.forced === 'zaxy') return true;
    if (e.envelope === 'legacy') return this.established !== 'eventloom-js';
    const preferred = this.established ?? (isZaxyV1Id(e.id) ? 'zaxy' : 'eventloom-js');
    return e.hashOk && preferred === 'zaxy';
  }

  /**
   * Takes the rest of a run found by chain-scan.ts: lines right after the one this verifier has
   * just judged, each a Zaxy event that the scanner found to pass every check push() would make
   * (seal, timestamp, id, sequence, link to the line before). False when this verifier is not in
   * the state the run was scanned for; the caller then pushes those lines one by one.
   */
  acceptRun(run: RunTail): boolean {
    const { lines, last, lastRaw } = run;
    const judged = this.broken === null;
    // Judged only on a Zaxy chain, and only right after the run's first line was accepted.
    if (judged && (!this.judging || this.forced === 'eventloom-js' || this.established !== 'zaxy')) return false;
    if (judged && (this.line !== lastRaw.line - lines || this.seq !== last.seq - lines)) return false;
    this.total += lines;
    this.position += lines;
    this.envelopes.legacy += run.legacy;
    this.envelopes.v1 += run.v1;
    this.bytes = lastRaw.end - this.startOffset;
    if (!judged) {
      // Past a break lines are only counted, as push() would.
      this.lastRaw = { bytes: Buffer.from(lastRaw.bytes), line: lastRaw.line, position: this.position };
      return true;
    }
    this.seq = last.seq;
    this.hash = last.hash;
    this.line = lastRaw.line;
    this.latestEvent = last;
    this.latestLine = lastRaw.line;
    this.advanceCheckpoint(lastRaw);
    return true;
  }

  finish(): ChainReport {
    const e = this.latestEvent;
    if (e) this.latest = { seq: e.seq, hash: e.hash, type: e.type, actor: e.actor, timestamp: e.timestamp, line: this.latestLine, envelope: e.envelope };
    if (this.broken && this.lastRaw) this.latest = this.latestFrom(this.lastRaw) ?? this.latest;
    const m = this.mark;
    if (!this.broken && this.fromSeq !== null && !this.judging) {
      this.warnings.add('from_seq', `from_seq ${this.fromSeq} is past the last event (seq ${this.seq}); nothing was judged`);
    }
    return {
      ok: this.broken === null,
      total_events: this.total,
      broken_at_seq: this.broken?.broken_at_seq ?? null,
      broken_line: this.broken?.broken_line ?? null,
      reason_code: this.broken?.reason_code ?? null,
      broken_reason: this.broken?.broken_reason ?? null,
      last_good_seq: this.seq,
      last_good_line: this.line,
      last_good_hash: this.hash,
      envelopes: { ...this.envelopes },
      dialect: this.mixed ? 'mixed' : this.established,
      warnings: this.warnings.list(),
      bytes_verified: this.bytes,
      from_seq: this.fromSeq,
      latest: this.latest,
      checkpoint: {
        offset: m.offset,
        line: m.line,
        position: m.position,
        seq: m.seq,
        hash: m.hash,
        dialect: m.dialect,
        envelopes: { legacy: m.legacy, v1: m.v1 },
        ids: this.ids,
      },
    };
  }

  private judge(text: string, raw: RawLine): void {
    let record;
    const info = { pythonOnly: false };
    try {
      record = parseJson(text, info);
    } catch (error) {
      if (!(error instanceof JsonSyntaxError)) throw error;
      this.envelopes.legacy++;
      if (raw.terminated) this.breakAt(this.seq + 1, raw.line, 'malformed_json', `Line ${raw.line} is not valid JSON: ${error.message}`);
      else this.breakAt(this.seq + 1, raw.line, 'partial_trailing_line', `Line ${raw.line} is an incomplete final line (a write in progress or a truncated append): ${error.message}`);
      return;
    }
    if (!(record instanceof Map)) {
      this.envelopes.legacy++;
      this.breakAt(this.seq + 1, raw.line, 'invalid_event', `Line ${raw.line} is a JSON ${jsonKind(record)}, not an event object`);
      return;
    }
    if (!this.judging) {
      this.skipBeforeFromSeq(record, raw);
      if (!this.judging) return;
    }
    const reading = this.read(record, info.pythonOnly);
    if ('invalid' in reading) {
      this.envelopes[envelopeOf(record)]++;
      const code = reading.malformed ? 'malformed_json' : 'invalid_event';
      this.breakAt(this.seq + 1, raw.line, code, `Line ${raw.line} is not a valid ${reading.dialect === 'zaxy' ? 'Zaxy' : 'Eventloom'} event: ${reading.invalid}`);
      return;
    }
    this.check(reading, raw);
  }

  private check(reading: SealedEvent, raw: RawLine): void {
    const failure = reading.dialect === 'zaxy' ? this.zaxyChecks(reading) : this.eventloomChecks(reading);
    if (failure) {
      this.envelopes[reading.envelope]++;
      this.breakAt(reading.seq, raw.line, failure[0], failure[1]);
    } else this.accept(reading, raw);
  }

  private read(record: JsonObject, pythonOnly: boolean): EventReading {
    if (envelopeOf(record) === 'legacy') {
      // Zaxy never appends to an Eventloom-native log, so there a non-v1 record is a bad event.
      return (this.forced ?? this.established) === 'eventloom-js' ? readEventloom(record, this.position, pythonOnly) : readZaxy(record, this.position);
    }
    const preferred = this.forced ?? this.established ?? (isZaxyV1Id(record.get('id')) ? 'zaxy' : 'eventloom-js');
    const first = readAs(preferred, record, this.position, pythonOnly);
    if (this.forced || ('hashOk' in first && first.hashOk)) return first;
    // Once earlier lines have settled the dialect, its validity rules stand: the other dialect
    // is only tried for a seal mismatch (the canonical forms differ), not to excuse a bad event.
    if ('invalid' in first && this.established !== null) return first;
    const second = readAs(preferred === 'zaxy' ? 'eventloom-js' : 'zaxy', record, this.position, pythonOnly);
    return 'hashOk' in second && second.hashOk ? second : first;
  }

  // Zaxy's verify_event_chain order: sequence, seal, first prev_hash, link. Messages verbatim.
  private zaxyChecks(e: SealedEvent): [ReasonCode, string] | null {
    const expected = this.seq + 1;
    if (e.seq !== expected) return ['sequence_mismatch', `Event sequence expected ${expected} but found ${e.seq}`];
    if (!e.hashOk) return ['hash_mismatch', `Event ${e.seq} hash mismatch`];
    if (expected === 1) {
      if (e.prevHash !== null) return ['first_prev_hash_set', 'First event has prev_hash set'];
    } else if ((e.envelope === 'v1' ? stripPrefix(e.prevHash) : e.prevHash) !== stripPrefix(this.hash)) {
      // Zaxy strips "sha256:" from v1 integrity fields only; a legacy prev_hash is compared as
      // written. Any hash accepted so far is bare once stripped, whatever its envelope.
      return ['prev_hash_mismatch', `Event ${e.seq} prev_hash does not link to previous`];
    }
    return null;
  }

  // Eventloom's JsonlEventStore.verify() order: duplicate id, link, seal. Messages verbatim.
  private eventloomChecks(e: SealedEvent): [ReasonCode, string] | null {
    if (e.id !== null && this.ids.has(e.id)) return ['duplicate_event_id', `Duplicate event id ${e.id}`];
    const first = this.seq === 0;
    if (first ? e.prevHash !== null : stripPrefix(e.prevHash) !== stripPrefix(this.hash)) {
      const message = `Expected previous hash ${first ? 'null' : (this.hash ?? 'null')} but found ${e.prevHash ?? 'null'}`;
      return [first ? 'first_prev_hash_set' : 'prev_hash_mismatch', message];
    }
    if (!e.hashOk) return ['hash_mismatch', 'Event hash does not match event contents'];
    return null;
  }

  private accept(e: SealedEvent, raw: RawLine): void {
    this.seq = e.seq;
    this.hash = e.hash;
    this.line = raw.line;
    this.envelopes[e.envelope]++;
    if (e.dialect === 'eventloom-js' && e.id !== null) this.ids.add(e.id);
    if (this.established === null) this.established = e.dialect;
    else if (e.dialect !== this.established && !this.mixed) {
      this.mixed = true;
      this.warnings.add('dialect', `line ${raw.line}: the dialect flips from ${this.established} to ${e.dialect} mid-file`);
    }
    if (e.idMismatch) this.warnings.add('id', `line ${raw.line}: ${e.idMismatch}`);
    this.latestEvent = e;
    this.latestLine = raw.line;
    if (raw.terminated) this.advanceCheckpoint(raw);
  }

  private advanceCheckpoint(raw: RawLine): void {
    const m = this.mark;
    m.offset = raw.end;
    m.line = raw.line + 1;
    m.position = this.position;
    m.seq = this.seq;
    m.hash = this.hash;
    m.dialect = this.established;
    m.legacy = this.envelopes.legacy;
    m.v1 = this.envelopes.v1;
  }

  /** Before --from-seq: trust the record's own seq and hash, check nothing. */
  private skipBeforeFromSeq(record: JsonObject, raw: RawLine): void {
    const { seq, hash } = peekSeqAndHash(record, this.position);
    if (seq >= (this.fromSeq ?? 0)) {
      this.judging = true;
      this.seq = (this.fromSeq ?? 1) - 1;
      return;
    }
    this.seq = seq;
    this.hash = hash;
    this.line = raw.line;
    this.envelopes[envelopeOf(record)]++;
    if (raw.terminated) this.advanceCheckpoint(raw);
  }

  private breakAt(seq: number, line: number, code: ReasonCode, reason: string): void {
    this.broken = { broken_at_seq: seq, broken_line: line, reason_code: code, broken_reason: reason };
  }

  private latestFrom(raw: { bytes: Buffer; line: number; position: number }): LatestEvent | null {
    try {
      const record = parseJson(pyStrip(raw.bytes.toString('utf8')));
      if (!(record instanceof Map)) return null;
      const reading = readAs(this.established ?? 'zaxy', record, raw.position);
      if ('invalid' in reading) return null;
      return { seq: reading.seq, hash: reading.hash, type: reading.type, actor: reading.actor, timestamp: reading.timestamp, line: raw.line, envelope: reading.envelope };
    } catch {
      return null;
    }
  }
}

function readAs(dialect: Dialect, record: JsonObject, position: number, pythonOnly = false): EventReading {
  return dialect === 'zaxy' ? readZaxy(record, position) : readEventloom(record, position, pythonOnly);
}

function peekSeqAndHash(record: JsonObject, position: number): { seq: number; hash: string | null } {
  if (envelopeOf(record) === 'legacy') {
    const seq = record.get('seq');
    const hash = record.get('hash');
    const text = pydanticInt(seq);
    return { seq: text === null ? NaN : Number(text), hash: typeof hash === 'string' ? hash : null };
  }
  const id = record.get('id');
  const fromId = typeof id === 'string' && isZaxyV1Id(id) ? Number(id.slice(9, 21)) : 0;
  const integrity = record.get('integrity');
  const hash = integrity instanceof Map ? integrity.get('hash') : undefined;
  return { seq: fromId || position, hash: typeof hash === 'string' ? hash : null };
}

function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof JsonNumber) return 'number';
  return typeof value;
}
