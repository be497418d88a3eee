// The command palette's language: `:name [argument]`, completed from the keymap's commands and
// from what is on screen (session ids, backup names, flow ids). Pure, so completion is tested
// without typing into a terminal.
import type { Binding } from './keymap.js';

export interface PaletteCommand {
  readonly name: string;
  readonly help: string;
  readonly bindingId: Binding['id'] | null;
  /** What the argument names, used to pick completion candidates. */
  readonly argument: 'session' | 'backup' | 'flow' | null;
}

export interface FlowInfo {
  readonly id: string;
  readonly title: string;
  readonly danger: boolean;
}

const ARGUMENTS: Readonly<Record<string, PaletteCommand['argument']>> = { verify: 'session', rotate: 'session', restore: 'backup' };

/** Commands from the bindings (read-only mode drops the dangerous ones), plus `:run <flow>`. */
export function paletteCommands(bindings: readonly Binding[], readOnly: boolean): PaletteCommand[] {
  const fromBindings = bindings
    .filter((b) => b.command && !(readOnly && b.danger))
    .map((b) => ({ name: b.command!, help: b.help, bindingId: b.id, argument: ARGUMENTS[b.command!] ?? null }));
  return [...fromBindings, { name: 'run', help: 'Run an action flow by id', bindingId: null, argument: 'flow' }];
}

export interface ParsedCommand {
  readonly name: string;
  readonly args: readonly string[];
}

export function parsePalette(text: string): ParsedCommand {
  const words = text.replace(/^:/, '').trim().split(/\s+/).filter(Boolean);
  return { name: words[0] ?? '', args: words.slice(1) };
}

export interface Completion {
  /** The text after Tab: extended to the longest common prefix of the matches. */
  readonly text: string;
  /** Everything that still matches, for the suggestion line. */
  readonly suggestions: readonly string[];
}

export function completePalette(
  text: string,
  commands: readonly PaletteCommand[],
  candidates: Readonly<Record<'session' | 'backup' | 'flow', readonly string[]>>,
): Completion {
  const trailingSpace = /\s$/.test(text);
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0 || (words.length === 1 && !trailingSpace)) {
    const prefix = words[0] ?? '';
    const matches = commands.map((c) => c.name).filter((n) => n.startsWith(prefix));
    return extend(prefix, matches, (done) => (matches.length === 1 ? `${done} ` : done));
  }
  const command = commands.find((c) => c.name === words[0]);
  if (!command?.argument) return { text, suggestions: [] };
  const prefix = trailingSpace ? '' : (words[words.length - 1] ?? '');
  const matches = candidates[command.argument].filter((c) => c.startsWith(prefix));
  return extend(prefix, matches, (done) => `${command.name} ${done}`);
}

function extend(prefix: string, matches: readonly string[], build: (completed: string) => string): Completion {
  if (matches.length === 0) return { text: build(prefix), suggestions: [] };
  const common = matches.reduce((acc, m) => {
    let i = 0;
    while (i < acc.length && i < m.length && acc[i] === m[i]) i++;
    return acc.slice(0, i);
  });
  return { text: build(common.length >= prefix.length ? common : prefix), suggestions: matches };
}
