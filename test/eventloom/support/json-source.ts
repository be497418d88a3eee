// fast-check arbitraries that render JSON *source text* the way different writers spell it:
// raw or escaped non-ASCII, upper/lower hex escapes, every float spelling, big integers,
// Python's NaN/Infinity tokens, duplicate keys and random whitespace.
import fc from 'fast-check';

const ws = fc.constantFrom('', '', '', ' ', '\t', '\n', '\r\n  ');

const keyPool = ['a', 'A', 'b', 'B', '_x', '10', '9', '0', 'a_b', 'a-b', 'aa', 'ab', 'aB', 'e', 'é', 'task_id', 'taskId', 'taskid', 'Z', 'zz', 'Title', '__zaxy_security', 'fileHash', 'file_path', '\uffff', '\ue000', '😀', '\u{1F600}x', 'ü', 'Ω', '', ' ', '__proto__', '4294967295', '4294967294', '01'];

// Long runs of plain ASCII with a few others: the WebAssembly tape reads and writes strings 16 bytes at a time.
const longText = fc
  .array(fc.constantFrom('abcdefghijklmnopq', 'Zaxy memory ', 'é', '日本', '😀', '"', '\\', '\u0001', '\u007f', '\u0080', '/', 'x'), { maxLength: 14 })
  .map((parts) => parts.join(''));

/** A string value or key, spelled with a random mix of raw characters and escapes. */
export const jsonString = (unit: 'grapheme' | 'binary' = 'binary') =>
  fc.tuple(fc.oneof(fc.string({ unit, maxLength: 12 }), fc.constantFrom(...keyPool), fc.string({ unit: fc.constantFrom('\u0000', '\u001f', '\u007f', '\u0080', '\u2028', '\ufeff', '"', '\\', '/', '\b', '\n', '\ud83d', '\ude00', 'x') }), longText), fc.infiniteStream(fc.nat(5)))
    .map(([s, choices]) => renderString(s, choices));

function renderString(s: string, choices: Iterator<number>): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const choice = choices.next().value as number;
    const high = c >= 0xd800 && c <= 0xdbff;
    const low = c >= 0xdc00 && c <= 0xdfff;
    const pairedHigh = high && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff;
    if (pairedHigh && choice < 3) {
      out += s[i]! + s[i + 1]!; // a raw astral character
      i++;
      continue;
    }
    const mustEscape = c < 0x20 || c === 0x22 || c === 0x5c || high || low;
    if (mustEscape || choice === 0) {
      const short: Record<number, string> = { 0x22: '\\"', 0x5c: '\\\\', 0x08: '\\b', 0x0c: '\\f', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t', 0x2f: '\\/' };
      const hex = c.toString(16).padStart(4, '0');
      out += short[c] && choice !== 1 ? short[c] : `\\u${choice === 2 ? hex.toUpperCase() : hex}`;
    } else out += s[i]!;
  }
  return out + '"';
}

export const jsonInt = fc.oneof(
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.constantFrom('0', '-0', '18446744073709551616', '9007199254740993', '-9223372036854775809'),
);

export const jsonFloat = fc.oneof(
  fc.tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.nat(4)).map(([x, style]) => renderFloat(x, style)),
  fc.constantFrom('5.0', '1e-05', '1E+16', '1e16', '1000000000000000.0', '0.0001', '1.5e+300', '-0.0', '0.30000000000000004', '1e+22', '5e-324', '1e400', '-1e400', '2.5e-05', '1e-7', '0.00001', '1.0e0', '123456789012345678901234567890.5', '4.9e-324', '2.2250738585072014e-308'),
  // Exponent spellings at the edges of repr's exponent form (wasm/canon.c copies those that are repr).
  fc.constantFrom('1e+15', '1e+16', '1.0e+16', '1e+016', '2.5e-07', '1.25e-05', '1e-04', '1e-5', '1e-307', '1e-308', '1e+307', '1e+308', '1.7976931348623157e+308', '1.000000000000001e+16', '1.00000000000000e+16', '9.99999999999999e+307'),
  fc.constantFrom('NaN', 'Infinity', '-Infinity'),
);

function renderFloat(x: number, style: number): string {
  const text = Object.is(x, -0) ? '-0.0' : String(x);
  switch (style) {
    case 0: return /[.eE]/.test(text) ? text : `${text}.0`;
    case 1: return x.toExponential();
    case 2: return x.toExponential().replace('e+', 'E');
    case 3: return Math.abs(x) < 1e21 && Math.abs(x) > 1e-6 ? x.toFixed(6) : `${x.toExponential()}`;
    default: return Number.isInteger(x) && Math.abs(x) < 1e21 ? `${x}.0` : x.toExponential();
  }
}

const scalar = fc.oneof(jsonString(), jsonInt, jsonFloat, fc.constantFrom('null', 'true', 'false'));

/** A whole JSON document as source text. */
export const jsonSource: fc.Arbitrary<string> = fc.letrec<{ value: string; array: string; object: string }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('object')),
  array: fc.tuple(fc.array(fc.tuple(ws, tie('value'), ws), { maxLength: 5 }), ws).map(([items, w]) => `[${w}${items.map(([a, v, b]) => a + v + b).join(',')}]`),
  object: fc
    .tuple(fc.array(fc.tuple(ws, jsonString('grapheme'), ws, tie('value'), ws), { maxLength: 6 }), fc.boolean(), ws)
    .map(([entries, duplicate, w]) => {
      const pairs = entries.map(([a, k, b, v, c]) => `${a}${k}${b}:${c}${v}`);
      if (duplicate && entries.length > 0) pairs.push(`${entries[0]![1]}:${entries[entries.length - 1]![3]}`);
      return `{${w}${pairs.join(',')}}`;
    }),
})).value;

/** Source text with a random byte-level edit, mostly turning it into invalid JSON. */
export const mutatedJsonSource = fc
  .tuple(jsonSource, fc.nat(), fc.constantFrom('', ',', '}', ']', '"', '\\', '\u0001', '01', '.', 'e', '-', ' x', '\ufeff'))
  .map(([text, at, insert]) => {
    const i = at % (text.length + 1);
    return insert === '' ? text.slice(0, i) + text.slice(i + 1) : text.slice(0, i) + insert + text.slice(i);
  });
