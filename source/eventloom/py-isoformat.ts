// Zaxy's Event validates its timestamp with `datetime.fromisoformat(v.replace("Z", "+00:00"))`
// and keeps the string as written (the seal covers the original text). A timestamp that makes
// Python raise makes Zaxy raise on the whole log, so we must know exactly which strings CPython
// 3.11 accepts. This is a port of its C parser (Modules/_datetimemodule.c, 3.11): it reads the
// string's UTF-8 bytes up to their NUL terminator, which is where its quirks come from (any one
// character separates date and time, an embedded NUL ends the string, fraction digits past six
// are skipped, "HH:MM:SS:ff" reads ff as a fraction). test/eventloom/zaxy-fields.test.ts checks
// it against python3 itself.

// The string being parsed, as UTF-8 bytes (one char code per byte), read through at(): the
// first `cut` bytes of `s` followed by `suffix`, n bytes in all. The suffix lets the common
// "…Z" timestamp be read as "…+00:00" without building that string (this runs once per line).
let s = '';
let cut = 0;
let suffix = '';
let n = 0;

const DASH = 0x2d;
const COLON = 0x3a;
const PLUS = 0x2b;
const DOT = 0x2e;
const COMMA = 0x2c;
const UPPER_W = 0x57;
const UPPER_Z = 0x5a;
/** Scales a fraction of k digits (index k) to microseconds. */
const FRACTION_SCALE = [1, 100000, 10000, 1000, 100, 10, 1];
const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether Zaxy's Event timestamp validator accepts `timestamp`. */
export function zaxyTimestampOk(timestamp: string): boolean {
  const z = timestamp.indexOf('Z');
  if (z < 0) return pyFromIsoformatOk(timestamp);
  if (z === timestamp.length - 1 && isAscii(timestamp)) return parse(timestamp, z, '+00:00');
  return pyFromIsoformatOk(timestamp.replaceAll('Z', '+00:00'));
}

/** Whether CPython 3.11's `datetime.fromisoformat(text)` returns rather than raises. */
export function pyFromIsoformatOk(text: string): boolean {
  const bytes = utf8(text);
  return bytes !== null && parse(bytes, bytes.length, '');
}

