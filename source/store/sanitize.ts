// The one sanitiser. Everything user-controlled (event types, payload summaries, metric label
// values, error messages, child output) passes through `toDisplayText` where it enters a view
// model, so no byte that reaches Ink can move the cursor, change colours, retitle the terminal or
// reorder text. Ink measures what it prints; anything it cannot measure (tabs, controls) is
// replaced so columns stay aligned.

// String sequences (OSC, DCS, SOS, PM, APC) run to BEL or ST; an unterminated one swallows the
// rest of the text, as a terminal would, rather than leaking its payload.
const STRING_SEQUENCE = /(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[\s\S]*?(?:\x07|\x1b\\|\x9c|$)/g;
// CSI with parameter and intermediate bytes; the final byte may be missing at the end of text.
const CSI_SEQUENCE = /(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?/g;
// Two- and three-byte escapes: charset selection `ESC ( B`, reset `ESC c`, keypad modes.
const SHORT_ESCAPE = /\x1b[\x20-\x2f]*[\x30-\x7e]?/g;
// C0 (bar tab and newline, handled below), DEL, C1.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
// Bidi embeddings, overrides, isolates and marks: they let text render in a different order
// than it is stored ("Trojan Source").
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;
const LINE_SEPARATORS = /[\u2028\u2029\u0085]/g;

export interface DisplayTextOptions {
  /** Keep `\n` line breaks (detail views); otherwise they become spaces. */
  readonly multiline?: boolean;
  /** Cut after this many characters, ending with `…`. */
  readonly maxLength?: number;
}

// Every rewrite below needs one of these characters. Most text has none (the view models are
// rebuilt on every poll, and the console's idle CPU is mostly such small work), so it skips them.
const NEEDS_CLEANING = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

export function toDisplayText(value: unknown, options: DisplayTextOptions = {}): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : stringify(value);
  return truncated(NEEDS_CLEANING.test(text) ? cleaned(text, options.multiline === true) : text, options.maxLength);
}

/** The rewrites themselves, for any text (exported so tests can check the shortcut skips only no-ops). */
export function cleaned(input: string, multiline: boolean): string {
  let text = input.replace(/\r\n/g, '\n');
  // A `\r` progress line shows only what was written after its last carriage return.
  text = text
    .split('\n')
    .map((line) => {
      const trimmed = line.replace(/\r+$/, '');
      const at = trimmed.lastIndexOf('\r');
      return at === -1 ? trimmed : trimmed.slice(at + 1);
    })
    .join('\n');
  text = text
    .replace(STRING_SEQUENCE, '')
    .replace(CSI_SEQUENCE, '')
    .replace(SHORT_ESCAPE, '')
    .replace(LINE_SEPARATORS, multiline ? '\n' : ' ')
    .replace(CONTROL, '')
    .replace(BIDI, '')
    .replace(/\t/g, ' ');
  return multiline ? text : text.replace(/\n/g, ' ');
}

function truncated(text: string, max: number | undefined): string {
  // No string has more code points than UTF-16 units, so a short one needs no counting.
  if (max === undefined || max < 0 || text.length <= max) return text;
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return max === 0 ? '' : `${chars.slice(0, max - 1).join('')}…`;
}

function stringify(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value) ?? '';
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `${value}`;
  if (typeof value === 'symbol') return value.toString();
  return '[function]';
}
