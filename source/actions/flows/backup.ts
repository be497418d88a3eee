// Backup (`b`): the deployment's own scripts/backup.sh when it has one, else the same archive
// built in (same members, excludes and names, restorable by Zaxy's restore.sh); then the new
// archive is checked like any backup we would restore: checksum, members, every log's chain.
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { ConsoleError, EXIT } from '../../errors.js';
import { discoverWorkspace, sha256File } from '../../eventloom/index.js';
import { inspectArchive, KNOWN_FILES, EVENTLOOM_DIR } from '../archive/inspect.js';
import { extractArchive } from '../archive/extract.js';
import { manifestText, verifyManifest } from '../archive/manifest.js';
import { lockLogs } from '../log-lock.js';
import { verifyLogsIn } from '../log-verify.js';
import { utcStamp } from '../runner.js';
import { exists, fsyncPath } from '../paths.js';
import type { Action, StepContext } from '../types.js';

export interface BackupArgs {
  readonly root: string;
  /** Default `<root>/backups`, as backup.sh. */
  readonly outputDir?: string;
  /** Default `zaxy-backup-YYYYmmddTHHMMSSZ`. */
  readonly name?: string;
  /** 'auto' runs scripts/backup.sh when the deployment has it. */
  readonly mode?: 'auto' | 'script' | 'builtin';
  /** How long to wait for writers when taking the shared read locks. */
  readonly lockTimeoutMs?: number;
}

export interface BackupResult {
  archive: string;
  manifest: string;
  logs: number;
  events: number;
}

