// The console's own config file, `$XDG_CONFIG_HOME/zaxy-console/config.json` (default
// `~/.config/…`): key remapping and user-defined actions (k9s-style plugins) for `:run <name>`:
//
//   { "keys": { "action.rotate": ["O"], "app.quit": "x" },
//     "actions": [{ "name": "tail", "command": "tail", "args": ["-n", "50", "$ROOT/.eventloom/$SESSION.jsonl"],
//                   "mutates": false, "confirm": false }] }
//
// A binding's keys are replaced, not added to. Every mistake names the key it is about, because
// a console that silently ignores a typo in its config is worse than one that refuses to start.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ConsoleError, fileError } from '../errors.js';
import { defaultBindings, findConflicts, isValidKeyName, type Binding } from './keymap.js';
import { BUILTIN_SCRIPTS } from '../actions/flows/script-names.js';
import type { UserAction } from '../actions/flows/run-script.js';

const configSchema = z
  .object({
    keys: z.record(z.union([z.string(), z.array(z.string()).min(1)])).optional(),
    actions: z
      .array(
        z
          .object({
            name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'must be letters, digits, - or _'),
            title: z.string().optional(),
            command: z.string().min(1),
            args: z.array(z.string()).default([]),
            // Unless a user says otherwise, an unknown command is treated as dangerous: --readonly
            // refuses it and it asks before running.
            mutates: z.boolean().default(true),
            confirm: z.boolean().default(true),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

export interface ConsoleFileConfig {
  readonly bindings: readonly Binding[];
  readonly userActions: readonly UserAction[];
}

export function keyConfigPath(env: NodeJS.ProcessEnv, home: string = homedir()): string {
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME !== '' ? env.XDG_CONFIG_HOME : join(home, '.config');
  return join(base, 'zaxy-console', 'config.json');
}

/** Applies a parsed config object to the bindings; throws ConsoleError naming the bad key. */
/** Validates the whole file against the schema; throws ConsoleError naming the bad key. */
function parseConfigObject(raw: unknown, path: string): z.infer<typeof configSchema> {
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : null;
    const unknownKeys = issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : null;
    const subject = unknownKeys ? `unknown setting "${unknownKeys}"` : where ? `"${where}": ${issue?.message ?? 'invalid'}` : (issue?.message ?? 'invalid');
    throw new ConsoleError('KEY_CONFIG_INVALID', `${path}: ${subject}`, {
      hint: 'expected {"keys": {"<binding id>": ["<key>", …]}, "actions": [{"name", "command", "args", "mutates", "confirm"}]}; run `zaxy-console keys` for the binding ids',
    });
  }
  return parsed.data;
}

export function applyKeyConfig(raw: unknown, path: string, bindings: readonly Binding[] = defaultBindings): readonly Binding[] {
  const overrides = parseConfigObject(raw, path).keys ?? {};
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

/** User actions from a parsed config object; a name that shadows a built-in or repeats is refused. */
export function userActionsFrom(raw: unknown, path: string): readonly UserAction[] {
  const actions = parseConfigObject(raw, path).actions ?? [];
  const seen = new Set<string>(BUILTIN_SCRIPTS);
  for (const action of actions) {
    if (seen.has(action.name)) {
      throw new ConsoleError('KEY_CONFIG_INVALID', `${path}: "actions" names "${action.name}" twice or shadows a built-in`, {
        hint: `built-in names are ${BUILTIN_SCRIPTS.join(', ')}; choose another name`,
      });
    }
    seen.add(action.name);
  }
  return actions;
}

/** Reads the config file (keys and user actions); a missing file means the defaults. */
export async function loadConsoleFile(env: NodeJS.ProcessEnv, home?: string): Promise<ConsoleFileConfig> {
  const path = keyConfigPath(env, home);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { bindings: defaultBindings, userActions: [] };
    throw fileError(path, error, 'console config');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConsoleError('KEY_CONFIG_INVALID', `${path}: not valid JSON (${error instanceof Error ? error.message : String(error)})`, {
      hint: 'fix the file or move it away to use the default keys',
    });
  }
  return { bindings: applyKeyConfig(raw, path), userActions: userActionsFrom(raw, path) };
}

/** The key bindings alone (the `keys` command). */
export async function loadKeyBindings(env: NodeJS.ProcessEnv, home?: string): Promise<readonly Binding[]> {
  return (await loadConsoleFile(env, home)).bindings;
}
