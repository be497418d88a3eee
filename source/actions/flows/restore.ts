// Restore (`R`): what Zaxy's restore.sh should have been. Pre-flight judges the archive before
// anything is written; extraction goes to a staging directory beside the live log; the staged
// logs are verified, the impact is shown, the operator types the backup name, the live logs are
// locked like Zaxy locks them, and two renames swap the directories. Before the swap a failure
// only removes staging; after it, a failure rolls back. The journal makes a crash recoverable.
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ConsoleError, EXIT } from '../../errors.js';
import { discoverWorkspace } from '../../eventloom/index.js';
import { checkFreeSpace, EVENTLOOM_DIR, formatBytes, inspectArchive, KNOWN_FILES, type ArchiveInspection } from '../archive/inspect.js';
import { extractArchive } from '../archive/extract.js';
import { verifyManifest } from '../archive/manifest.js';
import { lockLogs, type HeldLocks } from '../log-lock.js';
import { verifyLogsIn } from '../log-verify.js';
import { exists, fsyncPath, unusedPath } from '../paths.js';
import { crashPointForTests, utcStamp } from '../runner.js';
import type { Action, StepContext } from '../types.js';
import { describeImpact, restoreImpact, type RestoreImpact } from './restore-impact.js';
import { readJournal, removeJournal, swapFacts, swapStateOf, writeJournal, type RestoreJournal } from './restore-journal.js';

export interface RestoreArgs {
  readonly archive: string;
  readonly manifest: string;
  /** The deployment root that holds (or will hold) `.eventloom`. */
  readonly target: string;
  /** Extract with the deployment's scripts/restore.sh instead of tar. */
  readonly useScripts?: boolean;
  /** Keep live logs that are the backup's log plus newer events. */
  readonly keepNewerLive?: boolean;
  readonly lockTimeoutMs?: number;
  /** Continue the restore a crashed run journaled (recovery), reusing its staging and names. */
  readonly resume?: RestoreJournal;
}

export const backupNameOf = (archive: string) => basename(archive).replace(/\.tar\.gz$/, '');

