import { resolve } from 'node:path';
import { ConsoleError, EXIT } from '../errors.js';
import { BUILTIN_SCRIPTS } from '../actions/flows/script-names.js';
import { readonlyFlag, yesFlag } from './common-flags.js';
import type { CommandSpec } from './command.js';

export const runCommand: CommandSpec = {
  name: 'run',
  summary: `run an operational script with streamed output (${BUILTIN_SCRIPTS.join(', ')})`,
  usage: ['run <name> [--root R] [--session S]'],
  flags: {
    root: { type: 'string', description: 'deployment root (default: current directory)' },
    session: { type: 'string', description: 'session id for actions that use $SESSION' },
    ...yesFlag,
    ...readonlyFlag,
  },
  details: 'The zaxy CLI is taken from env ZAXY_BIN, else `zaxy` on PATH. User actions come from\n$XDG_CONFIG_HOME/zaxy-console/config.json ("actions": [{name, command, args, mutates, confirm}]).\nExit codes: 0 ok · 1 the command failed · 2 usage · 130 cancelled',
  run: async (ctx) => {
    const name = ctx.input[0];
    if (!name) throw new ConsoleError('USAGE', 'run needs a name', { hint: `one of ${BUILTIN_SCRIPTS.join(', ')}`, exitCode: EXIT.usage });
    const [{ runScriptAction }, { runHeadless }, { loadConsoleFile }] = await Promise.all([
      import('../actions/flows/run-script.js'),
      import('../actions/headless.js'),
      import('../ui/key-config.js'),
    ]);
    const { userActions } = await loadConsoleFile(ctx.env);
    const root = resolve(ctx.cwd, typeof ctx.flags.root === 'string' ? ctx.flags.root : '.');
    const args = { name, root, session: typeof ctx.flags.session === 'string' ? ctx.flags.session : undefined, zaxy: ctx.env.ZAXY_BIN, userActions };
    return runHeadless(ctx, await runScriptAction(args), { root, args });
  },
};
