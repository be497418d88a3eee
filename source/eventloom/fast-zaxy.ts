// The hot path for Zaxy lines: tape parse + pyCanon bytes + sha256, no value tree. It handles the
// shapes Zaxy writes; anything unusual (odd types, escaped hashes, the eventloom.v1 flag on a
// legacy record, bad syntax) returns null and envelope.ts reads the line instead, so both paths
// must agree wherever this one answers (the tests run both).
import { hash as digest } from 'node:crypto';
import { Kind, Tape, TapeBail } from './tape.js';
import { CanonWriter, keyIs, keyText } from './tape-canon.js';
import { f, fieldsFrom, indexFields } from './top-fields.js';
import { SECURITY_KEY, securityFields, writeLegacy, writeSeed, writeV1 } from './zaxy-canon.js';
import type { SealedEvent } from './envelope.js';
import { isoTimestampFast, zaxyTimestampOk } from './py-isoformat.js';
import { loadScanEngine, SealInfo } from './wasm/scan-engine.js';

// Lines up to the engine's line size are read by the WebAssembly engine (wasm/*.c); longer ones,
// or all where WebAssembly is off, by the JS tape. `tape` and `out` are the current line's pair.
const engine = loadScanEngine();
const engineTape = engine === null ? null : new Tape(engine);
const engineOut = engine === null ? null : new CanonWriter(engine);
const jsTape = new Tape();
const jsOut = new CanonWriter();
let tape = engineTape ?? jsTape;
let out = engineOut ?? jsOut;

/** Whether lines are read by the WebAssembly engine (a test holds every supported Node to it). */
export const scanEngineLoaded = engine !== null;

/** The engine the hot path seals with; chain-scan.ts runs its batches on the same one. */
export const scanEngine = engine;

/** What sealZaxyLine learnt of the last line it sealed; overwritten by the next call. */
export const seal = {
  envelope: 'legacy' as 'legacy' | 'v1',
  /** Zaxy's seq: the legacy field, or the seq in a Zaxy v1 id, else the position given. */
  seq: 0,
  /** The seq came from the position (a v1 id without one), not from the line itself. */
  positional: false,
  /**
   * sha256 of the line's canonical form as a 32-char binary (latin1) string: node:crypto makes that twice
   * as fast as a Buffer, and it is an immutable value callers may keep.
   */
  digest: '',
  hashOk: false,
  /** A Zaxy v1 id that does not match what Zaxy derives from the event (a warning). */
  idMismatch: false,
  seed: '',
  hashNode: -1,
  prevNode: -1,
};

/**
 * Parses and seals the Zaxy line in `bytes[s, e)` (tape parse + pyCanon + sha256, no value tree)
 * and leaves what it learnt in `seal`; false when the line needs the full reader.
 */
export function sealZaxyLine(bytes: Buffer, s: number, e: number, position: number): boolean {
  if (!lineObject(bytes, s, e)) return false;
  if (engine !== null && tape === engineTape) {
    // One call does it all for a plain Zaxy line; otherwise the checks below decide, on its tape.
    const sealed = engine.seal(tape.load(bytes, line.from, line.to), position);
    if (sealed < 0) return false;
    out.reset(tape);
    if (sealed > 0) {
      fieldsFrom(engine.fields);
      // Every slot of sealInfo is set by a seal that returns > 0.
      const info = engine.sealInfo as Float64Array & Record<SealInfo, number>;
      const v1 = sealed === 2;
      timestampSeen = info[SealInfo.TimestampOk] === 1;
      return finishSeal(v1, info[SealInfo.CanonEnd], info[SealInfo.SeedEnd], info[SealInfo.HashStart], info[SealInfo.HashNode], info[SealInfo.PrevNode], info[SealInfo.Seq], info[SealInfo.IdSeq]);
    }
    indexTapeFields();
  } else {
    if (!parseTape(bytes)) return false;
    out.reset(tape);
  }
  return hasV1Keys() ? sealV1(position) : sealLegacy();
}

/** Reads a Zaxy line; null when the line needs the full reader (or is not Zaxy-shaped). */
export function readZaxyFast(bytes: Buffer, position: number): SealedEvent | null {
  return sealZaxyLine(bytes, 0, bytes.length, position) ? sealedEvent() : null;
}

