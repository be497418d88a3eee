// The plain flag lines most runs use (`--root DIR --refresh 1 --readonly`), read without meow:
// importing meow and running it (it reads and normalises package.json) costs ~40 ms before the
// console's first frame (issue 5: first frame ≤ 400 ms). Anything this does not recognise as
// plain returns null and goes to meow, so every unusual form and its error stay meow's.
import type { CommandSpec } from './commands/command.js';

export interface RawFlags {
  readonly input: string[];
  /** Parsed values by flag key, defaults applied, as meow's `flags` has them. */
  readonly values: Record<string, unknown>;
}

/** What yargs-parser certainly reads as the same number; other spellings go to meow. */
const PLAIN_NUMBER = /^(0|[1-9]\d{0,14})(\.\d{1,15})?$/;

export const camel = (s: string): string => s.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
export const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * Declared long flags only (`--name value`, `--name=value`, `--flag`, `--no-flag`), each at most
 * once, no values that could be read as flags, and bare words only for a command that takes
 * them (`verify PATH…`); otherwise null.
 */
export function parsePlainFlags(spec: Pick<CommandSpec, 'flags' | 'positional'>, args: readonly string[]): RawFlags | null {
  const values: Record<string, unknown> = {};
  const input: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (spec.positional === true && arg !== '' && !arg.startsWith('-')) {
      input.push(arg); // meow keeps these as strings, in order
      continue;
    }
    if (!arg.startsWith('--') || arg === '--') return null;
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const negated = name.startsWith('no-') && !Object.hasOwn(spec.flags, camel(name));
    const key = camel(negated ? name.slice(3) : name);
    const flag = Object.hasOwn(spec.flags, key) ? spec.flags[key] : undefined;
    // Only the canonical spelling: yargs also accepts camelCase and aliases, meow can judge those.
    if (!flag || kebab(key) !== (negated ? name.slice(3) : name) || Object.hasOwn(values, key)) return null;
    if (flag.type === 'boolean') {
      if (eq !== -1) return null;
      values[key] = !negated;
      continue;
    }
    if (negated) return null;
    const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '' || value.startsWith('-')) return null;
    if (flag.type === 'number') {
      if (!PLAIN_NUMBER.test(value)) return null;
      values[key] = Number(value);
    } else {
      values[key] = value;
    }
  }
  for (const [key, flag] of Object.entries(spec.flags)) if (!Object.hasOwn(values, key) && flag.default !== undefined) values[key] = flag.default;
  return { input, values };
}
