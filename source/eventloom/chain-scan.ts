// Reads a block of whole lines ahead of the verifier and finds runs: stretches of Zaxy events
// that each seal correctly and link to the line before, by exactly the checks the verifier would
// make on them. The verifier judges each run's first line itself and then takes the rest of the
// run in one step (ChainVerifier.acceptRun), so a clean log costs one JS string per block instead
// of a dozen per line. Anything the scanner is unsure of is left to the verifier, line by line.
// Pure (no I/O): verify-blocks.ts calls it on this thread or in worker threads.
import { isUtf8 } from 'node:buffer';
import { hash } from 'node:crypto';
import { scanEngine, seal, sealedEvent, sealLinksTo, sealTimestampOk, sealZaxyLine } from './fast-zaxy.js';
import { BatchRow, BatchStop, BatchStopKind, type ScanEngine } from './wasm/scan-engine.js';
import { LineSplitter, type RawLine } from './lines.js';
import type { SealedEvent } from './envelope.js';
import type { ChainVerifier } from './verify.js';

/** A line for the verifier to judge; offsets are relative to the block. */
export interface ScannedLine {
  readonly kind: 'line';
  readonly start: number;
  /** Bytes of the line without its terminator. */
  readonly length: number;
  /** Just past the terminator. */
  readonly end: number;
  readonly terminated: boolean;
  /** The fast Zaxy reading; null: the line is UTF-8 but needs the full reader; false: not prepared. */
  readonly fast: SealedEvent | null | false;
}

/** The lines after a run's first line (which precedes this as a ScannedLine). */
export interface ScannedRun {
  readonly kind: 'run';
  /** First byte of the run's second line and the end of its last line, relative to the block. */
  readonly start: number;
  readonly end: number;
  /** Lines in this tail, and how many of them are legacy and v1 envelopes. */
  readonly lines: number;
  readonly legacy: number;
  readonly v1: number;
  readonly lastStart: number;
  readonly lastLength: number;
  readonly last: SealedEvent;
}

export type Segment = ScannedLine | ScannedRun;

const LBRACE = 0x7b;
/** Slabs for the engine's batches grow from this to the engine's input size while lines are clean. */
const SLAB_MIN = 16 * 1024;
const SLAB_MAX = 128 * 1024;
/** At most this many lines split here before a batch is tried again, after batches took none. */
const MAX_COOLDOWN = 1024;
/** Whether scanBlock uses the engine's batches (tests compare both ways). */
let batchScan = true;

/** Lines the engine's batches took, ever (for tests: that the batches are used at all). */
export const batchStats = { lines: 0 };

/** Switches the engine's batches off (true: on); segments must be the same either way. */
export function setBatchScan(on: boolean): void {
  batchScan = on;
}
const LF = 0x0a;
const CR = 0x0d;

