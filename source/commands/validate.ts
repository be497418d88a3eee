import { resolve } from 'node:path';
import { readonlyFlag } from './common-flags.js';
import type { CommandSpec } from './command.js';

export const validateCommand: CommandSpec = {
  name: 'validate',
  summary: "check production settings and secret files (validate-deployment.sh's checks, plus the script itself)",
  usage: ['validate [--root R] [--no-script]'],
  flags: {
    root: { type: 'string', description: 'deployment root holding .env (default: current directory)' },
    script: { type: 'boolean', description: "also run the deployment's scripts/validate-deployment.sh when present", default: true },
    // Accepted for uniformity: validation never changes the deployment.
    ...readonlyFlag,
  },
  details: 'Exit codes: 0 passed · 1 failed, or the script and the console disagree · 2 usage',
  run: async (ctx) => {
    const [{ validateAction }, { runHeadless }] = await Promise.all([import('../actions/flows/validate.js'), import('../actions/headless.js')]);
    const root = resolve(ctx.cwd, typeof ctx.flags.root === 'string' ? ctx.flags.root : '.');
    const args = { root, script: ctx.flags.script === false ? ('skip' as const) : ('auto' as const) };
    return runHeadless(ctx, validateAction(args), { root, args });
  },
};
