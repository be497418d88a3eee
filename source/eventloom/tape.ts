// The hot path's JSON reader: validates a line's bytes and records every value as a node in flat
// typed arrays (a "tape": kind, byte range, index of the next sibling), allocating nothing per
// value. It accepts exactly the grammar of json.ts; on anything it does not handle (bad syntax,
// huge integers, deep nesting) it throws TapeBail and the caller falls back to json.ts, which
// produces the precise error. With a ScanEngine the same parse runs in WebAssembly (wasm/tape.c)
// and the arrays below are views on its memory.
import type { ScanEngine } from './wasm/scan-engine.js';

export const enum Kind {
  Null = 0,
  True,
  False,
  Int,
  Float,
  /** NaN, Infinity, -Infinity (Python's bare tokens; pyCanon writes them back verbatim). */
  Special,
  /** Printable ASCII only (0x20–0x7e), no backslash: its bytes are its pyCanon text. */
  StrPlain,
  /** Raw UTF-8 and/or 0x7f, no backslash: bytewise order is still code point order. */
  StrUtf8,
  /** Contains backslash escapes. */
  StrEscaped,
  Array,
  Object,
}

export class TapeBail extends Error {}
const BAIL = new TapeBail('fall back to the full parser');

const MAX_DEPTH = 500;
const MAX_INT_DIGITS = 4300;

export class Tape {
  kind: Uint8Array = new Uint8Array(1024);
  start: Int32Array = new Int32Array(1024);
  end: Int32Array = new Int32Array(1024);
  /** Index just past this node's subtree, i.e. its next sibling. */
  next: Int32Array = new Int32Array(1024);
  /** Children of an array; key/value pairs of an object. */
  count: Int32Array = new Int32Array(1024);
  /**
   * For a StrEscaped node: 1 when its source bytes are already what pyCanon writes (every escape
   * in Python's ensure_ascii spelling, no raw non-ASCII), so the canon can copy them. Python-written
   * lines are always so; re-escaping them was the hot path's largest single cost.
   */
  verbatim: Uint8Array = new Uint8Array(1024);
  size = 0;
  bytes: Buffer = Buffer.alloc(0);
  /** Decoded text of escaped strings, valid while `textStamp[n]` is this parse's `stamp`. */
  private texts: string[] = [];
  private textStamp: Int32Array = new Int32Array(1024);
  private stamp = 0;
  /** A view on `bytes` for reading 4 bytes at a time; reused while the lines share one chunk. */
  private words: DataView = new DataView(new ArrayBuffer(0));
  private pos = 0;
  private depth = 0;
  /** Parses in WebAssembly; its input then holds the line, and positions count from its start. */
  readonly engine: ScanEngine | null;

  constructor(engine: ScanEngine | null = null) {
    this.engine = engine;
    if (engine === null) return;
    this.kind = engine.kind;
    this.start = engine.start;
    this.end = engine.end;
    this.next = engine.next;
    this.count = engine.count;
    this.verbatim = engine.verbatim;
    this.textStamp = new Int32Array(engine.kind.length);
  }

