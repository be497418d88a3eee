// pyCanon written straight from a Tape into a reusable byte buffer: the hot-path twin of
// py-canon.ts (same rules, §4.1), producing the same bytes without building a value tree. With a
// ScanEngine, values are written by wasm/canon.c instead (same bytes; the tests compare the two).
import { Kind, type Tape } from './tape.js';
import { compareCodePoints, pyFloatRepr, pyString } from './py-canon.js';
import { parseJson } from './json.js';
import type { ScanEngine } from './wasm/scan-engine.js';

const HEX = [0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66];

/** An extra key/value written into an object (Zaxy re-adds `__zaxy_security` to v1 payloads). */
export interface ExtraEntry {
  readonly key: string;
  readonly write: (out: CanonWriter) => void;
}

export class CanonWriter {
  buf: Buffer = Buffer.allocUnsafe(1 << 16);
  pos = 0;
  tape!: Tape;
  /** Writes values in WebAssembly, into its output (a fixed buffer, sized for its tape's lines). */
  readonly engine: ScanEngine | null;
  /** Key lists of the objects being written, one reused array per nesting depth. */
  private readonly keyLists: Int32Array[] = [];
  private depth = 0;
  private extraKey = '';
  private extraKeyText = '""';

  constructor(engine: ScanEngine | null = null) {
    this.engine = engine;
    if (engine !== null) this.buf = engine.output;
  }

  reset(tape: Tape): void {
    if (this.engine !== null && tape.engine !== this.engine) throw new Error('a scan engine writer needs its own tape');
    this.tape = tape;
    this.pos = 0;
    this.depth = 0;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    // The engine's output is sized for the longest line its tape takes: never reached.
    if (this.engine !== null) throw new RangeError(`pyCanon output over the scan engine's ${this.buf.length} bytes`);
    let cap = this.buf.length * 2;
    while (cap < this.pos + n) cap *= 2;
    const next = Buffer.allocUnsafe(cap);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  ascii(text: string): void {
    this.ensure(text.length);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < text.length; i++) buf[p++] = text.charCodeAt(i);
    this.pos = p;
  }

  byte(c: number): void {
    this.ensure(1);
    this.buf[this.pos++] = c;
  }

  /** A non-negative safe integer in decimal. */
  int(value: number): void {
    let digits = 1;
    for (let v = value; v >= 10; v = Math.floor(v / 10)) digits++;
    this.ensure(digits);
    let v = value;
    for (let p = this.pos + digits - 1; p >= this.pos; p--, v = Math.floor(v / 10)) this.buf[p] = 0x30 + (v % 10);
    this.pos += digits;
  }

  /** Copies tape bytes [start, end), with `extra` more bytes of room reserved after them. */
  copy(start: number, end: number, extra = 0): void {
    const n = end - start;
    this.ensure(n + extra);
    const src = this.tape.bytes;
    const buf = this.buf;
    let p = this.pos;
    if (n < 48) for (let i = start; i < end; i++) buf[p++] = src[i] as number;
    else p += src.copy(buf, p, start, end);
    this.pos = p;
  }

  /** Writes node `n` (and its subtree) as pyCanon; `skipKey` (ASCII) is left out of an object. */
  value(n: number, extra?: ExtraEntry, skipKey?: string): void {
    const engine = this.engine;
    if (engine !== null && extra === undefined && skipKey === undefined) {
      this.pos = engine.canon(n, this.pos);
      return;
    }
    const t = this.tape;
    switch (t.kind[n] as Kind) {
      case Kind.Null: return this.ascii('null');
      case Kind.True: return this.ascii('true');
      case Kind.False: return this.ascii('false');
      case Kind.Special: return this.copy(t.start[n] as number, t.end[n] as number);
      case Kind.Int: {
        const s = t.start[n] as number;
        const e = t.end[n] as number;
        if (e - s === 2 && t.bytes[s] === 0x2d && t.bytes[s + 1] === 0x30) return this.byte(0x30);
        return this.copy(s, e);
      }
      case Kind.Float: {
        const s = t.start[n] as number;
        const e = t.end[n] as number;
        if (isPyFloatRepr(t.bytes, s, e)) return this.copy(s, e);
        return this.ascii(pyFloatRepr(Number(t.bytes.toString('latin1', s, e))));
      }
      case Kind.StrEscaped:
        if (t.verbatim[n] === 0) return this.escapedString(n);
        return this.quoted(n);
      case Kind.StrPlain:
        return this.quoted(n);
      case Kind.StrUtf8:
        return this.escapedString(n);
      case Kind.Array: {
        this.byte(0x5b);
        const count = t.count[n] as number;
        let c = n + 1;
        for (let i = 0; i < count; i++) {
          if (i > 0) this.byte(0x2c);
          this.value(c);
          c = t.next[c] as number;
        }
        return this.byte(0x5d);
      }
      case Kind.Object:
        return this.object(n, extra, skipKey);
    }
  }

