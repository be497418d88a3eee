// Loads the WebAssembly of wasm/*.c (the tape parser and pyCanon writers of the hot path) and exposes its
// static memory as the typed arrays a Tape and a CanonWriter use, so the JS around them (field
// checks, hashing, verdicts) reads the wasm's nodes in place. Its memory never grows, so these
// views stay valid for the life of the process.
import { pyFloatRepr } from '../py-canon.js';
import { SCAN_WASM_BASE64 } from './scan-module.js';

export interface ScanEngine {
  /** Longest input `parse` accepts; longer lines go to the JS tape. */
  readonly inputCap: number;
  readonly input: Buffer;
  readonly output: Buffer;
  readonly kind: Uint8Array;
  readonly verbatim: Uint8Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly next: Int32Array;
  readonly count: Int32Array;
  /** Parses input[0, length); the number of nodes, or -1 where the JS tape would bail too. */
  readonly parse: (length: number) => number;
  /** Writes node `n` as pyCanon at output[at]; returns the end of what it wrote. */
  readonly canon: (n: number, at: number) => number;
  /** The root's Zaxy fields into `fields` (order of `f` in top-fields.ts); 0: a key is escaped (JS indexes it). */
  readonly indexFields: () => number;
  readonly fields: Int32Array;
  /**
   * Parses input[0, length) (a line trimmed to its braces) and, for a plain Zaxy line, checks and
   * writes what Zaxy hashes (seal.c): 1 legacy, 2 v1, with `sealInfo` and `fields` set; 0: JS
   * decides on the tape parsed; -1: the tape bails.
   */
  readonly seal: (length: number, position: number) => number;
  /** What seal found: see SealInfo. */
  readonly sealInfo: Float64Array;
  /**
   * Splits input[0, length) into lines and seals each in place (batch.c) until one it cannot
   * vouch for; returns how many it took, described in `batchRows` and `batchSeqs`, with why and
   * where it stopped in `batchStop`.
   */
  readonly batch: (length: number) => number;
  /** BatchRow.Count slots per line taken. */
  readonly batchRows: Int32Array;
  /** Each line's Zaxy seq. */
  readonly batchSeqs: Float64Array;
  readonly batchStop: Int32Array;
  /**
   * After a batch, with each line's record digest written into `batchDigests` (32 bytes each), a v1
   * seed digest's first 8 bytes into `batchSeeds`, and the digest of the line before the batch into
   * `batchPrior` (when `priorOk`: it could start a run): sets `batchLinked` (it links to the
   * line before, in a run) for each, as scanLine decides; returns 1 when the last line's own checks
   * pass (it could start a run).
   */
  readonly judge: (taken: number, priorOk: number, priorSeq: number) => number;
  readonly batchDigests: Buffer;
  readonly batchSeeds: Buffer;
  readonly batchPrior: Buffer;
  readonly batchLinked: Uint8Array;
  /** Floats the C handed to JS to write (float.c could not show their text is repr): for tests. */
  jsFloatReprs: number;
}

interface ScanExports {
  readonly memory: WebAssembly.Memory;
  readonly input: () => number;
  readonly output: () => number;
  readonly kinds: () => number;
  readonly verbatims: () => number;
  readonly starts: () => number;
  readonly ends: () => number;
  readonly nexts: () => number;
  readonly counts: () => number;
  readonly input_cap: () => number;
  readonly node_cap: () => number;
  readonly output_cap: () => number;
  readonly parse: (length: number) => number;
  readonly canon: (n: number, at: number) => number;
  readonly fields: () => number;
  readonly index_fields: () => number;
  readonly seal: (length: number, position: number) => number;
  readonly seal_info: () => number;
  readonly batch: (length: number) => number;
  readonly batch_rows: () => number;
  readonly batch_seqs: () => number;
  readonly batch_stop: () => number;
  readonly batch_cap: () => number;
  readonly judge: (taken: number, priorOk: number, priorSeq: number) => number;
  readonly batch_digests: () => number;
  readonly batch_seeds: () => number;
  readonly batch_prior: () => number;
  readonly batch_linked: () => number;
}

/** FIELDS in seal.c. */
const FIELD_COUNT = 18;