const BACKUP_INPUTS = [EVENTLOOM_DIR, ...KNOWN_FILES];
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function backupAction(args: BackupArgs): Action & { readonly result: Partial<BackupResult> } {
  const root = resolve(args.root);
  const outputDir = resolve(args.outputDir ?? join(root, 'backups'));
  const name = args.name ?? `zaxy-backup-${utcStamp(new Date())}`;
  const archive = join(outputDir, `${name}.tar.gz`);
  const manifest = join(outputDir, `${name}.sha256`);
  const script = join(root, 'scripts', 'backup.sh');
  const result: Partial<BackupResult> = {};
  let includes: string[] = [];
  let useScript = false;

  const plan = async (ctx: StepContext) => {
    if (!NAME_RE.test(name)) {
      throw new ConsoleError('BAD_NAME', `backup name ${JSON.stringify(name)} must be a plain file name`, { hint: 'letters, digits, dot, dash and underscore', exitCode: EXIT.usage });
    }
    if ((await exists(archive)) || (await exists(manifest))) {
      throw new ConsoleError('BACKUP_EXISTS', `Backup output already exists: ${name}`, { hint: 'choose another --name', exitCode: EXIT.failure });
    }
    includes = [];
    for (const candidate of BACKUP_INPUTS) if (await exists(join(root, candidate))) includes.push(candidate);
    if (includes.length === 0) throw new ConsoleError('NO_INPUTS', `No backup inputs found under ${root}`, { hint: 'point --root at the deployment (the directory holding .eventloom)', exitCode: EXIT.failure });
    const hasScript = await exists(script);
    if (args.mode === 'script' && !hasScript) throw new ConsoleError('NO_SCRIPT', `${script} not found`, { hint: 'drop --use-script to use the built-in backup', exitCode: EXIT.failure });
    useScript = args.mode === 'script' || (args.mode !== 'builtin' && hasScript);
    ctx.info(`inputs: ${includes.join(', ')}`);
    ctx.info(useScript ? `using the deployment's ${script}` : 'using the built-in backup (same layout as scripts/backup.sh)');
    return `${name} → ${outputDir}`;
  };

  const create = async (ctx: StepContext) => {
    await mkdir(outputDir, { recursive: true });
    // Shared locks: appends (LOCK_EX) wait, so no log is captured mid-line; readers carry on.
    const logs = (await exists(join(root, EVENTLOOM_DIR))) ? (await discoverWorkspace(join(root, EVENTLOOM_DIR))).logs : [];
    const locks = await lockLogs(logs, { mode: 'shared', timeoutMs: args.lockTimeoutMs ?? 30_000, signal: ctx.signal });
    try {
      if (useScript) await runScript(ctx);
      else await builtin(ctx);
    } finally {
      await locks.release();
    }
    return basename(archive);
  };

  const runScript = async (ctx: StepContext) => {
    const r = await ctx.exec(['bash', script, '--root', root, '--output-dir', outputDir, '--name', name]);
    if (ctx.signal.aborted) throw new ConsoleError('CANCELLED', 'cancelled', { exitCode: EXIT.cancelled });
    if (r.exitCode !== 0) throw new ConsoleError('SCRIPT_FAILED', `backup.sh failed: ${r.stderrTail.at(-1) ?? `exit ${r.exitCode ?? r.signal}`}`, { exitCode: EXIT.failure });
  };

  const builtin = async (ctx: StepContext) => {
    // Written under temporary names and renamed: a crash or cancel leaves no half archive that a
    // listing would take for a backup. The manifest lands last and marks the pair complete.
    const partial = join(outputDir, `.${name}.tar.gz.partial-${process.pid}`);
    const partialManifest = join(outputDir, `.${name}.sha256.partial-${process.pid}`);
    try {
      const r = await ctx.exec(['tar', '--create', '--gzip', '--file', partial, '--directory', root, '--exclude=secrets', '--exclude=.certs', '--exclude=backups', ...includes]);
      if (ctx.signal.aborted) throw new ConsoleError('CANCELLED', 'cancelled', { exitCode: EXIT.cancelled });
      if (r.exitCode !== 0) throw new ConsoleError('TAR_FAILED', `tar failed: ${r.stderrTail.at(-1) ?? `exit ${r.exitCode ?? r.signal}`}`, { exitCode: EXIT.failure });
      await fsyncPath(partial);
      const digest = await sha256File(partial, ctx.signal);
      await writeFile(partialManifest, manifestText(digest, basename(archive)), { flush: true });
      await rename(partial, archive);
      await rename(partialManifest, manifest);
      await fsyncPath(outputDir);
      ctx.info(`Created backup: ${archive}`);
      ctx.info(`Created manifest: ${manifest}`);
    } finally {
      await rm(partial, { force: true });
      await rm(partialManifest, { force: true });
    }
  };

  const checksum = async (ctx: StepContext) => {
    const digest = await verifyManifest(archive, manifest, ctx.signal);
    result.archive = archive;
    result.manifest = manifest;
    return `sha256 ${digest.slice(0, 16)}… matches ${basename(manifest)}`;
  };

  const verifyLogs = async (ctx: StepContext) => {
    const inspection = await inspectArchive(archive, { signal: ctx.signal });
    ctx.info(`${inspection.members.length} members, ${inspection.sessionLogs.length} session logs, all regular files under allowed paths`);
    const scratch = await mkdtemp(join(outputDir, `.verify-${name}-`));
    try {
      await extractArchive(ctx, archive, scratch);
      const dir = join(scratch, EVENTLOOM_DIR);
      const verdicts = (await exists(dir)) ? await verifyLogsIn(dir, ctx) : [];
      result.logs = verdicts.length;
      result.events = verdicts.reduce((n, v) => n + v.events, 0);
      const broken = verdicts.filter((v) => !v.ok);
      if (broken.length > 0) {
        throw new ConsoleError('BACKUP_HOLDS_BROKEN_LOG', `the backup holds ${broken.length} log(s) with a broken chain (${broken.map((v) => basename(v.path)).join(', ')})`, {
          hint: 'the archive is a faithful copy of a broken log; run verify-all and follow the runbook before relying on it',
          exitCode: EXIT.failure,
        });
      }
      return `${verdicts.length} logs, ${result.events} events verified`;
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  };

  return {
    id: 'backup',
    title: 'Back up the deployment',
    mutates: true,
    result,
    steps: [
      { id: 'backup.plan', title: 'Check inputs and output names', run: plan },
      { id: 'backup.create', title: 'Create the archive and its manifest', run: create },
      { id: 'backup.checksum', title: 'Check the archive against its manifest', run: checksum },
      { id: 'backup.verify', title: 'Verify every log inside the archive', run: verifyLogs },
    ],
    summary: () => `Created ${archive} (${result.logs ?? 0} logs, ${result.events ?? 0} events, verified)`,
  };
}
