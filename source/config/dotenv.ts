// The two env-file dialects Zaxy reads. `<root>/.env` goes through pydantic-settings, which uses
// python-dotenv (quotes, escapes, `export `, inline comments, `${VAR:-default}` expansion).
// `<root>/.env.local` is read by Zaxy's own `_read_env_profile` (cli/serving.py), a much simpler
// splitter; reading it with the dotenv rules would disagree with Zaxy on quoted or exported lines.

/** python-dotenv 1.2 `dotenv_values(path)`: later duplicates win, keys without `=` are dropped. */
export function parseDotenv(text: string, environment: Readonly<Record<string, string | undefined>> = {}): Map<string, string> {
  const raw: Array<[string, string | null]> = [];
  let pos = 0;
  const read = (re: RegExp): RegExpExecArray | null => {
    re.lastIndex = pos;
    const match = re.exec(text);
    if (match) pos += match[0].length;
    return match;
  };
  while (pos < text.length) {
    const lineStart = pos;
    read(/[\s]*/y);
    if (pos >= text.length) break;
    const binding = parseBinding(read, () => text.charAt(pos));
    if (binding === 'error') {
      pos = lineStart;
      read(/[^\r\n]*(?:\r\n|\n|\r)?/y);
      continue;
    }
    if (binding) raw.push(binding);
  }
  return interpolate(raw, environment);
}

type Reader = (re: RegExp) => RegExpExecArray | null;

function parseBinding(read: Reader, peek: () => string): [string, string | null] | null | 'error' {
  read(/(?:export[^\S\r\n]+)?/y);
  let key: string | null;
  if (peek() === '#') key = null;
  else {
    const match = peek() === "'" ? read(/'([^']+)'/y) : read(/([^=#\s]+)/y);
    if (!match) return 'error';
    key = match[1] ?? null;
  }
  read(/[^\S\r\n]*/y);
  let value: string | null = null;
  if (peek() === '=') {
    const equal = read(/(=[^\S\r\n]*)/y);
    // `KEY= # note` is an empty value; `KEY=#x` keeps the `#` (python-dotenv's rule).
    if ((equal?.[1]?.length ?? 0) > 1 && peek() === '#') value = '';
    else {
      const parsed = parseValue(read, peek);
      if (parsed === null) return 'error';
      value = parsed;
    }
  }
  read(/(?:[^\S\r\n]*#[^\r\n]*)?/y);
  if (!read(/[^\S\r\n]*(?:\r\n|\n|\r|$)/y)) return 'error';
  return key === null ? null : [key, value];
}

function parseValue(read: Reader, peek: () => string): string | null {
  const first = peek();
  if (first === "'") {
    const match = read(/'((?:\\.|[^'\\])*)'/sy);
    return match ? (match[1] ?? '').replace(/\\[\\']/g, (m) => m.charAt(1)) : null;
  }
  if (first === '"') {
    const match = read(/"((?:\\.|[^"\\])*)"/sy);
    return match ? (match[1] ?? '').replace(/\\[\\'"abfnrtv]/g, (m) => DOUBLE_QUOTE_ESCAPES[m.charAt(1)] ?? m) : null;
  }
  if (first === '' || first === '\n' || first === '\r') return '';
  const match = read(/([^\r\n]*)/y);
  return (match?.[1] ?? '').replace(/\s+#.*/, '').trimEnd();
}

const DOUBLE_QUOTE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

/** `${NAME}` / `${NAME:-default}`: earlier keys of the same file win over the environment. */
function interpolate(raw: ReadonlyArray<[string, string | null]>, environment: Readonly<Record<string, string | undefined>>): Map<string, string> {
  const resolved = new Map<string, string | null>();
  for (const [key, value] of raw) {
    if (value === null) {
      resolved.set(key, null);
      continue;
    }
    const expanded = value.replace(/\$\{([^}:]*)(?::-([^}]*))?\}/g, (_m, name: string, fallback: string | undefined) => {
      if (resolved.has(name)) return resolved.get(name) ?? '';
      const fromEnv = environment[name];
      return fromEnv ?? fallback ?? '';
    });
    resolved.set(key, expanded);
  }
  const out = new Map<string, string>();
  for (const [key, value] of resolved) if (value !== null) out.set(key, value);
  return out;
}

/** Zaxy `_read_env_profile`: trim, skip `#` and lines without `=`, strip quote characters. */
export function parseEnvProfile(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r\n|\n|\r/)) {
    const stripped = line.trim();
    if (!stripped || stripped.startsWith('#') || !stripped.includes('=')) continue;
    const at = stripped.indexOf('=');
    out.set(stripped.slice(0, at).trim(), stripQuoteChars(stripQuoteChars(stripped.slice(at + 1).trim(), '"'), "'"));
  }
  return out;
}

/** Python's `str.strip(chars)` for one character: removes every leading and trailing copy. */
function stripQuoteChars(value: string, quote: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && value[start] === quote) start++;
  while (end > start && value[end - 1] === quote) end--;
  return value.slice(start, end);
}
