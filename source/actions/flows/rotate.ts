// Rotate (`o`): rotate-logs.sh with the lock it lacks. The log's flock is held from the copy to
// the truncation, so an append either lands before the copy (and is archived) or waits and
// starts the new chain; the archive is verified by the engine before the live log is emptied.
// Refused unless a backup newer than the log's last change verifies.
import { copyFile, mkdir, mkdtemp, rename, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ConsoleError, EXIT } from '../../errors.js';
import { manifestPathFor, sha256File } from '../../eventloom/index.js';
import { listBackups } from '../archive/backups.js';
import { extractArchive } from '../archive/extract.js';
import { inspectArchive } from '../archive/inspect.js';
import { manifestText, verifyManifest } from '../archive/manifest.js';
import { lockLogs, type HeldLocks } from '../log-lock.js';
import { describeVerdict, verifyLog } from '../log-verify.js';
import { exists, fsyncPath } from '../paths.js';
import { utcStamp } from '../runner.js';
import type { Action, StepContext } from '../types.js';

export interface RotateArgs {
  readonly log: string;
  /** Default `<logdir>/archive`, as rotate-logs.sh. */
  readonly archiveDir?: string;
  /** Default `<stem>-YYYYmmddTHHMMSSZ`. */
  readonly name?: string;
  /** Where to look for the backup that must cover the log (default `<root>/backups`, root = the log dir's parent). */
  readonly backupDir?: string;
  readonly forceWithoutBackup?: boolean;
  readonly lockTimeoutMs?: number;
}

