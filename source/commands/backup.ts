import { resolve } from 'node:path';
import { readonlyFlag } from './common-flags.js';
import type { CommandSpec } from './command.js';

export const backupCommand: CommandSpec = {
  name: 'backup',
  summary: 'back up the event logs (scripts/backup.sh or built-in), then verify the archive',
  usage: ['backup [--root R] [--output-dir D] [--name N] [--builtin]'],
  mutates: true,
  flags: {
    root: { type: 'string', description: 'deployment root (default: current directory)' },
    outputDir: { type: 'string', description: 'where NAME.tar.gz and NAME.sha256 go (default <root>/backups)' },
    name: { type: 'string', description: 'backup name (default zaxy-backup-YYYYmmddTHHMMSSZ)' },
    builtin: { type: 'boolean', description: "use the built-in backup even when the deployment has scripts/backup.sh" },
    ...readonlyFlag,
  },
  details: 'Exit codes: 0 backup created and verified · 1 failed or refused · 2 usage · 130 cancelled',
  run: async (ctx) => {
    // Loaded on use: the registry holds every spec, and the console must not pay for the runner.
    const [{ backupAction }, { runHeadless }] = await Promise.all([import('../actions/flows/backup.js'), import('../actions/headless.js')]);
    const root = resolve(ctx.cwd, typeof ctx.flags.root === 'string' ? ctx.flags.root : '.');
    const args = {
      root,
      outputDir: typeof ctx.flags.outputDir === 'string' ? resolve(ctx.cwd, ctx.flags.outputDir) : undefined,
      name: typeof ctx.flags.name === 'string' ? ctx.flags.name : undefined,
      mode: ctx.flags.builtin === true ? ('builtin' as const) : ('auto' as const),
    };
    return runHeadless(ctx, backupAction(args), { root, args });
  },
};