/** The SealedEvent of the line last sealed (its strings are made here, only when asked for). */
export function sealedEvent(): SealedEvent {
  const v1 = seal.envelope === 'v1';
  const prev = seal.prevNode;
  const event: SealedEvent = {
    envelope: seal.envelope,
    dialect: 'zaxy',
    seq: seal.seq,
    id: f.id >= 0 && tape.kind[f.id] !== Kind.Null ? keyText(tape, f.id) : null,
    hash: keyText(tape, seal.hashNode),
    prevHash: prev >= 0 && tape.kind[prev] !== Kind.Null ? keyText(tape, prev) : null,
    hashOk: seal.hashOk,
    type: keyText(tape, f.type),
    actor: keyText(tape, v1 ? f.actorId : f.actor),
    timestamp: keyText(tape, f.timestamp),
  };
  if (!seal.idMismatch) return event;
  const derived = `evt_zaxy_${String(seal.seq).padStart(12, '0')}_${Buffer.from(seal.seed, 'latin1').toString('hex').slice(0, 16)}`;
  return { ...event, idMismatch: `id ${event.id} does not match its content (Zaxy derives ${derived})` };
}

/**
 * The envelope Zaxy's reader sees in a line, without reading it as an event (for lines past a
 * break, which are counted but not judged); null when the line needs the full parser.
 */
export function envelopeFast(bytes: Buffer): 'legacy' | 'v1' | null {
  if (!lineObject(bytes, 0, bytes.length) || !parseTape(bytes)) return null;
  return hasV1Keys() ? 'v1' : 'legacy';
}

/**
 * Whether the line last sealed links to a predecessor whose digest is `previous`, by Zaxy's rule
 * (a v1 previousHash is compared without its "sha256:", a legacy prev_hash exactly as written).
 * False also when the answer needs the strings (escaped text): the caller then asks the verifier.
 */
export function sealLinksTo(previous: string): boolean {
  const n = seal.prevNode;
  if (n < 0 || tape.kind[n] !== Kind.StrPlain) return false;
  let s = tape.start[n] as number;
  const length = (tape.end[n] as number) - s;
  if (seal.envelope === 'v1' && length === 71 && keyIsPrefix(s, 'sha256:')) s += 7;
  else if (length !== 64) return false;
  return hexPrefixEquals(previous, s, 32);
}

/** The engine's seal of the current line found its timestamp in the shape Zaxy writes (isoTimestampFast). */
let timestampSeen = false;

/** Whether Zaxy accepts the timestamp of the line last sealed (its validator, spec §6.1). */
export function sealTimestampOk(): boolean {
  if (timestampSeen) return true;
  const n = f.timestamp;
  if (tape.kind[n] === Kind.StrPlain && isoTimestampFast(tape.bytes, tape.start[n] as number, tape.end[n] as number)) return true;
  return zaxyTimestampOk(keyText(tape, n));
}

/** The current line, trimmed to its braces. */
const line = { from: 0, to: 0 };

/**
 * Trims the line in `bytes[s, e)` as Python's strip() would, into `line`, and picks the tape for
 * it (the engine's when it fits); false when it is not one JSON object.
 */
function lineObject(bytes: Buffer, s: number, e: number): boolean {
  while (s < e && isPyAsciiSpace(bytes[s] as number)) s++;
  while (e > s && isPyAsciiSpace(bytes[e - 1] as number)) e--;
  if (bytes[s] !== 0x7b || bytes[e - 1] !== 0x7d) return false;
  line.from = s;
  line.to = e;
  timestampSeen = false;
  const onEngine = engineTape !== null && engineOut !== null && e - s <= engineTape.engine!.inputCap;
  tape = onEngine ? engineTape : jsTape;
  out = onEngine ? engineOut : jsOut;
  return true;
}

/** Parses the current line onto its tape and indexes its fields; false: the tape bails. */
function parseTape(bytes: Buffer): boolean {
  try {
    tape.parse(bytes, line.from, line.to);
  } catch (error) {
    if (error instanceof TapeBail) return false;
    throw error;
  }
  indexTapeFields();
  return true;
}

function indexTapeFields(): void {
  const engine = tape.engine;
  if (engine !== null && engine.indexFields() === 1) fieldsFrom(engine.fields);
  else indexFields(tape);
}

/** Zaxy's `_is_eventloom_v1_record`: all seven v1 keys are present. */
function hasV1Keys(): boolean {
  return f.id >= 0 && f.type >= 0 && f.actorId >= 0 && f.threadId >= 0 && f.timestamp >= 0 && f.payload >= 0 && f.integrity >= 0;
}