function parse(bytes: string, length: number, tail: string): boolean {
  s = bytes;
  cut = length;
  suffix = tail;
  n = length + tail.length;
  const ok = n >= 7 && parseDatetime();
  s = '';
  return ok;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** The C code's view of the string: UTF-8 bytes, or null where it refuses before parsing. */
function utf8(text: string): string | null {
  if (isAscii(text)) return text.length < 7 ? null : text;
  const points = Array.from(text); // Python counts code points; a lone surrogate is one
  if (points.length < 7) return null;
  // A lone surrogate is allowed only as the separator (code point 7, 8 or 10): it becomes 'T'.
  for (const pos of [7, 8, 10]) {
    if (pos > points.length) break;
    if (isLoneSurrogate(points[pos])) {
      points[pos] = 'T';
      break;
    }
  }
  // Any other surrogate fails the UTF-8 encoding, which the C code reports as an invalid string.
  if (points.some(isLoneSurrogate)) return null;
  return Buffer.from(points.join(''), 'utf8').toString('latin1');
}

function isLoneSurrogate(point: string | undefined): boolean {
  if (point === undefined || point.length !== 1) return false;
  const c = point.charCodeAt(0);
  return c >= 0xd800 && c <= 0xdfff;
}

/** The byte at i; past the end, the NUL terminator the C code relies on. */
function at(i: number): number {
  return i < cut ? s.charCodeAt(i) : i < n ? suffix.charCodeAt(i - cut) : 0;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** parse_digits: the value of `count` digits at p, or -1. */
function digits(p: number, count: number): number {
  let v = 0;
  for (let i = 0; i < count; i++) {
    const c = at(p + i);
    if (!isDigit(c)) return -1;
    v = v * 10 + (c - 0x30);
  }
  return v;
}

function parseDatetime(): boolean {
  const sep = separatorLocation();
  // -1 is "YYYY-Www-" (9 bytes): the C code goes on to read a weekday digit at the NUL and fails.
  if (sep < 0 || !parseDate(sep)) return false;
  time.fill(0);
  if (n > sep) {
    // Skip the separator, one UTF-8 character judged by its lead byte.
    const lead = at(sep);
    const p = sep + ((lead & 0x80) === 0 ? 1 : (lead & 0xf0) === 0xe0 ? 3 : (lead & 0xf0) === 0xf0 ? 4 : 2);
    if (!parseTime(p)) return false;
  }
  if (date[0] < 1 || date[0] > 9999 || date[1] < 1 || date[1] > 12) return false;
  if (date[2] < 1 || date[2] > daysInMonth(date[0], date[1])) return false;
  return time[0] <= 23 && time[1] <= 59 && time[2] <= 59;
}

/** _find_isoformat_datetime_separator: where the date ends (7, 8 or 10; -1 for "YYYY-Www-"). */
function separatorLocation(): number {
  if (n === 7) return 7;
  if (at(4) === DASH) {
    if (at(5) !== UPPER_W) return 10; // YYYY-MM-DD
    if (n > 8 && at(8) === DASH) {
      if (n === 9) return -1;
      return n > 10 && isDigit(at(10)) ? 8 : 10; // YYYY-Www-HH… or YYYY-Www-D
    }
    return 8; // YYYY-Www
  }
  if (at(4) !== UPPER_W) return 8; // YYYYMMDD
  // YYYYWww or YYYYWwwd: time digits come in pairs, so an odd run of digits means a weekday.
  let idx = 7;
  while (idx < n && isDigit(at(idx))) idx++;
  if (idx < 9) return idx;
  return idx % 2 === 0 ? 7 : 8;
}

// [year, month, day], the time's and the UTC offset's [hour, minute, second, microsecond].
const date: [number, number, number] = [0, 0, 0];
const time: [number, number, number, number] = [0, 0, 0, 0];
const offset: [number, number, number, number] = [0, 0, 0, 0];

/** parse_isoformat_date; `len` (the separator location) only bounds an ISO weekday. */
function parseDate(len: number): boolean {
  const year = digits(0, 4);
  if (year < 0) return false;
  let p = 4;
  const usesSeparator = at(p) === DASH;
  if (usesSeparator) p++;
  if (at(p) === UPPER_W) {
    const week = digits(p + 1, 2);
    if (week < 0) return false;
    p += 3;
    let day = 1;
    if (p < len) {
      if (usesSeparator && at(p++) !== DASH) return false;
      day = digits(p, 1);
      if (day < 0) return false;
    }
    return isoToYmd(year, week, day);
  }
  const month = digits(p, 2);
  if (month < 0) return false;
  p += 2;
  if (usesSeparator && at(p++) !== DASH) return false;
  const day = digits(p, 2);
  if (day < 0) return false;
  date[0] = year;
  date[1] = month;
  date[2] = day;
  return true;
}

/** iso_to_ymd (3.11 also refuses ISO years outside 1..9999, which the date check then repeats). */
function isoToYmd(year: number, week: number, day: number): boolean {
  if (year < 1 || year > 9999) return false;
  const jan1 = Date.UTC(2000, 0, 1) + (ordinal(year, 1, 1) - ordinal(2000, 1, 1)) * 86400000;
  const jan1Weekday = (new Date(jan1).getUTCDay() + 6) % 7; // Monday = 0
  if (week < 1 || week > 53) return false;
  if (week === 53 && !(jan1Weekday === 3 || (jan1Weekday === 2 && isLeap(year)))) return false;
  if (day < 1 || day > 7) return false;
  const week1Monday = jan1 + ((jan1Weekday > 3 ? 7 : 0) - jan1Weekday) * 86400000;
  const result = new Date(week1Monday + ((week - 1) * 7 + day - 1) * 86400000);
  date[0] = result.getUTCFullYear();
  date[1] = result.getUTCMonth() + 1;
  date[2] = result.getUTCDate();
  return true;
}

/** Days since 0001-01-01 plus one (proleptic Gregorian), as the C code's ymd_to_ord. */
function ordinal(year: number, month: number, day: number): number {
  const y = year - 1;
  let days = y * 365 + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400);
  for (let m = 1; m < month; m++) days += daysInMonth(year, m);
  return days + day;
}

function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month] as number);
}

