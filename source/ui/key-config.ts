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
import { ConsoleError, fileError } from '../errors.js';
import { defaultBindings, type Binding } from './keymap.js';
import type { UserAction } from '../actions/flows/run-script.js';

export interface ConsoleFileConfig {
  readonly bindings: readonly Binding[];
  readonly userActions: readonly UserAction[];
}

export function keyConfigPath(env: NodeJS.ProcessEnv, home: string = homedir()): string {
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME !== '' ? env.XDG_CONFIG_HOME : join(home, '.config');
  return join(base, 'zaxy-console', 'config.json');
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
  // The validator (zod) is loaded only when there is a file to validate: most consoles have none,
  // and loading it costs start-up time before the first frame (issue 5).
  const { applyKeyConfig, userActionsFrom } = await import('./key-config-file.js');
  return { bindings: applyKeyConfig(raw, path), userActions: userActionsFrom(raw, path) };
}

/** The key bindings alone (the `keys` command). */
export async function loadKeyBindings(env: NodeJS.ProcessEnv, home?: string): Promise<readonly Binding[]> {
  return (await loadConsoleFile(env, home)).bindings;
}
