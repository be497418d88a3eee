// Semantic colours and symbols. Components ask for a tone or a mark, never a raw colour, so
// NO_COLOR, `--color 16` and `--ascii` are one switch here rather than conditionals everywhere.
import type { Mark, Tone } from '../store/view-model.js';

export type ColorMode = 'never' | '16' | '256' | 'truecolor';
export const COLOR_MODES: readonly ColorMode[] = ['never', '16', '256', 'truecolor'];

export interface Theme {
  readonly colorMode: ColorMode;
  readonly ascii: boolean;
  /** An Ink colour for a tone, or undefined to print in the terminal's default colour. */
  readonly color: (tone: Tone | undefined) => string | undefined;
  readonly mark: (mark: Mark) => string;
  /** Sparkline levels, lowest first. */
  readonly sparkChars: readonly string[];
  readonly rule: string;
  readonly pointer: string;
  readonly ellipsis: string;
  /** Our own typographic characters (· — – … arrows) in ASCII under `--ascii`; identity otherwise. */
  readonly fold: (text: string) => string;
}

const NAMED: Record<Tone, string | undefined> = {
  normal: undefined,
  ok: 'green',
  warn: 'yellow',
  error: 'red',
  info: 'cyan',
  muted: 'gray',
  accent: 'blue',
  new: 'magenta',
};

// Chosen to stay readable on dark and light backgrounds; chalk downsamples hex to 256 colours.
const RICH: Record<Tone, string | undefined> = {
  normal: undefined,
  ok: '#5fd75f',
  warn: '#ffaf00',
  error: '#ff5f5f',
  info: '#5fafd7',
  muted: '#8a8a8a',
  accent: '#87afff',
  new: '#d787ff',
};

const UNICODE_MARKS: Record<Mark, string> = {
  ok: '✓',
  bad: '✗',
  unknown: '?',
  warn: '▲',
  up: '▲',
  new: '●',
  paused: '‖',
  running: '▶',
};

const ASCII_MARKS: Record<Mark, string> = {
  ok: '+',
  bad: 'x',
  unknown: '?',
  warn: '!',
  up: '^',
  new: '*',
  paused: '=',
  running: '>',
};

export const UNICODE_SPARK = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;
export const ASCII_SPARK = ['_', '.', '-', '~', '=', '+', '*', '#'] as const;

const ASCII_FOLD: Readonly<Record<string, string>> = { '·': '|', '—': '-', '–': '-', '…': '...', '←': '<', '→': '>', '↑': '^', '↓': 'v', '‖': '=' };
const FOLDABLE = /[·—–…←→↑↓‖]/g;
const foldToAscii = (text: string) => text.replace(FOLDABLE, (c) => ASCII_FOLD[c] ?? c);
const identity = (text: string) => text;

export function createTheme(options: { colorMode: ColorMode; ascii: boolean }): Theme {
  const palette = options.colorMode === 'never' ? null : options.colorMode === '16' ? NAMED : RICH;
  const marks = options.ascii ? ASCII_MARKS : UNICODE_MARKS;
  return {
    colorMode: options.colorMode,
    ascii: options.ascii,
    color: (tone) => (palette && tone ? palette[tone] : undefined),
    mark: (mark) => marks[mark],
    sparkChars: options.ascii ? ASCII_SPARK : UNICODE_SPARK,
    rule: options.ascii ? '-' : '─',
    pointer: options.ascii ? '>' : '›',
    ellipsis: options.ascii ? '...' : '…',
    fold: options.ascii ? foldToAscii : identity,
  };
}

/**
 * The colour mode from the flag and the environment: an explicit `--color` wins, then NO_COLOR
 * (any non-empty value, per no-color.org), then COLORTERM/TERM.
 */
export function resolveColorMode(flag: string | undefined, env: NodeJS.ProcessEnv): ColorMode {
  if (flag !== undefined && (COLOR_MODES as readonly string[]).includes(flag)) return flag as ColorMode;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 'never';
  if (env.TERM === 'dumb') return 'never';
  const colorterm = env.COLORTERM?.toLowerCase() ?? '';
  if (colorterm === 'truecolor' || colorterm === '24bit') return 'truecolor';
  if ((env.TERM ?? '').includes('256color')) return '256';
  return '16';
}

/** Unicode unless asked otherwise, or the locale says the terminal cannot show it. */
export function resolveAscii(flag: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  if (flag) return true;
  // Only the plain C/POSIX locale is taken as "no Unicode": an unset locale is common over SSH
  // on terminals that render Unicode fine.
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return /^(C|POSIX)$/i.test(locale);
}
