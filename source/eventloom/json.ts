// A JSON reader that keeps what hashing needs and JSON.parse throws away: each number's source
// text (int versus float, big integers, exact digits) and Python's bare NaN/Infinity tokens.
// It accepts exactly what CPython's `json.loads` accepts (strict mode), so a line is malformed
// here iff it is malformed for Zaxy. Objects are Maps: a duplicate key keeps its first position
// and takes the last value, as both Python dicts and JS objects do.

export class JsonNumber {
  constructor(
    readonly kind: 'int' | 'float',
    /** The number as written; `NaN`, `Infinity`, `-Infinity` for Python's bare tokens. */
    readonly text: string,
  ) {}
}

export type JsonObject = Map<string, JsonValue>;
export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | JsonObject;

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    /** 0-based character index in the parsed text. */
    readonly position: number,
  ) {
    super(`${message} at column ${position + 1}`);
    this.name = 'JsonSyntaxError';
  }
}

/** CPython's json recursion guard fails near its default recursion limit of 1000 frames. */
const PY_MAX_DEPTH = 990;

/** CPython 3.11+ refuses to convert integers with more digits than this (sys.int_info). */
const PY_INT_MAX_STR_DIGITS = 4300;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** What a parse saw besides the value. */
export interface ParseInfo {
  /** The text used NaN/Infinity/-Infinity, which JSON.parse (the Eventloom runtime) refuses. */
  pythonOnly: boolean;
}

export function parseJson(text: string, info?: ParseInfo): JsonValue {
  if (text.charCodeAt(0) === 0xfeff) throw new JsonSyntaxError('Unexpected UTF-8 BOM', 0);
  const parser = new Parser(text);
  parser.skipWhitespace();
  const value = parser.value();
  parser.skipWhitespace();
  if (parser.pos < text.length) throw new JsonSyntaxError('Extra data', parser.pos);
  if (info) info.pythonOnly = parser.pythonOnly;
  return value;
}

class Parser {
  pos = 0;
  pythonOnly = false;
  private depth = 0;
  constructor(private readonly s: string) {}

  skipWhitespace(): void {
    const s = this.s;
    let i = this.pos;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
    this.pos = i;
  }

  value(): JsonValue {
    const s = this.s;
    const c = s.charCodeAt(this.pos);
    switch (c) {
      case QUOTE:
        return this.string();
      case 0x7b: // {
        return this.object();
      case 0x5b: // [
        return this.array();
      case 0x74: // t
        return this.literal('true', true);
      case 0x66: // f
        return this.literal('false', false);
      case 0x6e: // n
        return this.literal('null', null);
      case 0x4e: // N
        this.pythonOnly = true;
        return this.literal('NaN', new JsonNumber('float', 'NaN'));
      case 0x49: // I
        this.pythonOnly = true;
        return this.literal('Infinity', new JsonNumber('float', 'Infinity'));
      default:
        if (c === 0x2d && s.startsWith('-Infinity', this.pos)) {
          this.pythonOnly = true;
          this.pos += 9;
          return new JsonNumber('float', '-Infinity');
        }
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
        throw new JsonSyntaxError('Expecting value', this.pos);
    }
  }

  private literal<T extends JsonValue>(word: string, result: T): T {
    if (!this.s.startsWith(word, this.pos)) throw new JsonSyntaxError('Expecting value', this.pos);
    this.pos += word.length;
    return result;
  }

  private number(): JsonNumber {
    const s = this.s;
    const start = this.pos;
    let i = start;
    if (s.charCodeAt(i) === 0x2d) i++;
    const intStart = i;
    let c = s.charCodeAt(i);
    if (c === 0x30) i++;
    else if (c >= 0x31 && c <= 0x39) {
      do i++;
      while (isDigit(s.charCodeAt(i)));
    } else throw new JsonSyntaxError('Expecting value', start);
    const intEnd = i;
    let float = false;
    c = s.charCodeAt(i);
    if (c === 0x2e && isDigit(s.charCodeAt(i + 1))) {
      float = true;
      i += 2;
      while (isDigit(s.charCodeAt(i))) i++;
      c = s.charCodeAt(i);
    }
    if (c === 0x65 || c === 0x45) {
      let j = i + 1;
      const sign = s.charCodeAt(j);
      if (sign === 0x2b || sign === 0x2d) j++;
      if (isDigit(s.charCodeAt(j))) {
        float = true;
        do j++;
        while (isDigit(s.charCodeAt(j)));
        i = j;
      }
    }
    // Python's scanner stops before a lone '.', 'e' or a second leading zero; whatever follows is
    // then rejected by the caller's delimiter check, exactly as json.loads rejects it.
    this.pos = i;
    if (!float && intEnd - intStart > PY_INT_MAX_STR_DIGITS) {
      throw new JsonSyntaxError(`Integer has ${intEnd - intStart} digits, over Python's limit of ${PY_INT_MAX_STR_DIGITS}`, start);
    }
    return new JsonNumber(float ? 'float' : 'int', s.slice(start, i));
  }

