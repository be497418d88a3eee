// Key remapping from `$XDG_CONFIG_HOME/zaxy-console/config.json` (default `~/.config/…`):
//
//   { "keys": { "action.rotate": ["O"], "app.quit": "x" } }
//
// A binding's keys are replaced, not added to. Every mistake names the key it is about, because
// a console that silently ignores a typo in its config is worse than one that refuses to start.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ConsoleError, fileError } from '../errors.js';
import { defaultBindings, findConflicts, isValidKeyName, type Binding } from './keymap.js';

const configSchema = z
  .object({
    keys: z.record(z.union([z.string(), z.array(z.string()).min(1)])).optional(),
  })
  .strict();

export function keyConfigPath(env: NodeJS.ProcessEnv, home: string = homedir()): string {
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME !== '' ? env.XDG_CONFIG_HOME : join(home, '.config');
  return join(base, 'zaxy-console', 'config.json');
}

/** Applies a parsed config object to the bindings; throws ConsoleError naming the bad key. */
export function applyKeyConfig(raw: unknown, path: string, bindings: readonly Binding[] = defaultBindings): readonly Binding[] {
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : null;
    const unknownKeys = issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : null;
    const subject = unknownKeys ? `unknown setting "${unknownKeys}"` : where ? `"${where}": ${issue?.message ?? 'invalid'}` : (issue?.message ?? 'invalid');
    throw new ConsoleError('KEY_CONFIG_INVALID', `${path}: ${subject}`, {
      hint: 'expected {"keys": {"<binding id>": ["<key>", …]}}; run `zaxy-console keys` for the binding ids',
    });
  }
  const overrides = parsed.data.keys ?? {};
  const ids = new Set(bindings.map((b) => b.id));
  const remapped = new Map<string, readonly string[]>();
  for (const [id, value] of Object.entries(overrides)) {
    if (!ids.has(id as Binding['id'])) {
      throw new ConsoleError('KEY_CONFIG_INVALID', `${path}: unknown binding "keys.${id}"`, {
        hint: `binding ids are ${[...ids].join(', ')}`,
      });
    }
    const keys = typeof value === 'string' ? [value] : value;
    for (const key of keys) {
      if (!isValidKeyName(key)) {
        throw new ConsoleError('KEY_CONFIG_INVALID', `${path}: "keys.${id}" has an unusable key "${key}"`, {
          hint: 'use one printable character, or tab, shift+tab, enter, esc, up, down, left, right, pgup, pgdn, home, end, ctrl+<letter>',
        });
      }
    }
    remapped.set(id, keys);
  }
  const result = bindings.map((b) => {
    const keys = remapped.get(b.id);
    return keys ? { ...b, keys } : b;
  });
  const conflicts = findConflicts(result);
  if (conflicts.length > 0) {
    throw new ConsoleError('KEY_CONFIG_CONFLICT', `${path}: key bound twice: ${conflicts[0]}`, {
      hint: 'give one of the two bindings another key in "keys"',
    });
  }
  return result;
}

/** Reads the config file; a missing file means the default keys. */
export async function loadKeyBindings(env: NodeJS.ProcessEnv, home?: string): Promise<readonly Binding[]> {
  const path = keyConfigPath(env, home);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return defaultBindings;
    throw fileError(path, error, 'key config');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConsoleError('KEY_CONFIG_INVALID', `${path}: not valid JSON (${error instanceof Error ? error.message : String(error)})`, {
      hint: 'fix the file or move it away to use the default keys',
    });
  }
  return applyKeyConfig(raw, path);
}