function sealLegacy(): boolean {
  const seq = f.seq;
  if (seq < 0 || tape.kind[seq] !== Kind.Int || tape.bytes[tape.start[seq] as number] === 0x2d) return false;
  const seqStart = tape.start[seq] as number;
  const seqEnd = tape.end[seq] as number;
  if (seqEnd - seqStart > 15) return false;
  const seqValue = decimal(seqStart, seqEnd);
  if (seqValue === 0) return false;
  if (!isStr(f.timestamp) || !nonEmptyStr(f.type) || !nonEmptyStr(f.actor)) return false;
  if (f.thread >= 0 && !isStr(f.thread)) return false;
  if (f.payload >= 0 && tape.kind[f.payload] !== Kind.Object) return false;
  if (!optStr(f.prev_hash) || !optStr(f.id) || !optStr(f.parent_event_id)) return false;
  if (f.caused_by >= 0 && !strArray(f.caused_by)) return false;
  if (f.envelope_version >= 0 && (tape.kind[f.envelope_version] !== Kind.StrPlain || keyIs(tape, f.envelope_version, 'eventloom.v1'))) return false;
  if (f.hash < 0 || tape.kind[f.hash] !== Kind.StrPlain || tape.end[f.hash]! - tape.start[f.hash]! !== 64) return false;
  const security = f.security >= 0 && tape.kind[f.security] !== Kind.Null;
  if (security && !readSecurity(f.security)) return false;

  writeLegacy(out, security);
  return finishSeal(false, out.pos, out.pos, tape.start[f.hash] as number, f.hash, f.prev_hash, seqValue, -1);
}

function sealV1(position: number): boolean {
  const { integrity, payload, id, timestamp, type, actorId, threadId, parentEventId, causedBy } = f;
  if (tape.kind[integrity] !== Kind.Object || tape.kind[payload] !== Kind.Object) return false;
  if (tape.kind[id] !== Kind.StrPlain || tape.start[id] === tape.end[id]) return false;
  if (!isStr(timestamp) || !nonEmptyStr(type) || !nonEmptyStr(actorId) || !isStr(threadId)) return false;
  if (parentEventId >= 0 && !optStr(parentEventId)) return false;
  if (causedBy >= 0 && tape.kind[causedBy] !== Kind.Null && !strArray(causedBy)) return false;
  const hashNode = member(integrity, 'hash');
  const prevNode = member(integrity, 'previousHash');
  // The written hash, less a "sha256:" prefix, must be 64 plain characters (else: the full reader).
  if (hashNode < 0 || tape.kind[hashNode] !== Kind.StrPlain || !optStr(prevNode)) return false;
  const hashStart = (tape.start[hashNode] as number) + (keyIsPrefix(tape.start[hashNode] as number, 'sha256:') ? 7 : 0);
  if ((tape.end[hashNode] as number) - hashStart !== 64) return false;
  const securityNode = member(payload, SECURITY_KEY);
  // Zaxy pops __zaxy_security from the payload and re-adds it normalised, or drops it if not a dict.
  const security = securityNode >= 0 && tape.kind[securityNode] === Kind.Object;
  if (security && !readSecurity(securityNode)) return false;
  const idSeq = zaxyIdSeq(id);
  const seq = (idSeq > 0 ? idSeq : 0) || position;

  writeV1(out, security, prevNode);
  const canonEnd = out.pos;
  if (idSeq >= 0) writeSeed(out, seq);
  return finishSeal(true, canonEnd, out.pos, hashStart, hashNode, prevNode, seq, idSeq);
}

/**
 * Hashes the record written in out[0, canonEnd) (and a v1 id's seed after it, up to seedEnd,
 * when idSeq >= 0) and fills `seal`.
 */
