import { resolve } from 'node:path';
import { ConsoleError, EXIT } from '../errors.js';
import type { RecoveryMode } from '../actions/flows/restore-recovery.js';
import { readonlyFlag, yesFlag } from './common-flags.js';
import type { CommandSpec } from './command.js';

export const restoreCommand: CommandSpec = {
  name: 'restore',
  summary: 'restore a backup with pre-flight, staging, verification, typed confirmation and rollback',
  usage: [
    'restore --archive A --manifest M --target T [--yes] [--use-scripts] [--keep-newer-live]',
    'restore --recover rollback|resume --target T [--yes]',
  ],
  mutates: true,
  flags: {
    archive: { type: 'string', description: 'backup archive NAME.tar.gz' },
    manifest: { type: 'string', description: 'its sha256sum manifest NAME.sha256' },
    target: { type: 'string', description: 'deployment root that holds .eventloom' },
    ...yesFlag,
    useScripts: { type: 'boolean', description: "extract with the target's scripts/restore.sh (still pre-flighted and verified)" },
    keepNewerLive: { type: 'boolean', description: 'keep live logs that are the backup plus newer events' },
    recover: { type: 'string', description: 'finish or undo an interrupted restore', choices: ['rollback', 'resume'] },
    ...readonlyFlag,
  },
  details: [
    'Without --yes the backup name must be typed; without a terminal and without --yes the restore is refused.',
    'Exit codes: 0 restored · 1 refused or failed (the target is unchanged or rolled back) · 2 usage · 130 cancelled',
  ].join('\n'),
  run: async (ctx) => {
    const str = (name: string) => (typeof ctx.flags[name] === 'string' ? resolve(ctx.cwd, ctx.flags[name]) : undefined);
    const target = str('target');
    if (!target) throw usage('--target is required');
    const [{ restoreAction }, { findPendingRecovery, recoveryAction }, { runHeadless }] = await Promise.all([
      import('../actions/flows/restore.js'),
      import('../actions/flows/restore-recovery.js'),
      import('../actions/headless.js'),
    ]);
    if (typeof ctx.flags.recover === 'string') {
      const mode = ctx.flags.recover as RecoveryMode;
      return runHeadless(ctx, await recoveryAction(target, mode), { root: target, args: { recover: mode, target } });
    }
    const archive = str('archive');
    const manifest = str('manifest');
    if (!archive || !manifest) throw usage('--archive and --manifest are required');
    const pending = await findPendingRecovery(target);
    if (pending) {
      throw new ConsoleError('RESTORE_PENDING', pending.description, {
        hint: `run \`zaxy-console restore --recover rollback --target ${target}\` (${pending.rollback}) or --recover resume (${pending.resume})`,
        exitCode: EXIT.failure,
      });
    }
    const args = { archive, manifest, target, useScripts: ctx.flags.useScripts === true, keepNewerLive: ctx.flags.keepNewerLive === true };
    return runHeadless(ctx, restoreAction(args), { root: target, args });
  },
};

function usage(message: string): ConsoleError {
  return new ConsoleError('USAGE', message, { hint: 'see `zaxy-console restore --help`', exitCode: EXIT.usage });
}
