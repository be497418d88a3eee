import { loadConfig, configFlags } from '../config.js';
import { readonlyFlag } from './common-flags.js';
import type { CommandSpec } from './command.js';

export const verifyAllCommand: CommandSpec = {
  name: 'verify-all',
  summary: 'replay verification: every live log, every rotated archive, the logs in the newest backup',
  usage: ['verify-all [--root R] [--eventloom-path P] [--backup-dir B]'],
  flags: {
    root: configFlags.root,
    eventloomPath: configFlags.eventloomPath,
    backupDir: configFlags.backupDir,
    // Accepted for uniformity: verification never changes the deployment.
    ...readonlyFlag,
  },
  details: 'Exit codes: 0 everything verifies · 1 a log, archive or backup failed · 2 usage · 130 cancelled (prints what was verified)',
  run: async (ctx) => {
    const [{ verifyReplayAction }, { runHeadless }] = await Promise.all([import('../actions/flows/verify-replay.js'), import('../actions/headless.js')]);
    const config = loadConfig({ flags: ctx.flags, env: ctx.env, cwd: ctx.cwd });
    const args = { eventloom: config.eventloomPath.value, backupDir: config.backupDir.value };
    return runHeadless(ctx, verifyReplayAction(args), { root: config.root.value, args });
  },
};
