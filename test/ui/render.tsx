// Renders a component to text at a fixed width, the way the panes are snapshotted.
import type { ReactNode } from 'react';
import { renderToString } from 'ink';
import { ThemeContext } from '../../source/ui/theme-context.js';
import { createTheme, type Theme } from '../../source/ui/theme.js';

export const UNICODE_THEME = createTheme({ colorMode: 'never', ascii: false });
export const ASCII_THEME = createTheme({ colorMode: 'never', ascii: true });

export function frame(node: ReactNode, columns: number, theme: Theme = UNICODE_THEME): string[] {
  const text = renderToString(<ThemeContext.Provider value={theme}>{node}</ThemeContext.Provider>, { columns });
  return text === '' ? [] : text.split('\n');
}

/** Terminal cells of a plain string: wide East Asian characters take two. */
export function cells(line: string): number {
  let n = 0;
  for (const ch of line) {
    const c = ch.codePointAt(0)!;
    n += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xff60) ? 2 : 1;
  }
  return n;
}

/** The frame fits its box: no line wider than `columns`, no more lines than `rows`. */
export function assertFits(lines: readonly string[], columns: number, rows: number): void {
  if (lines.length > rows) throw new Error(`frame has ${lines.length} lines, more than ${rows}:\n${lines.join('\n')}`);
  for (const line of lines) {
    if (cells(line) > columns) throw new Error(`line wider than ${columns}: ${JSON.stringify(line)}`);
  }
}

/** No escape or control byte reaches the terminal (frames are plain text without FORCE_COLOR). */
export function assertInert(lines: readonly string[]): void {
  for (const line of lines) {
    if (/[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/.test(line)) throw new Error(`control character in ${JSON.stringify(line)}`);
  }
}