/** Splits `block` (whole lines; the last may be unterminated only at end of file) into segments. */
export function scanBlock(block: Buffer): Segment[] {
  const segments: Segment[] = [];
  // In valid UTF-8 every line is valid too (lines are cut at ASCII bytes): one check per block.
  const utf8Block = isUtf8(block);
  let previous: string | null = null;
  let previousSeq = 0;
  let tail: { start: number; lines: number; legacy: number; v1: number; lastStart: number; lastEnd: number; end: number } | null = null;

  const closeRun = () => {
    if (!tail) return;
    // The last line is sealed again, now to make its strings: once per run, not per line.
    if (!sealZaxyLine(block, tail.lastStart, tail.lastEnd, 0)) throw new Error('a run line no longer seals');
    const { start, end, lines, legacy, v1, lastStart, lastEnd } = tail;
    segments.push({ kind: 'run', start, end, lines, legacy, v1, lastStart, lastLength: lastEnd - lastStart, last: sealedEvent() });
    tail = null;
  };

  /** The line at [s, e) (its terminator ends at `end`) links to the one before: the run goes on. */
  const extendRun = (s: number, e: number, end: number, v1: boolean) => {
    const t = (tail ??= { start: s, lines: 0, legacy: 0, v1: 0, lastStart: s, lastEnd: e, end });
    t.lines++;
    if (v1) t.v1++;
    else t.legacy++;
    t.lastStart = s;
    t.lastEnd = e;
    t.end = end;
  };

  const scanLine = (s: number, e: number, end: number, terminated: boolean) => {
    const readable = block[s] === LBRACE && (utf8Block || isUtf8(block.subarray(s, e)));
    const sealed = readable && sealZaxyLine(block, s, e, 0);
    // Eligible for a run: everything the verifier checks on a Zaxy line passes on the line itself.
    const eligible = sealed && terminated && seal.hashOk && !seal.idMismatch && !seal.positional && sealTimestampOk();
    const digest = eligible ? seal.digest : null;
    const seq = seal.seq;
    if (eligible && previous !== null && seq === previousSeq + 1 && sealLinksTo(previous)) {
      extendRun(s, e, end, seal.envelope === 'v1');
    } else {
      // A v1 seq taken from the position is only known to the verifier: it reads such a line itself.
      const fast = !readable ? false : !sealed ? null : seal.positional ? false : sealedEvent();
      closeRun(); // re-seals the run's last line: this line's reading was taken first
      segments.push({ kind: 'line', start: s, length: e - s, end, terminated, fast });
    }
    previous = digest;
    previousSeq = seq;
  };
  // One batch: the engine seals the lines of block[pos, pos + slab) in place (batch.c); here each
  // is hashed, and the engine judges them as scanLine would, first all of them (the digests need
  // the engine's memory as the batch left it), then the segments are made (which re-seals lines).
  const batch = (pos: number, slab: number) => {
    const engine = scanEngine as ScanEngine;
    const length = Math.min(block.length - pos, slab, engine.inputCap);
    block.copy(engine.input, 0, pos, pos + length);
    const taken = engine.batch(length);
    batchStats.lines += taken;
    const { output, batchRows: rows, batchSeqs: seqs, batchStop: stop, batchDigests: digests, batchSeeds: seeds, batchLinked: linked } = engine;
    // Hashing is all JS does per line; batch.c's judge compares the digests with the hex.
    let last = '';
    for (let i = 0, r = 0; i < taken; i++, r += BatchRow.Count) {
      last = hash('sha256', output.subarray(rows[r + BatchRow.CanonStart], rows[r + BatchRow.CanonEnd]), 'binary');
      digests.write(last, 32 * i, 32, 'latin1');
      if (rows[r + BatchRow.V1] === 1) {
        const seed = hash('sha256', output.subarray(rows[r + BatchRow.CanonEnd], rows[r + BatchRow.SeedEnd]), 'binary');
        seeds.write(seed, 8 * i, 8, 'latin1');
      }
    }
    if (previous !== null) engine.batchPrior.write(previous, 0, 32, 'latin1');
    const lastEligible = engine.judge(taken, previous !== null ? 1 : 0, previousSeq) === 1;
    if (taken > 0) {
      previous = lastEligible ? last : null;
      previousSeq = seqs[taken - 1] as number;
    }
    for (let i = 0, r = 0; i < taken; i++, r += BatchRow.Count) {
      const s = pos + (rows[r + BatchRow.LineStart] as number);
      const e = pos + (rows[r + BatchRow.LineEnd] as number);
      const end = pos + (rows[r + BatchRow.Next] as number);
      if (linked[i] === 1) {
        extendRun(s, e, end, rows[r + BatchRow.V1] === 1);
        continue;
      }
      // Read again for its strings, as scanLine reads such a line, before the run ends.
      if (!sealZaxyLine(block, s, e, 0)) throw new Error('a batch line no longer seals');
      const fast = sealedEvent();
      closeRun();
      segments.push({ kind: 'line', start: s, length: e - s, end, terminated: true, fast });
    }
    const consumed = stop[BatchStop.LineStart] as number;
    const stopped = stop[BatchStop.Kind] === BatchStopKind.Unclean ? { end: pos + (stop[BatchStop.LineEnd] as number), next: pos + (stop[BatchStop.Next] as number) } : null;
    return { taken, consumed, stopped };
  };

  // Lines end at \n, \r\n or a lone \r, exactly as LineSplitter cuts them (the block is whole
  // lines, so a \r at its very end ends a line). With the engine, slabs of lines go through
  // batch.c; a line it leaves, or any line without the engine, is split here with plain offsets.
  const batches = batchScan && scanEngine !== null && utf8Block;
  let pos = 0;
  let lf = block.indexOf(LF);
  let cr = block.indexOf(CR);
  let slab = SLAB_MIN;
  let misses = 0;
  let cooldown = 0;
  while (pos < block.length) {
    if (batches && cooldown === 0) {
      const { taken, consumed, stopped } = batch(pos, slab);
      // Slabs follow what a batch used; a batch that took nothing backs off for a while, so a
      // log of lines the engine leaves (Eventloom's dialect) is not copied slab by slab.
      slab = Math.min(SLAB_MAX, Math.max(SLAB_MIN, 2 * consumed));
      misses = taken === 0 ? misses + 1 : 0;
      cooldown = taken === 0 ? Math.min(MAX_COOLDOWN, 2 ** misses) : 0;
      pos += consumed;
      if (stopped === null) continue;
      scanLine(pos, stopped.end, stopped.next, true);
      pos = stopped.next;
      continue;
    }
    if (cooldown > 0) cooldown--;
    if (lf !== -1 && lf < pos) lf = block.indexOf(LF, pos);
    if (cr !== -1 && cr < pos) cr = block.indexOf(CR, pos);
    if (lf === -1 && cr === -1) {
      scanLine(pos, block.length, block.length, false);
      break;
    }
    const atCr = cr !== -1 && (lf === -1 || cr < lf);
    const e = atCr ? cr : lf;
    const next = e + (atCr && block[cr + 1] === LF ? 2 : 1);
    scanLine(pos, e, next, true);
    pos = next;
  }
  closeRun();
  return segments;
}

/**
 * Feeds a scanned block to the verifier. `base` is the block's absolute offset, `line` the number
 * of its first line; returns the number of the line after the block.
 */
export function feedBlock(verifier: ChainVerifier, block: Buffer, base: number, line: number, segments: readonly Segment[]): number {
  let next = line;
  for (const segment of segments) {
    if (segment.kind === 'line') {
      const { start, length, end, terminated, fast } = segment;
      const raw: RawLine = { bytes: block.subarray(start, start + length), line: next, start: base + start, end: base + end, terminated, tooLong: false };
      verifier.push(raw, fast === false ? undefined : { fast });
      next++;
      continue;
    }
    const { start, end, lines, legacy, v1, lastStart, lastLength, last } = segment;
    const lastRaw: RawLine = {
      bytes: block.subarray(lastStart, lastStart + lastLength),
      line: next + lines - 1,
      start: base + lastStart,
      end: base + end,
      terminated: true,
      tooLong: false,
    };
    if (!verifier.acceptRun({ lines, legacy, v1, last, lastRaw })) {
      // The verifier's state is not the one the run was scanned for: it reads the lines itself.
      const splitter = new LineSplitter(base + start, next, (raw) => verifier.push(raw));
      splitter.push(block.subarray(start, end));
      splitter.finish();
    }
    next += lines;
  }
  return next;
}