export function restoreAction(args: RestoreArgs): Action {
  const archive = resolve(args.archive);
  const manifest = resolve(args.manifest);
  const target = resolve(args.target);
  const backupName = backupNameOf(archive);
  const stamp = utcStamp(new Date());
  const live = join(target, EVENTLOOM_DIR);
  const staging = args.resume?.staging ?? join(target, `.zaxy-restore-${stamp}`);
  const staged = join(staging, EVENTLOOM_DIR);
  let inspection: ArchiveInspection | null = null;
  let journal: RestoreJournal | null = args.resume ?? null;
  let impact: RestoreImpact | null = null;
  let locks: HeldLocks | null = null;
  let restoredEvents = 0;
  let notes: string[] = [];
  /** Live log sizes once locked: a writer that opened the old file before the swap and appends
   * after the locks are released writes into the moved-aside copy; finish() reports that. */
  let lockedSizes = new Map<string, number>();

  const journalBase = () => ({ archive, manifest, target, backupName, staging, staged, live, aside: journal?.aside ?? null });

  const preflight = async (ctx: StepContext) => {
    const pending = await readJournal(target);
    if (pending) {
      throw new ConsoleError('RESTORE_PENDING', `an interrupted restore of ${pending.backupName} is pending in ${target} (phase ${pending.phase})`, {
        hint: `run \`zaxy-console restore --recover rollback --target ${target}\` (or resume) first`,
        exitCode: EXIT.failure,
      });
    }
    await verifyManifest(archive, manifest, ctx.signal);
    ctx.info(`checksum matches ${basename(manifest)}`);
    inspection = await inspectArchive(archive, { signal: ctx.signal, onProgress: (done, total) => ctx.progress(done, total, 'reading archive') });
    ctx.info(`${inspection.members.length} members, ${inspection.sessionLogs.length} session logs; no links, devices or paths outside .eventloom/ and the known files`);
    ctx.info(`expands to ${formatBytes(inspection.expandedBytes)} (${formatBytes(inspection.compressedBytes)} compressed)`);
    if (inspection.sessionLogs.length === 0) {
      throw new ConsoleError('BACKUP_HAS_NO_LOGS', `${basename(archive)} holds no .eventloom/*.jsonl session logs`, { hint: 'pick a backup made by backup.sh or zaxy-console backup', exitCode: EXIT.failure });
    }
    const diskDir = (await exists(target)) ? target : dirname(target);
    await checkFreeSpace(diskDir, inspection.expandedBytes);
    if (args.useScripts && !(await exists(join(target, 'scripts', 'restore.sh')))) {
      throw new ConsoleError('NO_SCRIPT', `${join(target, 'scripts', 'restore.sh')} not found`, { hint: 'drop --use-scripts to extract with the built-in pre-flighted tar', exitCode: EXIT.failure });
    }
    return `${backupName} passed pre-flight`;
  };

  const extract = async (ctx: StepContext) => {
    await mkdir(target, { recursive: true });
    journal = await writeJournal({ ...journalBase(), phase: 'staging' }, { create: true });
    await mkdir(staging);
    if (args.useScripts) {
      const r = await ctx.exec(['bash', join(target, 'scripts', 'restore.sh'), '--archive', archive, '--manifest', manifest, '--target', staging]);
      if (ctx.signal.aborted) throw new ConsoleError('CANCELLED', 'cancelled during extraction', { exitCode: EXIT.cancelled });
      if (r.exitCode !== 0) throw new ConsoleError('SCRIPT_FAILED', `restore.sh failed: ${r.stderrTail.at(-1) ?? `exit ${r.exitCode ?? r.signal}`}`, { exitCode: EXIT.failure });
    } else {
      await extractArchive(ctx, archive, staging);
    }
    if (!(await exists(staged))) throw new ConsoleError('NOTHING_STAGED', `extraction produced no ${EVENTLOOM_DIR} in ${staging}`, { exitCode: EXIT.failure });
    await fsyncPath(staging);
    journal = await writeJournal({ ...journalBase(), phase: 'staged' });
    return `staged in ${staging}`;
  };

  const verifyStaged = async (ctx: StepContext) => {
    const verdicts = await verifyLogsIn(staged, ctx);
    const broken = verdicts.filter((v) => !v.ok);
    if (broken.length > 0) {
      throw new ConsoleError('BACKUP_LOG_BROKEN', `the backup's ${broken.map((v) => basename(v.path)).join(', ')} fails verification`, {
        hint: 'nothing was changed; restore an older backup', exitCode: EXIT.failure,
      });
    }
    restoredEvents = verdicts.reduce((n, v) => n + v.events, 0);
    return `${verdicts.length} logs, ${restoredEvents} events verify`;
  };

  const showImpact = async (ctx: StepContext) => {
    impact = await restoreImpact(staged, live, ctx.signal);
    for (const line of describeImpact(impact)) ctx.info(line);
    return impact.lostEvents === 0 ? 'no live event would be lost' : `${impact.lostEvents} live events would be set aside`;
  };

  const confirm = async (ctx: StepContext) => {
    const lost = impact?.lostEvents ?? 0;
    const ok = await ctx.confirm({
      prompt: `Restore ${backupName} into ${target}? The live .eventloom is moved aside${lost > 0 ? ` and ${lost} live event(s) stop being live` : ''}.`,
      expected: backupName,
    });
    if (!ok) throw new ConsoleError('CANCELLED', 'restore not confirmed; nothing was changed', { exitCode: EXIT.cancelled });
    return 'confirmed';
  };

  const lock = async (ctx: StepContext) => {
    const logs = (await exists(live)) ? (await discoverWorkspace(live)).logs : [];
    locks = await lockLogs(logs, { mode: 'exclusive', timeoutMs: args.lockTimeoutMs ?? 30_000, signal: ctx.signal });
    lockedSizes = new Map(await Promise.all(logs.map(async (p) => [basename(p), (await stat(p)).size] as const)));
    // The impact was computed before the lock; a writer may have appended since. Recount now
    // that nothing can write, so the swap moves exactly what was confirmed or says otherwise.
    const now = await restoreImpact(staged, live, ctx.signal);
    if (impact && now.lostEvents !== impact.lostEvents) ctx.info(`the live logs changed since the summary: ${now.lostEvents} live event(s) will be set aside now`);
    impact = now;
    if (args.keepNewerLive) {
      for (const s of now.sessions.filter((x) => x.liveExtendsBackup)) {
        await copyFile(join(live, `${s.session}.jsonl`), join(staged, `${s.session}.jsonl`));
        ctx.info(`${s.session}: keeping the live log (${s.liveEvents} events, extends the backup's ${s.backupEvents})`);
      }
    }
    return logs.length === 0 ? 'no live logs to lock' : `${logs.length} live log(s) locked; no writer can append`;
  };

  const swap = async (ctx: StepContext) => {
    const hadLive = await exists(live);
    const aside = hadLive ? await unusedPath(join(target, `${EVENTLOOM_DIR}.pre-restore-${stamp}`)) : null;
    journal = await writeJournal({ ...journalBase(), aside, phase: 'swapping' });
    crashPointForTests('restore.swap:journaled');
    if (journal.aside) {
      await rename(live, journal.aside);
      ctx.info(`moved the live ${EVENTLOOM_DIR} aside to ${basename(journal.aside)}`);
    }
    crashPointForTests('restore.swap:mid');
    await rename(staged, live);
    await fsyncPath(target);
    journal = await writeJournal({ ...journalBase(), phase: 'swapped' });
    ctx.info(`the backup's ${EVENTLOOM_DIR} is now live`);
    await releaseLocks();
    return journal.aside ? `previous logs kept in ${basename(journal.aside)}` : 'restored into an empty target';
  };

  const verifyAfter = async (ctx: StepContext) => {
    const verdicts = await verifyLogsIn(live, ctx);
    const broken = verdicts.filter((v) => !v.ok);
    restoredEvents = verdicts.reduce((n, v) => n + v.events, 0);
    if (broken.length > 0) throw new ConsoleError('RESTORED_LOG_BROKEN', `after the swap ${broken.map((v) => basename(v.path)).join(', ')} fails verification`, { hint: 'the restore is rolled back', exitCode: EXIT.failure });
    return `${verdicts.length} live logs verify`;
  };

  const finish = async (ctx: StepContext) => {
    notes = [];
    for (const file of KNOWN_FILES) {
      const from = join(staging, file);
      const to = join(target, file);
      if ((await exists(from)) && !(await exists(to))) {
        await mkdir(dirname(to), { recursive: true });
        await copyFile(from, to);
        notes.push(`restored missing ${file}`);
      }
    }
    await rm(staging, { recursive: true, force: true });
    await removeJournal(target);
    if (journal?.aside) {
      for (const [name, size] of lockedSizes) {
        const now = await stat(join(journal.aside, name)).then((st) => st.size, () => size);
        if (now > size) notes.push(`a writer that had the old ${name} open appended ${now - size} bytes to ${basename(journal.aside)}/${name} after the swap; those events are not live`);
      }
    }
    for (const note of notes) ctx.info(note);
    const sessions = (await discoverWorkspace(live)).logs.map((p) => basename(p, '.jsonl'));
    ctx.info(`rebuild the graph projection from the restored logs: zaxy-console run reproject --root ${target} (or :run reproject), which runs for each session:`);
    for (const sid of sessions) ctx.info(`  zaxy reproject ${join(EVENTLOOM_DIR, `${sid}.jsonl`)} --session-id ${sid}`);
    return 'journal closed, staging removed';
  };

  const releaseLocks = async () => {
    const held = locks;
    locks = null;
    await held?.release();
  };

  return {
    id: 'restore',
    title: `Restore ${backupName}`,
    mutates: true,
    steps: [
      { id: 'restore.preflight', title: 'Pre-flight: checksum, members, disk space, bomb check', run: preflight },
      { id: 'restore.extract', title: 'Extract into a staging directory beside the live log', run: extract },
      { id: 'restore.verify-staged', title: 'Verify every restored log', run: verifyStaged },
      { id: 'restore.impact', title: 'What the restore changes, per session', run: showImpact },
      { id: 'restore.confirm', title: 'Typed confirmation', run: confirm },
      { id: 'restore.lock', title: 'Lock the live logs (no writer may append)', run: lock },
      { id: 'restore.swap', title: 'Swap the staged logs in (atomic renames)', uninterruptible: true, run: swap },
      { id: 'restore.verify-live', title: 'Verify the live logs again', run: verifyAfter },
      { id: 'restore.finish', title: 'Close the journal, remove staging', run: finish },
    ],
    summary: () => `Restored ${backupName} into ${target}: ${restoredEvents} events${journal?.aside ? `; previous logs in ${journal.aside}` : ''}`,
    cleanup: async (ctx, status) => {
      await releaseLocks();
      if (status === 'ok') return;
      const current = await readJournal(target);
      // The journal is ours only if this run wrote it (a pending one from a crash is left alone).
      if (!current || current.staging !== staging) return;
      if (current.phase === 'swapping' || current.phase === 'swapped') {
        ctx.info('rolling back the swap');
        await rollbackSwap(current, ctx);
      } else {
        await rm(staging, { recursive: true, force: true });
        await removeJournal(target);
        ctx.info('nothing was changed; staging removed');
      }
    },
  };
}

