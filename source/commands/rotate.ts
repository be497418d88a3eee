import { resolve } from 'node:path';
import { ConsoleError, EXIT } from '../errors.js';
import { readonlyFlag } from './common-flags.js';
import type { CommandSpec } from './command.js';

export const rotateCommand: CommandSpec = {
  name: 'rotate',
  summary: "rotate a session log under its lock: copy, checksum, verify, then truncate",
  usage: ['rotate --log L [--archive-dir D] [--name N] [--backup-dir B] [--force-without-backup]'],
  mutates: true,
  flags: {
    log: { type: 'string', description: 'the session log, e.g. .eventloom/<session>.jsonl' },
    archiveDir: { type: 'string', description: 'where NAME.jsonl and NAME.sha256 go (default <logdir>/archive)' },
    name: { type: 'string', description: 'archive name (default <session>-YYYYmmddTHHMMSSZ)' },
    backupDir: { type: 'string', description: 'backups to check for one newer than the log (default <root>/backups)' },
    forceWithoutBackup: { type: 'boolean', description: 'rotate even without a verified backup newer than the log' },
    ...readonlyFlag,
  },
  details: 'Exit codes: 0 rotated · 1 refused or failed (the live log untouched) · 2 usage · 130 cancelled',
  run: async (ctx) => {
    if (typeof ctx.flags.log !== 'string') throw new ConsoleError('USAGE', '--log is required', { hint: 'see `zaxy-console rotate --help`', exitCode: EXIT.usage });
    const [{ rotateAction }, { runHeadless }] = await Promise.all([import('../actions/flows/rotate.js'), import('../actions/headless.js')]);
    const path = (v: unknown) => (typeof v === 'string' ? resolve(ctx.cwd, v) : undefined);
    const log = resolve(ctx.cwd, ctx.flags.log);
    const args = {
      log,
      archiveDir: path(ctx.flags.archiveDir),
      name: typeof ctx.flags.name === 'string' ? ctx.flags.name : undefined,
      backupDir: path(ctx.flags.backupDir),
      forceWithoutBackup: ctx.flags.forceWithoutBackup === true,
    };
    return runHeadless(ctx, rotateAction(args), { root: resolve(log, '..', '..'), args });
  },
};
