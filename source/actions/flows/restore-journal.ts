// The restore journal, <target>/.zaxy-console/restore-journal.json: where a restore was when
// the process died. It is rewritten (temp + fsync + rename + directory fsync) at each step
// boundary, so after a SIGKILL or a power cut the next start knows exactly which renames may
// have happened and can finish them (resume) or undo them (rollback).
import { link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConsoleError, EXIT } from '../../errors.js';
import { STATE_DIR } from '../runner.js';
import { exists, fsyncPath } from '../paths.js';

export type RestorePhase = 'staging' | 'staged' | 'swapping' | 'swapped';

export interface RestoreJournal {
  readonly version: 1;
  readonly archive: string;
  readonly manifest: string;
  readonly target: string;
  readonly backupName: string;
  /** The staging directory beside the live log (same filesystem). */
  readonly staging: string;
  /** `<staging>/.eventloom`: what becomes the live log. */
  readonly staged: string;
  /** `<target>/.eventloom`. */
  readonly live: string;
  /** Where the live log is moved aside; null when the target had none. */
  readonly aside: string | null;
  readonly phase: RestorePhase;
  readonly pid: number;
  readonly updatedAt: string;
}

export const JOURNAL_NAME = 'restore-journal.json';
export const journalPath = (target: string) => join(target, STATE_DIR, JOURNAL_NAME);

/**
 * Writes the journal durably. With `create`, it must not exist yet (link() fails on an existing
 * name atomically), so two consoles cannot both start a restore of the same target.
 */
export async function writeJournal(journal: Omit<RestoreJournal, 'version' | 'pid' | 'updatedAt'>, options: { create?: boolean } = {}): Promise<RestoreJournal> {
  const full: RestoreJournal = { version: 1, ...journal, pid: process.pid, updatedAt: new Date().toISOString() };
  const dir = join(journal.target, STATE_DIR);
  await mkdir(dir, { recursive: true });
  const path = journalPath(journal.target);
  const temp = `${path}.tmp-${process.pid}`;
  await writeFile(temp, `${JSON.stringify(full, null, 2)}\n`, { flush: true });
  if (options.create) {
    try {
      await link(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new ConsoleError('RESTORE_PENDING', `another restore of ${journal.target} has started (or was interrupted)`, { hint: 'wait for it, or recover it with restore --recover', exitCode: EXIT.failure });
      }
      throw error;
    }
    await rm(temp, { force: true });
  } else {
    await rename(temp, path);
  }
  await fsyncPath(dir);
  return full;
}

export async function readJournal(target: string): Promise<RestoreJournal | null> {
  let text: string;
  try {
    text = await readFile(journalPath(target), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as RestoreJournal;
    if (parsed.version !== 1 || typeof parsed.live !== 'string' || typeof parsed.staged !== 'string') throw new Error('unknown journal shape');
    return parsed;
  } catch (error) {
    throw new ConsoleError('JOURNAL_UNREADABLE', `the restore journal ${journalPath(target)} is unreadable (${(error as Error).message})`, {
      hint: `inspect ${target} by hand: the live log is .eventloom, a moved-aside one is .eventloom.pre-restore-*`,
      exitCode: EXIT.failure,
    });
  }
}

export async function removeJournal(target: string): Promise<void> {
  await rm(journalPath(target), { force: true });
  if (await exists(join(target, STATE_DIR))) await fsyncPath(join(target, STATE_DIR));
}

/** Where the renames of a swap stand, from what is on disk. */
export type SwapState = 'not-started' | 'half-swapped' | 'swapped' | 'inconsistent';

export interface SwapFacts {
  readonly liveExists: boolean;
  readonly stagedExists: boolean;
  readonly asideExists: boolean;
  readonly hadLive: boolean;
}

/** Pure: which of the two renames happened. */
export function swapStateOf(f: SwapFacts): SwapState {
  if (f.hadLive) {
    if (f.liveExists && f.stagedExists && !f.asideExists) return 'not-started';
    if (!f.liveExists && f.stagedExists && f.asideExists) return 'half-swapped';
    if (f.liveExists && !f.stagedExists && f.asideExists) return 'swapped';
    return 'inconsistent';
  }
  if (!f.liveExists && f.stagedExists) return 'not-started';
  if (f.liveExists && !f.stagedExists) return 'swapped';
  return 'inconsistent';
}

export async function swapFacts(journal: RestoreJournal): Promise<SwapFacts> {
  return {
    liveExists: await exists(journal.live),
    stagedExists: await exists(journal.staged),
    asideExists: journal.aside !== null && (await exists(journal.aside)),
    hadLive: journal.aside !== null,
  };
}