function finishSeal(v1: boolean, canonEnd: number, seedEnd: number, hashStart: number, hashNode: number, prevNode: number, seq: number, idSeq: number): true {
  const digestBytes = digest('sha256', out.buf.subarray(0, canonEnd), 'binary');
  seal.envelope = v1 ? 'v1' : 'legacy';
  seal.seq = seq;
  seal.positional = v1 && idSeq <= 0;
  seal.digest = digestBytes;
  seal.hashOk = hexPrefixEquals(digestBytes, hashStart, 32);
  seal.idMismatch = false;
  seal.hashNode = hashNode;
  seal.prevNode = prevNode;
  if (idSeq < 0) return true;
  // Zaxy's own verify does not check the id; a mismatch is reported as a warning. The id is
  // evt_zaxy_<seq, 12 digits>_<16 hex of the seed's sha256>: compared in place.
  const seed = digest('sha256', out.buf.subarray(canonEnd, seedEnd), 'binary');
  seal.idMismatch = seq !== idSeq || !hexPrefixEquals(seed, (tape.start[f.id] as number) + 22, 8);
  seal.seed = seed;
  return true;
}

/** The seq in a Zaxy v1 id (evt_zaxy_<12 digits>_<16 lower-case hex>), or -1 for another id. */
function zaxyIdSeq(id: number): number {
  const s = tape.start[id] as number;
  if (tape.kind[id] !== Kind.StrPlain || (tape.end[id] as number) - s !== 38 || !keyIsPrefix(s, 'evt_zaxy_') || tape.bytes[s + 21] !== 0x5f) return -1;
  for (let i = s + 9; i < s + 21; i++) if (!isDigit(tape.bytes[i] as number)) return -1;
  for (let i = s + 22; i < s + 38; i++) if (!isLowerHex(tape.bytes[i] as number)) return -1;
  return decimal(s + 9, s + 21);
}

/** Whether the tape's hex text at `at` spells the first `count` bytes of `digestBytes`. */
function hexPrefixEquals(digestBytes: string, at: number, count: number): boolean {
  return hexSpells(tape.bytes, at, digestBytes, count);
}

/** Whether the lower-case hex text at `b[at]` spells the first `count` bytes of `digestBytes`. */
function hexSpells(b: Uint8Array, at: number, digestBytes: string, count: number): boolean {
  for (let i = 0; i < count; i++) {
    const v = digestBytes.charCodeAt(i);
    if (b[at + 2 * i] !== LOWER_HEX[v >> 4] || b[at + 2 * i + 1] !== LOWER_HEX[v & 15]) return false;
  }
  return true;
}

function keyIsPrefix(s: number, prefix: string): boolean {
  for (let i = 0; i < prefix.length; i++) if (tape.bytes[s + i] !== prefix.charCodeAt(i)) return false;
  return true;
}

/** The value of ASCII digits [s, e) (at most 15 of them: exact as a double). */
function decimal(s: number, e: number): number {
  let v = 0;
  for (let i = s; i < e; i++) v = v * 10 + ((tape.bytes[i] as number) - 0x30);
  return v;
}

const LOWER_HEX = Buffer.from('0123456789abcdef', 'latin1');

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isLowerHex(c: number): boolean {
  return isDigit(c) || (c >= 0x61 && c <= 0x66);
}

/** Reads an EventSecurity object node; false when its fields have unusual types. */
function readSecurity(n: number): boolean {
  if (tape.kind[n] !== Kind.Object) return false;
  const sensitivity = member(n, 'sensitivity');
  const paths = member(n, 'redacted_paths');
  if ((sensitivity >= 0 && !isStr(sensitivity)) || (paths >= 0 && !strArray(paths))) return false;
  securityFields.sensitivity = sensitivity;
  securityFields.paths = paths;
  return true;
}

/** The value node of `name` in object node `n` (the last one if repeated), or -1. */
function member(n: number, name: string): number {
  const count = tape.count[n] as number;
  let found = -1;
  let k = n + 1;
  for (let i = 0; i < count; i++) {
    if (keyIs(tape, k, name)) found = k + 1;
    k = tape.next[k + 1] as number;
  }
  return found;
}

function isStr(n: number): boolean {
  const k = tape.kind[n];
  return n >= 0 && (k === Kind.StrPlain || k === Kind.StrUtf8 || k === Kind.StrEscaped);
}

function nonEmptyStr(n: number): boolean {
  return isStr(n) && tape.end[n] !== tape.start[n];
}

function optStr(n: number): boolean {
  return n < 0 || tape.kind[n] === Kind.Null || isStr(n);
}

function strArray(n: number): boolean {
  if (tape.kind[n] !== Kind.Array) return false;
  const count = tape.count[n] as number;
  for (let i = 0, c = n + 1; i < count; i++, c = tape.next[c] as number) if (!isStr(c)) return false;
  return true;
}

function isPyAsciiSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
}