/** Undo whichever renames of a swap happened, leaving the pre-restore logs live. */
export async function rollbackSwap(journal: RestoreJournal, ctx: StepContext): Promise<void> {
  const facts = await swapFacts(journal);
  const state = swapStateOf(facts);
  if (state === 'inconsistent') {
    throw new ConsoleError('RECOVERY_INCONSISTENT', `cannot tell which renames happened in ${journal.target} (live ${facts.liveExists}, staged ${facts.stagedExists}, aside ${facts.asideExists})`, {
      hint: `nothing was touched; inspect ${journal.target} and ${journal.staging} by hand`,
      exitCode: EXIT.failure,
    });
  }
  if (state === 'swapped') {
    // Kept, not deleted: once the swap was done a writer may have appended to the restored logs.
    const kept = join(journal.target, `${EVENTLOOM_DIR}.failed-restore-${utcStamp(new Date())}`);
    await rename(journal.live, kept);
    ctx.info(`the restored copy is kept in ${basename(kept)}`);
  }
  if (journal.aside && (state === 'swapped' || state === 'half-swapped')) await rename(journal.aside, journal.live);
  await fsyncPath(journal.target);
  await rm(journal.staging, { recursive: true, force: true });
  await removeJournal(journal.target);
  ctx.info(journal.aside ? `the pre-restore logs are live again; ${journal.backupName} was not restored` : `the target has no live logs again; ${journal.backupName} was not restored`);
}

/** Finish whichever renames of a swap are missing, then the restored logs are live. */
export async function completeSwap(journal: RestoreJournal, ctx: StepContext): Promise<void> {
  const facts = await swapFacts(journal);
  const state = swapStateOf(facts);
  if (state === 'inconsistent') {
    throw new ConsoleError('RECOVERY_INCONSISTENT', `cannot tell which renames happened in ${journal.target}`, { hint: 'nothing was touched; inspect it by hand', exitCode: EXIT.failure });
  }
  if (state === 'not-started' && journal.aside) await rename(journal.live, journal.aside);
  if (state !== 'swapped') await rename(journal.staged, journal.live);
  await fsyncPath(journal.target);
  await writeJournal({ ...journal, phase: 'swapped' });
  ctx.info(`the restored ${EVENTLOOM_DIR} from ${journal.backupName} is live`);
}