  /**
   * Parses `bytes[from, to)` as one JSON value; node 0 is the root. Throws TapeBail. An engine's
   * tape takes at most `engine.inputCap` bytes.
   */
  parse(bytes: Buffer, from: number, to: number): void {
    const engine = this.engine;
    if (engine !== null) {
      const size = engine.parse(this.load(bytes, from, to));
      if (size < 0) throw BAIL;
      this.size = size;
      return;
    }
    this.bytes = bytes;
    const words = this.words;
    if (words.buffer !== bytes.buffer || words.byteOffset !== bytes.byteOffset || words.byteLength !== bytes.byteLength) {
      this.words = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    this.size = 0;
    this.depth = 0;
    this.stamp++;
    this.pos = from;
    this.skipWs(to);
    this.value(to);
    this.skipWs(to);
    if (this.pos !== to) throw BAIL;
  }

  /**
   * For an engine's tape: copies `bytes[from, to)` (at most `engine.inputCap` bytes) into the
   * engine's input, for the engine to parse (here, or in its seal); returns the length.
   */
  load(bytes: Buffer, from: number, to: number): number {
    const engine = this.engine as ScanEngine;
    if (to - from > engine.inputCap) throw new RangeError(`a line of ${to - from} bytes is over the scan engine's ${engine.inputCap}`);
    bytes.copy(engine.input, 0, from, to);
    this.bytes = engine.input;
    this.size = 0;
    this.stamp++;
    return to - from;
  }

  textOf(n: number): string | undefined {
    return this.textStamp[n] === this.stamp ? this.texts[n] : undefined;
  }

  keepText(n: number, text: string): void {
    this.texts[n] = text;
    this.textStamp[n] = this.stamp;
  }

  private skipWs(to: number): void {
    const b = this.bytes;
    let i = this.pos;
    while (i < to) {
      const c = b[i] as number;
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
    this.pos = i;
  }

  private node(kind: Kind, start: number): number {
    const n = this.size++;
    if (n >= this.kind.length) this.grow();
    this.kind[n] = kind;
    this.start[n] = start;
    return n;
  }

  private grow(): void {
    const cap = this.kind.length * 2;
    for (const name of ['kind', 'verbatim'] as const) {
      const a = new Uint8Array(cap);
      a.set(this[name]);
      this[name] = a;
    }
    for (const name of ['start', 'end', 'next', 'count', 'textStamp'] as const) {
      const a = new Int32Array(cap);
      a.set(this[name]);
      this[name] = a;
    }
  }

  private value(to: number): void {
    const b = this.bytes;
    const i = this.pos;
    if (i >= to) throw BAIL;
    const c = b[i] as number;
    if (c === 0x22) return this.string(to);
    if (c === 0x7b) return this.container(to, Kind.Object);
    if (c === 0x5b) return this.container(to, Kind.Array);
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      if (b[i + 1] === 0x49) return this.word(to, '-Infinity', Kind.Special);
      return this.number(to);
    }
    switch (c) {
      case 0x74: return this.word(to, 'true', Kind.True);
      case 0x66: return this.word(to, 'false', Kind.False);
      case 0x6e: return this.word(to, 'null', Kind.Null);
      case 0x4e: return this.word(to, 'NaN', Kind.Special);
      case 0x49: return this.word(to, 'Infinity', Kind.Special);
      default: throw BAIL;
    }
  }

  private word(to: number, word: string, kind: Kind): void {
    const b = this.bytes;
    const i = this.pos;
    if (i + word.length > to) throw BAIL;
    for (let k = 0; k < word.length; k++) if (b[i + k] !== word.charCodeAt(k)) throw BAIL;
    const n = this.node(kind, i);
    this.pos = i + word.length;
    this.end[n] = this.pos;
    this.next[n] = n + 1;
  }

  private number(to: number): void {
    const b = this.bytes;
    const start = this.pos;
    let i = start;
    if (b[i] === 0x2d) i++;
    const intStart = i;
    if (i >= to) throw BAIL;
    if (b[i] === 0x30) i++;
    else if ((b[i] as number) >= 0x31 && (b[i] as number) <= 0x39) {
      do i++;
      while (i < to && digit(b[i] as number));
    } else throw BAIL;
    const intDigits = i - intStart;
    let float = false;
    if (i + 1 < to && b[i] === 0x2e && digit(b[i + 1] as number)) {
      float = true;
      i += 2;
      while (i < to && digit(b[i] as number)) i++;
    }
    if (i < to && (b[i] === 0x65 || b[i] === 0x45)) {
      let j = i + 1;
      if (j < to && (b[j] === 0x2b || b[j] === 0x2d)) j++;
      if (j < to && digit(b[j] as number)) {
        float = true;
        do j++;
        while (j < to && digit(b[j] as number));
        i = j;
      }
    }
    if (!float && intDigits > MAX_INT_DIGITS) throw BAIL;
    const n = this.node(float ? Kind.Float : Kind.Int, start);
    this.end[n] = i;
    this.next[n] = n + 1;
    this.pos = i;
  }

  private string(to: number): void {
    const b = this.bytes;
    const start = this.pos + 1;
    let i = start;
    let kind = Kind.StrPlain;
    let verbatim = 1;
    const words = this.words;
    for (;;) {
      // Four bytes at a time while none is a quote, backslash, control or 0x7f (SWAR tests, exact
      // as to whether such a byte exists); raw UTF-8 bytes (>= 0x80) only change the kind.
      while (i + 4 <= to) {
        const x = words.getInt32(i, true);
        const special = (((x - 0x20202020) & ~x) | zeroByte(x ^ 0x22222222) | zeroByte(x ^ 0x5c5c5c5c) | zeroByte(x ^ 0x7f7f7f7f)) & 0x80808080;
        if (special) {
          // The lowest flagged byte is always a real one (borrows only run upwards): step to it,
          // so the byte loop below sees it at once instead of re-reading this word byte by byte.
          const skip = (31 - Math.clz32(special & -special)) >> 3;
          if (x & ((1 << (8 * skip)) - 1) & 0x80808080) {
            if (kind === Kind.StrPlain) kind = Kind.StrUtf8;
            verbatim = 0;
          }
          i += skip;
          break;
        }
        if (x & 0x80808080) {
          if (kind === Kind.StrPlain) kind = Kind.StrUtf8;
          verbatim = 0;
        }
        i += 4;
      }
      if (i >= to) throw BAIL;
      const cls = STRING_CLASS[b[i] as number] as number;
      if (cls === PLAIN) {
        i++;
        continue;
      }
      if (cls === QUOTE) break;
      if (cls === HIGH) {
        if (kind === Kind.StrPlain) kind = Kind.StrUtf8;
        verbatim = 0;
        i++;
        continue;
      }
      if (cls === CONTROL) throw BAIL;
      kind = Kind.StrEscaped;
      const e = b[i + 1] as number;
      if (e === 0x75) {
        if (i + 6 > to) throw BAIL;
        let unit = 0;
        for (let k = 2; k < 6; k++) {
          const h = HEX_VALUE[b[i + k] as number] as number;
          if (h === NOT_HEX) throw BAIL;
          if (h & UPPER_HEX) verbatim = 0;
          unit = (unit << 4) | (h & 15);
        }
        // ensure_ascii writes printable ASCII raw and five controls in their short form.
        if ((unit >= 0x20 && unit < 0x7f) || unit === 8 || unit === 9 || unit === 10 || unit === 12 || unit === 13) verbatim = 0;
        i += 6;
      } else if (e === 0x22 || e === 0x5c || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
        i += 2;
      } else if (e === 0x2f) {
        verbatim = 0; // Python writes '/' unescaped
        i += 2;
      } else throw BAIL;
    }
    const n = this.node(kind, start);
    this.end[n] = i;
    this.next[n] = n + 1;
    this.verbatim[n] = verbatim;
    this.pos = i + 1;
  }

  private container(to: number, kind: Kind.Object | Kind.Array): void {
    const b = this.bytes;
    if (++this.depth > MAX_DEPTH) throw BAIL;
    const n = this.node(kind, this.pos);
    this.pos++;
    this.skipWs(to);
    let count = 0;
    const close = kind === Kind.Object ? 0x7d : 0x5d;
    if (this.pos < to && b[this.pos] === close) {
      this.pos++;
    } else {
      for (;;) {
        if (kind === Kind.Object) {
          if (b[this.pos] !== 0x22) throw BAIL;
          this.string(to);
          this.skipWs(to);
          if (b[this.pos] !== 0x3a) throw BAIL;
          this.pos++;
          this.skipWs(to);
        }
        this.value(to);
        count++;
        this.skipWs(to);
        if (this.pos >= to) throw BAIL;
        const c = b[this.pos++];
        if (c === close) break;
        if (c !== 0x2c) throw BAIL;
        this.skipWs(to);
      }
    }
    this.depth--;
    this.end[n] = this.pos;
    this.count[n] = count;
    this.next[n] = this.size;
  }
}

// Byte classes inside a string: one table load per byte on the hottest loop.
const PLAIN = 0;
const QUOTE = 1;
const BACKSLASH = 2;
const CONTROL = 3;
const HIGH = 4;
const STRING_CLASS = new Uint8Array(256).map((_, c) =>
  c === 0x22 ? QUOTE : c === 0x5c ? BACKSLASH : c < 0x20 ? CONTROL : c >= 0x7f ? HIGH : PLAIN,
);

// Hex digit values; upper-case digits also carry bit 4, as Python writes lower case.
const NOT_HEX = 0xff;
const UPPER_HEX = 0x10;
const HEX_VALUE = new Uint8Array(256).map((_, c) =>
  c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? (c - 0x37) | UPPER_HEX : NOT_HEX,
);

/** Has some byte's high bit set iff some byte of `x` is zero (bytes >= 0x80 do not count). */
function zeroByte(x: number): number {
  return (x - 0x01010101) & ~x;
}

function digit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
