// pyCanon: the bytes of CPython's json.dumps(v, sort_keys=True, separators=(",",":"),
// ensure_ascii=True), which is what Zaxy hashes. The output is pure ASCII, so callers may hash
// the string as latin1/utf8 interchangeably.
import { JsonNumber, type JsonValue } from './json.js';

export function pyCanon(value: JsonValue): string {
  if (typeof value === 'string') return pyString(value);
  if (value === null) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (value instanceof JsonNumber) return pyNumber(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += pyCanon(value[i] as JsonValue);
    }
    return out + ']';
  }
  const keys = [...value.keys()].sort(compareCodePoints);
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (i > 0) out += ',';
    out += pyString(key) + ':' + pyCanon(value.get(key) as JsonValue);
  }
  return out + '}';
}

export function pyNumber(n: JsonNumber): string {
  if (n.kind === 'int') return n.text === '-0' ? '0' : n.text;
  return pyFloatRepr(Number(n.text));
}

/** Python's float repr: shortest round-trip digits, fixed for 1e-4 <= |x| < 1e16, else exponent. */
export function pyFloatRepr(x: number): string {
  if (x !== x) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  // Where both write fixed notation and x has a fraction, JS's shortest round-trip text is repr's
  // (the common case, and a third of the cost of the general path below).
  const magnitude = Math.abs(x);
  if (magnitude >= 1e-4 && magnitude < 1e16 && !Number.isInteger(x)) return String(x);
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  if (x === 0) return `${sign}0.0`;
  const exp = Math.abs(x).toExponential(); // "d.ddde+N": shortest round-trip digits
  const e = exp.indexOf('e');
  const digits = exp.slice(0, e).replace('.', '');
  const power = Number(exp.slice(e + 1));
  if (power >= -4 && power < 16) {
    if (power < 0) return `${sign}0.${'0'.repeat(-power - 1)}${digits}`;
    if (digits.length <= power + 1) return `${sign}${digits}${'0'.repeat(power + 1 - digits.length)}.0`;
    return `${sign}${digits.slice(0, power + 1)}.${digits.slice(power + 1)}`;
  }
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const absPower = Math.abs(power);
  return `${sign}${mantissa}e${power < 0 ? '-' : '+'}${absPower < 10 ? '0' : ''}${absPower}`;
}

// Printable ASCII except '"' and '\': emitted as-is, the overwhelmingly common case.
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const HEX = '0123456789abcdef';

export function pyString(s: string): string {
  if (PLAIN.test(s)) return `"${s}"`;
  let out = '"';
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c) continue;
    out += s.slice(run, i);
    run = i + 1;
    switch (c) {
      case 0x22: out += '\\"'; break;
      case 0x5c: out += '\\\\'; break;
      case 0x08: out += '\\b'; break;
      case 0x0c: out += '\\f'; break;
      case 0x0a: out += '\\n'; break;
      case 0x0d: out += '\\r'; break;
      case 0x09: out += '\\t'; break;
      // A JS string already holds astral characters as surrogate pairs, which is exactly the
      // \ud83d\ude00 form Python emits; lone surrogates are emitted alone, as Python does.
      default:
        out += '\\u' + HEX[(c >> 12) & 15] + HEX[(c >> 8) & 15] + HEX[(c >> 4) & 15] + HEX[c & 15];
    }
  }
  return out + s.slice(run) + '"';
}

/**
 * Orders strings by Unicode code point, as Python does. UTF-16 order (JS `<`) agrees except where
 * a surrogate meets a unit in U+E000–U+FFFF at the first difference; only then compare by code
 * points.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if ((x < 0xd800 || x >= 0xe000) && (y < 0xd800 || y >= 0xe000)) return x - y;
    return compareByCodePointIteration(a, b);
  }
  return a.length - b.length;
}

function compareByCodePointIteration(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const ca = ia.next();
    const cb = ib.next();
    if (ca.done || cb.done) return (ca.done ? 0 : 1) - (cb.done ? 0 : 1);
    const x = ca.value.codePointAt(0) ?? 0;
    const y = cb.value.codePointAt(0) ?? 0;
    if (x !== y) return x - y;
  }
}
