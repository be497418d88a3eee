import { EXIT } from '../errors.js';
import { loadKeyBindings } from '../ui/key-config.js';
import { formatKeys, renderKeyTable, scopeTitle, visibleBindings, type Binding } from '../ui/keymap.js';
import type { CommandSpec } from './command.js';

// The key table comes from the same bindings the console dispatches on (with the user's remaps
// from the config file applied), so this list, `?` and the README cannot disagree.
export const keysCommand: CommandSpec = {
  name: 'keys',
  summary: 'list the keys of the interactive console (with your remaps applied)',
  usage: ['keys [--markdown] [--readonly]'],
  flags: {
    markdown: { type: 'boolean', description: 'print the README table (Markdown)' },
    readonly: { type: 'boolean', description: 'leave out the mutating actions, as `--readonly` does' },
  },
  details: 'Remap keys in $XDG_CONFIG_HOME/zaxy-console/config.json, e.g. {"keys": {"action.rotate": ["O"]}}.',
  run: async ({ flags, env, stdout }) => {
    const bindings = visibleBindings(await loadKeyBindings(env), flags.readonly === true);
    stdout.write(flags.markdown === true ? renderKeyTable(bindings) : keyList(bindings));
    return EXIT.ok;
  },
};

function keyList(bindings: readonly Binding[]): string {
  const rows = bindings.map((b) => [formatKeys(b), scopeTitle(b.scope), `${b.help}${b.danger ? '  [mutating]' : ''}`] as const);
  const width0 = Math.max(...rows.map((r) => r[0].length));
  const width1 = Math.max(...rows.map((r) => r[1].length));
  return `${rows.map(([keys, scope, help]) => `${keys.padEnd(width0)}  ${scope.padEnd(width1)}  ${help}`).join('\n')}\n`;
}
