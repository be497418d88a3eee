import { loadConfig, configFlags } from '../config.js';
import { uiFlags } from '../console/flags.js';
import { notATerminal, runConsole } from '../console/run.js';
import type { CommandSpec } from './command.js';

export const consoleCommand: CommandSpec = {
  name: 'console',
  summary: 'open the live console on a deployment (the default command)',
  usage: ['[console] [--root DIR] [--readonly] [--color never|16|256|truecolor] [--ascii] [--refresh <s>]'],
  flags: { ...configFlags, ...uiFlags },
  details: [
    'With no --root, the current directory is the deployment root (its .env and .eventloom are read).',
    'Keys: press ? inside the console, or run `zaxy-console keys`. q or Ctrl-C quits.',
    'Needs a terminal: for scripts use `zaxy-console status --json`.',
  ].join('\n'),
  async run(ctx) {
    const refusal = notATerminal(ctx.stdout);
    if (refusal) throw refusal;
    const config = loadConfig({ flags: ctx.flags, env: ctx.env, cwd: ctx.cwd });
    return runConsole({ ...ctx, config });
  },
};
