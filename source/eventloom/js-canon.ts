// jsCanon: the bytes Eventloom's TypeScript runtime hashes, i.e.
//   JSON.stringify(rebuild(v)), rebuild = Object.fromEntries(entries sorted by a.localeCompare(b))
// applied recursively. Object.fromEntries puts array-index keys first in numeric order, then
// the other keys in insertion (= collation) order, and the sort is stable, so ICU-equal keys keep
// their parse order. The output is UTF-8 text with raw non-ASCII.
import { JsonNumber, type JsonValue } from './json.js';

/** Thrown for values JSON.parse would have refused (Python's bare NaN/Infinity tokens). */
export class NotStrictJsonError extends Error {
  constructor(token: string) {
    super(`${token} is not valid JSON for the Eventloom runtime (JSON.parse rejects it)`);
    this.name = 'NotStrictJsonError';
  }
}

// `localeCompare` without arguments uses the default ICU locale; a cached collator with the same
// defaults gives the same order and is much faster.
const collator = new Intl.Collator();

export function jsCanon(value: JsonValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (value instanceof JsonNumber) return jsNumber(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += jsCanon(value[i] as JsonValue);
    }
    return out + ']';
  }
  let out = '{';
  let first = true;
  for (const key of jsKeyOrder([...value.keys()])) {
    if (!first) out += ',';
    first = false;
    out += JSON.stringify(key) + ':' + jsCanon(value.get(key) as JsonValue);
  }
  return out + '}';
}

export function jsNumber(n: JsonNumber): string {
  if (n.text === 'NaN' || n.text === 'Infinity' || n.text === '-Infinity') throw new NotStrictJsonError(n.text);
  // JSON.parse → number → JSON.stringify: big integers round, 1e400 becomes Infinity → "null".
  return JSON.stringify(Number(n.text));
}

/** The key order of Object.fromEntries(keys sorted stably by localeCompare). */
export function jsKeyOrder(keys: string[]): string[] {
  const sorted = keys.sort(collator.compare);
  let indexKeys: string[] | undefined;
  for (const key of sorted) {
    if (isArrayIndex(key)) (indexKeys ??= []).push(key);
  }
  if (!indexKeys) return sorted;
  indexKeys.sort((a, b) => Number(a) - Number(b));
  return [...indexKeys, ...sorted.filter((key) => !isArrayIndex(key))];
}

const MAX_ARRAY_INDEX = 2 ** 32 - 2;

function isArrayIndex(key: string): boolean {
  const c = key.charCodeAt(0);
  if (c < 0x30 || c > 0x39) return false;
  if (!/^(?:0|[1-9][0-9]{0,9})$/.test(key)) return false;
  return Number(key) <= MAX_ARRAY_INDEX;
}