export function rotateAction(args: RotateArgs): Action {
  const log = resolve(args.log);
  const logDir = dirname(log);
  const archiveDir = resolve(args.archiveDir ?? join(logDir, 'archive'));
  const name = args.name ?? `${basename(log, '.jsonl')}-${utcStamp(new Date())}`;
  const archive = join(archiveDir, `${name}.jsonl`);
  const manifest = join(archiveDir, `${name}.sha256`);
  const backupDir = resolve(args.backupDir ?? join(dirname(logDir), 'backups'));
  let locks: HeldLocks | null = null;
  let archived = 0;
  let created = false;
  let truncated = false;

  const plan = async (ctx: StepContext) => {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new ConsoleError('BAD_NAME', `rotation name ${JSON.stringify(name)} must be a plain file name`, { exitCode: EXIT.usage });
    let size: number;
    try {
      const st = await stat(log);
      if (!st.isFile()) throw new Error('not a file');
      size = st.size;
    } catch {
      throw new ConsoleError('LOG_NOT_FOUND', `Log not found: ${log}`, { hint: 'pass --log .eventloom/<session>.jsonl', exitCode: EXIT.failure });
    }
    if (size === 0) throw new ConsoleError('LOG_EMPTY', `Log is empty: ${log}`, { hint: 'nothing to rotate', exitCode: EXIT.failure });
    if ((await exists(archive)) || (await exists(manifest))) throw new ConsoleError('ROTATION_EXISTS', `Rotation output already exists: ${name}`, { hint: 'choose another --name', exitCode: EXIT.failure });
    ctx.info(`${basename(log)} → ${archive}`);
    return name;
  };

  const backupCheck = async (ctx: StepContext) => {
    if (args.forceWithoutBackup) {
      ctx.info('--force-without-backup: rotating without a covering backup');
      return 'skipped by --force-without-backup';
    }
    const changed = (await stat(log)).mtimeMs;
    const candidates = (await listBackups(backupDir)).filter((b) => b.mtimeMs > changed).map((b) => b.archive);
    if (candidates.length === 0) {
      throw new ConsoleError('NO_COVERING_BACKUP', `no backup in ${backupDir} is newer than ${basename(log)}'s last change (${new Date(changed).toISOString()})`, {
        hint: 'run `zaxy-console backup` first, or pass --force-without-backup',
        exitCode: EXIT.failure,
      });
    }
    const newest = candidates[0] as string;
    await verifyManifest(newest, manifestPathFor(newest), ctx.signal);
    await inspectArchive(newest, { signal: ctx.signal });
    const scratch = await mkdtemp(join(backupDir, '.rotate-check-'));
    try {
      await extractArchive(ctx, newest, scratch);
      const copy = join(scratch, '.eventloom', basename(log));
      if (!(await exists(copy))) throw new ConsoleError('BACKUP_LACKS_LOG', `${basename(newest)} does not hold ${basename(log)}`, { hint: 'run a new backup first, or pass --force-without-backup', exitCode: EXIT.failure });
      const verdict = await verifyLog(copy, { signal: ctx.signal });
      ctx.info(`in ${basename(newest)}: ${describeVerdict(verdict)}`);
      if (!verdict.ok) throw new ConsoleError('BACKUP_LOG_BROKEN', `the backup's copy of ${basename(log)} does not verify`, { hint: 'run a new backup first', exitCode: EXIT.failure });
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
    return `covered by ${basename(newest)}`;
  };

  const lock = async (ctx: StepContext) => {
    locks = await lockLogs([log], { mode: 'exclusive', timeoutMs: args.lockTimeoutMs ?? 30_000, signal: ctx.signal });
    return 'no writer can append until the log is truncated';
  };

  const copy = async (ctx: StepContext) => {
    await mkdir(archiveDir, { recursive: true });
    const partial = join(archiveDir, `.${name}.jsonl.partial-${process.pid}`);
    const partialManifest = join(archiveDir, `.${name}.sha256.partial-${process.pid}`);
    try {
      await copyFile(log, partial);
      await fsyncPath(partial);
      const digest = await sha256File(partial, ctx.signal);
      await writeFile(partialManifest, manifestText(digest, basename(archive)), { flush: true });
      await rename(partial, archive);
      created = true;
      await rename(partialManifest, manifest);
      await fsyncPath(archiveDir);
      ctx.info(`Created manifest: ${manifest}`);
      return `sha256 ${digest.slice(0, 16)}…`;
    } finally {
      await rm(partial, { force: true });
      await rm(partialManifest, { force: true });
    }
  };

  const verify = async (ctx: StepContext) => {
    await verifyManifest(archive, manifest, ctx.signal);
    const verdict = await verifyLog(archive, { signal: ctx.signal });
    ctx.info(describeVerdict(verdict, basename(archive)));
    if (!verdict.ok) {
      throw new ConsoleError('LOG_BROKEN', `${basename(log)} does not verify (${verdict.reason ?? 'broken'}); rotating would bury the break`, {
        hint: 'the live log is untouched; follow the runbook for a broken chain', exitCode: EXIT.failure,
      });
    }
    const [a, l] = [(await stat(archive)).size, (await stat(log)).size];
    if (a !== l) throw new ConsoleError('LOG_CHANGED', `${basename(log)} changed during the copy (${l} bytes, archive ${a})`, { hint: 'another writer ignores the lock; stop it and retry', exitCode: EXIT.failure });
    archived = verdict.events;
    return `${verdict.events} events archived and verified`;
  };

  const cut = async (ctx: StepContext) => {
    await truncate(log, 0);
    await fsyncPath(log);
    truncated = true;
    await release();
    ctx.info(`Rotated log: ${log} -> ${archive}`);
    return 'live log emptied; the next append starts a new chain at seq 1';
  };

  const release = async () => {
    const held = locks;
    locks = null;
    await held?.release();
  };

  return {
    id: 'rotate',
    title: `Rotate ${basename(log)}`,
    mutates: true,
    steps: [
      { id: 'rotate.plan', title: 'Check the log and the output names', run: plan },
      { id: 'rotate.backup-check', title: 'Require a verified backup newer than the log', run: backupCheck },
      { id: 'rotate.lock', title: "Take the log's lock (appends wait)", run: lock },
      { id: 'rotate.copy', title: 'Copy the log and write its manifest', run: copy },
      { id: 'rotate.verify', title: 'Verify the archive (checksum and chain)', run: verify },
      { id: 'rotate.truncate', title: 'Truncate the live log', uninterruptible: true, run: cut },
    ],
    summary: () => `Rotated ${basename(log)}: ${archived} events in ${archive}`,
    cleanup: async (ctx) => {
      await release();
      if (created && !truncated) {
        // The live log still holds every event: the archive copy would only be a duplicate.
        await rm(archive, { force: true });
        await rm(manifest, { force: true });
        ctx.info('the live log is untouched; the partial rotation output was removed');
      }
    },
  };
}