/** parse_isoformat_time from p to the end, plus the offset range check of the tzinfo. */
function parseTime(p: number): boolean {
  let tz = p;
  do {
    const c = at(tz);
    if (c === UPPER_Z || c === PLUS || c === DASH) break;
  } while (++tz < n);
  const rv = hhmmssff(p, tz, time);
  if (rv < 0) return false;
  if (tz === n) return rv === 0; // 1: something other than a time follows
  if (at(tz) === UPPER_Z) return at(tz + 1) === 0;
  if (hhmmssff(tz + 1, n, offset) !== 0) return false;
  // timezone() needs an offset strictly inside ±24 h; its fraction never tips it over.
  return offset[0] * 3600 + offset[1] * 60 + offset[2] < 86400;
}

/** parse_hh_mm_ss_ff: HH[:?MM[:?SS[{.,}f…]]] from p, ending at `end`; 0 ok, 1 more follows, <0 bad. */
function hhmmssff(start: number, end: number, out: number[]): number {
  out.fill(0);
  let p = start;
  let hasSeparator = true;
  for (let i = 0; i < 3; i++) {
    const v = digits(p, 2);
    if (v < 0) return -3;
    out[i] = v;
    p += 2;
    const c = at(p++);
    if (i === 0) hasSeparator = c === COLON;
    if (p >= end) return c !== 0 ? 1 : 0;
    if (hasSeparator && c === COLON) continue;
    if (c === DOT || c === COMMA) break;
    if (hasSeparator) return -4;
    p--;
  }
  const count = Math.min(end - p, 6);
  const fraction = digits(p, count);
  if (fraction < 0) return -3;
  out[3] = fraction * (FRACTION_SCALE[count] as number);
  p += count;
  while (isDigit(at(p))) p++;
  return at(p) !== 0 ? 1 : 0;
}

/**
 * A quick yes for the shape Zaxy writes, read from bytes without making a string:
 * YYYY-MM-DDTHH:MM:SS, optionally .fff or .ffffff, then Z or ±HH:MM, with every field in range.
 * False means "ask zaxyTimestampOk", never "invalid": it accepts only what that accepts.
 */
export function isoTimestampFast(b: Uint8Array, s: number, e: number): boolean {
  const length = e - s;
  if (length < 20) return false;
  const year = byteDigits(b, s, 4);
  const month = byteDigits(b, s + 5, 2);
  const day = byteDigits(b, s + 8, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1 || b[s + 4] !== DASH || b[s + 7] !== DASH || b[s + 10] !== 0x54) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month] as number))) return false;
  if (!inRange(byteDigits(b, s + 11, 2), 23) || !inRange(byteDigits(b, s + 14, 2), 59) || !inRange(byteDigits(b, s + 17, 2), 59)) return false;
  if (b[s + 13] !== COLON || b[s + 16] !== COLON) return false;
  let i = s + 19;
  if (b[i] === DOT) {
    const fraction = length === 24 || length === 29 ? 3 : length === 27 || length === 32 ? 6 : 0;
    if (fraction === 0 || byteDigits(b, i + 1, fraction) < 0) return false;
    i += 1 + fraction;
  }
  if (e - i === 1) return b[i] === UPPER_Z;
  if (e - i !== 6 || (b[i] !== PLUS && b[i] !== DASH) || b[i + 3] !== COLON) return false;
  return inRange(byteDigits(b, i + 1, 2), 23) && inRange(byteDigits(b, i + 4, 2), 59);
}

function inRange(value: number, max: number): boolean {
  return value >= 0 && value <= max;
}

/** The value of `count` ASCII digits at `at`, or -1 if one is not a digit. */
function byteDigits(b: Uint8Array, at: number, count: number): number {
  let v = 0;
  for (let i = at; i < at + count; i++) {
    const d = (b[i] as number) - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}
