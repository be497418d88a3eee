// pydantic 2's lax `int` coercion, for Zaxy's legacy `seq: int = Field(ge=1)`: Zaxy accepts any
// JSON value pydantic turns into an int and then seals that int, not the value as written, so
// `"seq":"01"` is hashed as 1. Measured on pydantic 2.14.4 / pydantic-core 2.50.5 (the versions
// zaxy-memory 3.2.0 runs with); see test/eventloom/zaxy-fields.test.ts.
import { JsonNumber, type JsonValue } from './json.js';

// pydantic-core trims a string with Rust's str::trim (Unicode White_Space) before parsing it.
const SPACE = '[\\t\\n\\v\\f\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const TRIM = new RegExp(`^${SPACE}+|${SPACE}+$`, 'g');
// A sign, ASCII digits with single underscores between them, and optionally "." and only zeros.
const LAX_INT = /^([+-]?)([0-9]+(?:_[0-9]+)*)(?:\.0+)?$/;
/** Python's int_max_str_digits; pydantic does not count leading zeros against it. */
const MAX_DIGITS = 4300;
/** pydantic-core converts a float through an i64. */
const I64_LIMIT = 2 ** 63;

/** The int pydantic makes of `value`, as Python's json.dumps writes it; null where it raises. */
export function pydanticInt(value: JsonValue | undefined): string | null {
  if (value === true) return '1';
  if (value === false) return '0';
  if (typeof value === 'string') return fromString(value);
  if (!(value instanceof JsonNumber)) return null;
  if (value.kind === 'int') return BigInt(value.text).toString(); // json.loads made a Python int
  const x = Number(value.text); // the same IEEE double Python's float() gives; NaN for NaN
  return Number.isInteger(x) && Math.abs(x) < I64_LIMIT ? BigInt(x).toString() : null;
}

function fromString(text: string): string | null {
  const match = LAX_INT.exec(text.replace(TRIM, ''));
  if (!match) return null;
  const digits = (match[2] as string).replaceAll('_', '').replace(/^0+(?=[0-9])/, '');
  if (digits.length > MAX_DIGITS) return null;
  const value = BigInt(digits);
  return (match[1] === '-' ? -value : value).toString();
}

/** Whether pydantic's int is >= 1 (Zaxy's `ge=1`), given pydanticInt's text. */
export function isPositiveInt(text: string | null): text is string {
  return text !== null && !text.startsWith('-') && text !== '0';
}