/** Indices into ScanEngine.sealInfo (enum Info in seal.c). */
export const enum SealInfo {
  /** The record Zaxy hashes is output[0, CanonEnd); a v1 id's seed follows, up to SeedEnd. */
  CanonEnd = 0,
  SeedEnd,
  /** Where the written hash's 64 hex digits start in the input. */
  HashStart,
  HashNode,
  /** The previous hash's node, -1 when absent. */
  PrevNode,
  Seq,
  /** The seq in a Zaxy v1 id, -1 for another id (or a legacy line): then there is no seed. */
  IdSeq,
  /** 1: the timestamp has the shape Zaxy writes, in range (isoTimestampFast); 0: JS decides. */
  TimestampOk,
  Count,
}

/** A line a batch took (enum Row in batch.c): offsets into the input and the output. */
export const enum BatchRow {
  LineStart = 0,
  /** The end of the line without its terminator. */
  LineEnd,
  /** Just past the terminator. */
  Next,
  /** The record Zaxy hashes is output[CanonStart, CanonEnd); a v1 id's seed follows, to SeedEnd. */
  CanonStart,
  CanonEnd,
  SeedEnd,
  /** Where the written hash's 64 hex digits start. */
  HashHex,
  /** Where the previous hash's 64 hex digits start; -1 when it cannot link (as sealLinksTo). */
  PrevHex,
  /** Where a v1 id starts (its 16 hex are at +22); -1 for a legacy line. */
  IdHex,
  V1,
  Count,
}

/** Why a batch stopped, and the line it stopped at (enum Stop in batch.c). */
export const enum BatchStop {
  Kind = 0,
  LineStart,
  LineEnd,
  Next,
  Count,
}

/** BatchStop.Kind: the next line does not end in the slab; it is for scanLine; out of room. */
export const enum BatchStopKind {
  Incomplete = 0,
  Unclean,
  Full,
}

let compiled: WebAssembly.Module | null | undefined;

/**
 * A new engine (each Tape needs its own memory), or null where WebAssembly is unavailable or
 * switched off with ZAXY_CONSOLE_SCAN=js (the bench compares the two).
 */
export function loadScanEngine(): ScanEngine | null {
  if (process.env.ZAXY_CONSOLE_SCAN === 'js') return null;
  try {
    compiled ??= new WebAssembly.Module(Buffer.from(SCAN_WASM_BASE64, 'base64'));
  } catch {
    compiled = null;
  }
  if (compiled === null) return null;
  // The import needs the views, which need the instance: it reaches them through `engine`,
  // made below (the wasm only calls it later, while writing).
  const imports = {
    env: {
      float_repr: (s: number, e: number, at: number): number => {
        const { input, output } = engine;
        engine.jsFloatReprs++;
        const text = pyFloatRepr(Number(input.toString('latin1', s, e)));
        return at + output.write(text, at, 'latin1');
      },
    },
  };
  const exports = new WebAssembly.Instance(compiled, imports).exports as unknown as ScanExports;
  const memory = exports.memory.buffer;
  const nodes = exports.node_cap();
  const engine: ScanEngine = {
    inputCap: exports.input_cap(),
    input: Buffer.from(memory, exports.input(), exports.input_cap() + 32),
    output: Buffer.from(memory, exports.output(), exports.output_cap()),
    kind: new Uint8Array(memory, exports.kinds(), nodes),
    verbatim: new Uint8Array(memory, exports.verbatims(), nodes),
    start: new Int32Array(memory, exports.starts(), nodes),
    end: new Int32Array(memory, exports.ends(), nodes),
    next: new Int32Array(memory, exports.nexts(), nodes),
    count: new Int32Array(memory, exports.counts(), nodes),
    parse: exports.parse,
    canon: exports.canon,
    indexFields: exports.index_fields,
    fields: new Int32Array(memory, exports.fields(), FIELD_COUNT),
    seal: exports.seal,
    sealInfo: new Float64Array(memory, exports.seal_info(), SealInfo.Count),
    batch: exports.batch,
    batchRows: new Int32Array(memory, exports.batch_rows(), exports.batch_cap() * BatchRow.Count),
    batchSeqs: new Float64Array(memory, exports.batch_seqs(), exports.batch_cap()),
    batchStop: new Int32Array(memory, exports.batch_stop(), BatchStop.Count),
    judge: exports.judge,
    batchDigests: Buffer.from(memory, exports.batch_digests(), 32 * exports.batch_cap()),
    batchSeeds: Buffer.from(memory, exports.batch_seeds(), 8 * exports.batch_cap()),
    batchPrior: Buffer.from(memory, exports.batch_prior(), 32),
    batchLinked: new Uint8Array(memory, exports.batch_linked(), exports.batch_cap()),
    jsFloatReprs: 0,
  };
  return engine;
}
