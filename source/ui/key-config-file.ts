// Validating the console's config file (see key-config.ts for its format and where it lives):
// the schema, the key remapping and the user actions. Split from key-config.ts so that zod is
// only loaded when a config file exists.
import { z } from 'zod';
import { ConsoleError } from '../errors.js';
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