  private string(): string {
    const s = this.s;
    const start = ++this.pos;
    let i = start;
    // Fast path: no escapes, so the value is a slice of the source.
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === QUOTE) {
        this.pos = i + 1;
        return s.slice(start, i);
      }
      if (c === BACKSLASH) break;
      if (c < 0x20 || c !== c) this.controlOrEnd(i);
      i++;
    }
    let out = s.slice(start, i);
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === QUOTE) {
        this.pos = i + 1;
        return out;
      }
      if (c === BACKSLASH) {
        const e = s.charCodeAt(i + 1);
        i += 2;
        switch (e) {
          case QUOTE: out += '"'; break;
          case BACKSLASH: out += '\\'; break;
          case 0x2f: out += '/'; break;
          case 0x62: out += '\b'; break;
          case 0x66: out += '\f'; break;
          case 0x6e: out += '\n'; break;
          case 0x72: out += '\r'; break;
          case 0x74: out += '\t'; break;
          case 0x75: {
            const unit = hex4(s, i);
            if (unit < 0) throw new JsonSyntaxError('Invalid \\uXXXX escape', i - 1);
            // Lone surrogates are kept as the single code unit, as Python keeps them.
            out += String.fromCharCode(unit);
            i += 4;
            break;
          }
          default:
            if (e !== e) throw new JsonSyntaxError('Unterminated string starting', start - 1);
            throw new JsonSyntaxError('Invalid \\escape', i - 2);
        }
        continue;
      }
      if (c < 0x20 || c !== c) this.controlOrEnd(i);
      const segment = i;
      do i++;
      while (isPlain(s.charCodeAt(i)));
      out += s.slice(segment, i);
    }
  }

  private controlOrEnd(i: number): never {
    if (i >= this.s.length) throw new JsonSyntaxError('Unterminated string starting', this.pos - 1);
    throw new JsonSyntaxError('Invalid control character', i);
  }

  private enter(): void {
    if (++this.depth > PY_MAX_DEPTH) throw new JsonSyntaxError(`Nesting deeper than ${PY_MAX_DEPTH} levels (Python raises RecursionError)`, this.pos);
  }

  private object(): JsonObject {
    const s = this.s;
    const map: JsonObject = new Map();
    this.enter();
    this.pos++;
    this.skipWhitespace();
    if (s.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      this.depth--;
      return map;
    }
    for (;;) {
      if (s.charCodeAt(this.pos) !== QUOTE) {
        throw new JsonSyntaxError('Expecting property name enclosed in double quotes', this.pos);
      }
      const key = this.string();
      this.skipWhitespace();
      if (s.charCodeAt(this.pos) !== 0x3a) throw new JsonSyntaxError("Expecting ':' delimiter", this.pos);
      this.pos++;
      this.skipWhitespace();
      map.set(key, this.value());
      this.skipWhitespace();
      const c = s.charCodeAt(this.pos);
      this.pos++;
      if (c === 0x7d) {
        this.depth--;
        return map;
      }
      if (c !== 0x2c) throw new JsonSyntaxError("Expecting ',' delimiter", this.pos - 1);
      this.skipWhitespace();
    }
  }

  private array(): JsonValue[] {
    const s = this.s;
    const items: JsonValue[] = [];
    this.enter();
    this.pos++;
    this.skipWhitespace();
    if (s.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      this.depth--;
      return items;
    }
    for (;;) {
      items.push(this.value());
      this.skipWhitespace();
      const c = s.charCodeAt(this.pos);
      this.pos++;
      if (c === 0x5d) {
        this.depth--;
        return items;
      }
      if (c !== 0x2c) throw new JsonSyntaxError("Expecting ',' delimiter", this.pos - 1);
      this.skipWhitespace();
    }
  }
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isPlain(c: number): boolean {
  return c >= 0x20 && c !== QUOTE && c !== BACKSLASH;
}

function hex4(s: string, i: number): number {
  let v = 0;
  for (let k = 0; k < 4; k++) {
    const c = s.charCodeAt(i + k);
    let d: number;
    if (c >= 0x30 && c <= 0x39) d = c - 0x30;
    else if (c >= 0x61 && c <= 0x66) d = c - 0x57;
    else if (c >= 0x41 && c <= 0x46) d = c - 0x37;
    else return -1;
    v = (v << 4) | d;
  }
  return v;
}

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return value instanceof Map;
}
