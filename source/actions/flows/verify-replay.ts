// Replay verification (`v`): every live session log, every rotated archive (its manifest and its
// chain) and the logs inside the newest backup, each verdict streamed as it lands, then a
// summary naming every broken log with its break and last good seq. Cancel stops within one
// read chunk and reports what was verified.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ConsoleError, EXIT } from '../../errors.js';
import { checkArchive, discoverWorkspace, manifestPathFor } from '../../eventloom/index.js';
import { listBackups } from '../archive/backups.js';
import { extractArchive } from '../archive/extract.js';
import { inspectArchive } from '../archive/inspect.js';
import { verifyManifest } from '../archive/manifest.js';
import { createLogVerifier, describeVerdict, type LogVerdict } from '../log-verify.js';
import { exists } from '../paths.js';
import type { Action, StepContext } from '../types.js';

export interface VerifyReplayArgs {
  /** The Eventloom directory (absolute). */
  readonly eventloom: string;
  /** The backups directory (absolute); its newest backup is checked. */
  readonly backupDir: string;
  /** Only these live logs (the TUI's selected session); archives and backups are then skipped. */
  readonly only?: readonly string[];
}

export interface VerifiedItem {
  readonly kind: 'live' | 'archive' | 'backup';
  readonly label: string;
  readonly verdict: LogVerdict | null;
  /** A problem that is not a chain break (checksum, unreadable). */
  readonly problem: string | null;
}

export function verifyReplayAction(args: VerifyReplayArgs): Action & { readonly items: readonly VerifiedItem[] } {
  const items: VerifiedItem[] = [];

  const verifyAll = async (ctx: StepContext, kind: VerifiedItem['kind'], paths: readonly string[], label: (p: string) => string, before?: (p: string) => Promise<string | null>) => {
    const totalBytes = (await Promise.all(paths.map(async (p) => (await stat(p)).size))).reduce((a, b) => a + b, 0);
    let doneBytes = 0;
    const verifier = createLogVerifier();
    try {
      for (const [i, path] of paths.entries()) {
        let problem: string | null;
        let verdict: LogVerdict | null = null;
        try {
          problem = before ? await before(path) : null;
          verdict = await verifier.verify(path, { signal: ctx.signal, onProgress: (offset) => ctx.progress(doneBytes + offset, totalBytes, label(path)) });
        } catch (error) {
          if (ctx.signal.aborted) {
            throw new ConsoleError('CANCELLED', `cancelled while verifying ${label(path)}; ${i} of ${paths.length} ${kind} log(s) verified before it (${items.length} in all)`, { exitCode: EXIT.cancelled });
          }
          problem = error instanceof Error ? error.message : String(error);
        }
        items.push({ kind, label: label(path), verdict, problem });
        if (problem) ctx.info(`${label(path)}: ${problem}`);
        if (verdict) ctx.info(describeVerdict(verdict, label(path)));
        doneBytes += (await stat(path).catch(() => ({ size: 0 }))).size;
      }
    } finally {
      await verifier.close();
    }
    return `${paths.length} ${kind} log(s)`;
  };

  const live = async (ctx: StepContext) => {
    if (!(await exists(args.eventloom))) throw new ConsoleError('NO_EVENTLOOM', `no Eventloom directory at ${args.eventloom}`, { hint: 'pass --root (or --eventloom-path) of the deployment', exitCode: EXIT.usage });
    if (args.only) return verifyAll(ctx, 'live', args.only, (p) => basename(p));
    const ws = await discoverWorkspace(args.eventloom);
    for (const s of ws.skipped) ctx.info(`skipped ${basename(s.path)}: ${s.reason}`);
    return verifyAll(ctx, 'live', ws.logs, (p) => basename(p));
  };

  const archives = async (ctx: StepContext) => {
    const ws = await discoverWorkspace(args.eventloom);
    if (ws.archives.length === 0) return 'no rotated archives';
    return verifyAll(ctx, 'archive', ws.archives, (p) => `archive/${basename(p)}`, async (p) => {
      const sum = await checkArchive(p, ctx.signal);
      return sum.status === 'ok' ? null : sum.message;
    });
  };

  const newestBackup = async (ctx: StepContext) => {
    const newest = (await listBackups(args.backupDir))[0]?.archive;
    if (!newest) {
      ctx.info(`no backups in ${args.backupDir}`);
      return 'no backup to check';
    }
    ctx.info(`newest backup: ${basename(newest)}`);
    try {
      await verifyManifest(newest, manifestPathFor(newest), ctx.signal);
      await inspectArchive(newest, { signal: ctx.signal });
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      const problem = error instanceof ConsoleError ? error.message : (error as Error).message;
      items.push({ kind: 'backup', label: basename(newest), verdict: null, problem });
      ctx.info(`${basename(newest)}: ${problem}`);
      return 'the newest backup does not check out';
    }
    const scratch = await mkdtemp(join(args.backupDir, '.verify-all-'));
    try {
      await extractArchive(ctx, newest, scratch);
      const dir = join(scratch, '.eventloom');
      const logs = (await exists(dir)) ? (await discoverWorkspace(dir)).logs : [];
      return await verifyAll(ctx, 'backup', logs, (p) => `${basename(newest)}:${basename(p)}`);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  };

  const summary = (ctx: StepContext) => {
    const bad = items.filter((i) => i.problem !== null || (i.verdict !== null && !i.verdict.ok));
    for (const kind of ['live', 'archive', 'backup'] as const) {
      const of = items.filter((i) => i.kind === kind);
      ctx.info(`${kind}: ${of.length} checked, ${of.filter((i) => bad.includes(i)).length} with problems`);
    }
    for (const b of bad) ctx.info(`  ${b.verdict && !b.verdict.ok ? describeVerdict(b.verdict, b.label) : `${b.label}: ${b.problem ?? ''}`}`);
    if (bad.length > 0) {
      throw new ConsoleError('CHAINS_BROKEN', `${bad.length} of ${items.length} log(s) failed verification`, {
        hint: 'never edit a log; restore the affected session from a backup that verifies (runbook: hash chain broken)',
        exitCode: EXIT.failure,
      });
    }
    return Promise.resolve(`all ${items.length} log(s) verify`);
  };

  return {
    id: 'verify-all',
    title: 'Replay verification: live logs, rotated archives, newest backup',
    mutates: false,
    items,
    steps: [
      { id: 'verify.live', title: args.only ? 'Verify the selected session log' : 'Verify every live session log', run: live },
      ...(args.only
        ? []
        : [
            { id: 'verify.archives', title: 'Verify rotated archives (manifest and chain)', run: archives },
            { id: 'verify.backup', title: 'Verify the logs inside the newest backup', run: newestBackup },
          ]),
      { id: 'verify.summary', title: 'Summary', run: summary },
    ],
    summary: () => `All ${items.length} log(s) verify (${items.reduce((n, i) => n + (i.verdict?.events ?? 0), 0)} events)`,
  };
}