  /** A string node whose source bytes are its pyCanon text, in quotes. */
  private quoted(n: number): void {
    const t = this.tape;
    const start = t.start[n] as number;
    const end = t.end[n] as number;
    this.ensure(end - start + 2);
    const buf = this.buf;
    const src = t.bytes;
    let p = this.pos;
    buf[p++] = 0x22;
    if (end - start < 48) for (let i = start; i < end; i++) buf[p++] = src[i] as number;
    else p += src.copy(buf, p, start, end);
    buf[p++] = 0x22;
    this.pos = p;
  }

  private object(n: number, extra: ExtraEntry | undefined, skipKey: string | undefined): void {
    const t = this.tape;
    const count = t.count[n] as number;
    // Keys are node indices; -1 stands for `extra`. The list is reused: this runs per object.
    let keys = this.keyLists[this.depth];
    if (keys === undefined || keys.length <= count) keys = this.keyLists[this.depth] = new Int32Array(Math.max(16, 2 * (count + 1)));
    let size = 0;
    this.depth++;
    let c = n + 1;
    for (let i = 0; i < count; i++) {
      if (skipKey === undefined || !keyIs(t, c, skipKey)) keys[size++] = c;
      c = t.next[c + 1] as number;
    }
    if (extra) keys[size++] = -1;
    // Stable insertion sort: objects are small, and this beats Array#sort with a comparator.
    let duplicate = false;
    for (let i = 1; i < size; i++) {
      const key = keys[i] as number;
      let j = i - 1;
      for (; j >= 0; j--) {
        const r = compareKeys(t, keys[j] as number, key, extra);
        if (r === 0) duplicate = true;
        if (r <= 0) break;
        keys[j + 1] = keys[j] as number;
      }
      keys[j + 1] = key;
    }
    this.byte(0x7b);
    let first = true;
    for (let i = 0; i < size; i++) {
      const k = keys[i] as number;
      // Equal keys sit together in parse order after the stable sort: the last one wins.
      if (duplicate && i + 1 < size && compareKeys(t, k, keys[i + 1] as number, extra) === 0) continue;
      if (!first) this.byte(0x2c);
      first = false;
      if (k === -1 && extra) {
        if (extra.key !== this.extraKey) {
          this.extraKey = extra.key;
          this.extraKeyText = pyString(extra.key);
        }
        this.ascii(this.extraKeyText);
        this.byte(0x3a);
        extra.write(this);
      } else {
        this.value(k);
        this.byte(0x3a);
        this.value(k + 1);
      }
    }
    this.byte(0x7d);
    this.depth--;
  }

  /** A string with raw non-ASCII, U+007F or escapes, re-escaped the way Python's ensure_ascii does. */
  private escapedString(n: number): void {
    const t = this.tape;
    const b = t.bytes;
    const end = t.end[n] as number;
    let i = t.start[n] as number;
    // No source byte becomes more than 6 output bytes (0x7f or a 2-byte sequence -> \uXXXX).
    this.ensure(6 * (end - i) + 2);
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = 0x22;
    while (i < end) {
      const c = b[i] as number;
      if (COPIED[c] === 1) {
        buf[p++] = c;
        i++;
        continue;
      }
      let u: number;
      if (c === 0x5c) {
        const e = b[i + 1] as number;
        if (e === 0x75) {
          u = hex4(b, i + 2);
          i += 6;
        } else {
          u = e === 0x62 ? 8 : e === 0x66 ? 12 : e === 0x6e ? 10 : e === 0x72 ? 13 : e === 0x74 ? 9 : e;
          i += 2;
        }
      } else if (c < 0x80) {
        u = c;
        i++;
      } else if (c < 0xe0) {
        // Valid UTF-8 (checked per line before parsing): decode one code point.
        u = ((c & 0x1f) << 6) | ((b[i + 1] as number) & 0x3f);
        i += 2;
      } else if (c < 0xf0) {
        u = ((c & 0x0f) << 12) | (((b[i + 1] as number) & 0x3f) << 6) | ((b[i + 2] as number) & 0x3f);
        i += 3;
      } else {
        const cp = ((c & 0x07) << 18) | (((b[i + 1] as number) & 0x3f) << 12) | (((b[i + 2] as number) & 0x3f) << 6) | ((b[i + 3] as number) & 0x3f);
        i += 4;
        p = writeUnit(buf, p, 0xd800 | ((cp - 0x10000) >> 10));
        u = 0xdc00 | ((cp - 0x10000) & 0x3ff);
      }
      p = writeUnit(buf, p, u);
    }
    buf[p++] = 0x22;
    this.pos = p;
  }
}

/** Bytes ensure_ascii writes as they are: printable ASCII but the quote and the backslash. */
const COPIED = new Uint8Array(256).map((_, c) => (c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c ? 1 : 0));

/** One UTF-16 code unit as Python's ensure_ascii writes it, at `p`; returns the new end. */
function writeUnit(buf: Buffer, p: number, u: number): number {
  if (u >= 0x20 && u < 0x7f) {
    if (u === 0x22 || u === 0x5c) buf[p++] = 0x5c;
    buf[p++] = u;
    return p;
  }
  buf[p++] = 0x5c;
  const short = u === 8 ? 0x62 : u === 12 ? 0x66 : u === 10 ? 0x6e : u === 13 ? 0x72 : u === 9 ? 0x74 : 0;
  if (short) {
    buf[p++] = short;
    return p;
  }
  buf[p++] = 0x75;
  buf[p++] = HEX[(u >> 12) & 15] as number;
  buf[p++] = HEX[(u >> 8) & 15] as number;
  buf[p++] = HEX[(u >> 4) & 15] as number;
  buf[p++] = HEX[u & 15] as number;
  return p;
}

/**
 * Whether a float's source text already is Python's repr of its value, so it can be copied: a
 * plain decimal [-]I.F with at most 15 significant digits (DBL_DIG: no other spelling of at most
 * that many digits reads back to the same double, so repr's shortest digits are these), no
 * trailing zero in F unless F is "0", and inside repr's fixed-notation range (1e-4 <= |x| < 1e16).
 * Python writes its floats this way; any other spelling takes the exact conversion.
 */
function isPyFloatRepr(b: Buffer, s: number, e: number): boolean {
  let i = b[s] === 0x2d ? s + 1 : s;
  const intStart = i;
  while (i < e && isDigit(b[i] as number)) i++;
  const intLength = i - intStart;
  if (intLength === 0 || i >= e || b[i] !== 0x2e) return false;
  const fracStart = ++i;
  while (i < e && isDigit(b[i] as number)) i++;
  const fracLength = e - fracStart;
  if (i !== e || fracLength === 0) return false; // an exponent
  const zeroFraction = fracLength === 1 && b[fracStart] === 0x30;
  if (b[e - 1] === 0x30 && !zeroFraction) return false;
  if (intLength > 1 || b[intStart] !== 0x30) return intLength + (zeroFraction ? 0 : fracLength) <= 15;
  // 0.F: F's leading zeros are not significant; a fourth one means repr uses an exponent.
  let z = fracStart;
  while (z < e && b[z] === 0x30) z++;
  return z === e || (z - fracStart <= 3 && e - z <= 15);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function hex4(b: Uint8Array, i: number): number {
  let v = 0;
  for (let k = 0; k < 4; k++) {
    const c = b[i + k] as number;
    v = (v << 4) | (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57);
  }
  return v;
}

/** Code point order of two keys (node indices; -1 is `extra`, whose key is ASCII). */
function compareKeys(t: Tape, a: number, b: number, extra: ExtraEntry | undefined): number {
  if (a === -1) return -compareKeys(t, b, a, extra);
  if (t.kind[a] === Kind.StrEscaped || (b !== -1 && t.kind[b] === Kind.StrEscaped)) {
    const ka = keyText(t, a);
    const kb = b === -1 ? (extra as ExtraEntry).key : keyText(t, b);
    return ka === kb ? 0 : compareCodePoints(ka, kb);
  }
  // Unescaped UTF-8 (or the ASCII extra key): bytewise order is code point order.
  const bytes = t.bytes;
  let i = t.start[a] as number;
  const ea = t.end[a] as number;
  if (b === -1) {
    const key = (extra as ExtraEntry).key;
    let j = 0;
    for (; i < ea && j < key.length; i++, j++) {
      const d = (bytes[i] as number) - key.charCodeAt(j);
      if (d !== 0) return d;
    }
    return ea - i - (key.length - j);
  }
  let j = t.start[b] as number;
  const eb = t.end[b] as number;
  for (; i < ea && j < eb; i++, j++) {
    const d = (bytes[i] as number) - (bytes[j] as number);
    if (d !== 0) return d;
  }
  return ea - i - (eb - j);
}

/** Whether string node `k` spells `name` (ASCII), without making a string when it is unescaped. */
export function keyIs(t: Tape, k: number, name: string): boolean {
  if (t.kind[k] === Kind.StrEscaped) return keyText(t, k) === name;
  const s = t.start[k] as number;
  if ((t.end[k] as number) - s !== name.length) return false;
  const b = t.bytes;
  for (let i = 0; i < name.length; i++) if (b[s + i] !== name.charCodeAt(i)) return false;
  return true;
}

/** A string node's value as a JS string (escaped ones decoded once per line and kept). */
export function keyText(t: Tape, n: number): string {
  const view = t.bytes;
  const s = t.start[n] as number;
  const e = t.end[n] as number;
  switch (t.kind[n] as Kind) {
    case Kind.StrPlain: return view.toString('latin1', s, e);
    case Kind.StrUtf8: return view.toString('utf8', s, e);
    default: {
      const kept = t.textOf(n);
      if (kept !== undefined) return kept;
      const text = parseJson(view.toString('utf8', s - 1, e + 1)) as string;
      t.keepText(n, text);
      return text;
    }
  }
}
