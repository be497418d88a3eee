// After a crash: the next start finds the restore journal and offers the recovery that fits
// where the restore stopped. Before the swap the live logs were never touched, so rollback only
// removes staging and resume starts the restore again; once the swap began, rollback undoes the
// renames that happened and resume finishes them, then verifies like a normal restore.
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConsoleError, EXIT } from '../../errors.js';
import { runAction, type RunOutcome } from '../runner.js';
import type { Action, ActionListener, ConfirmRequest, Step } from '../types.js';
import { readJournal, removeJournal, swapFacts, swapStateOf, type RestoreJournal, type SwapState } from './restore-journal.js';
import { completeSwap, restoreAction, rollbackSwap } from './restore.js';

export type RecoveryMode = 'rollback' | 'resume';

export interface PendingRecovery {
  readonly journal: RestoreJournal;
  readonly swap: SwapState | null;
  /** One line for the TUI banner / headless refusal. */
  readonly description: string;
  readonly rollback: string;
  readonly resume: string;
}

export async function findPendingRecovery(target: string): Promise<PendingRecovery | null> {
  const journal = await readJournal(resolve(target));
  if (!journal) return null;
  const swapping = journal.phase === 'swapping' || journal.phase === 'swapped';
  const swap = swapping ? swapStateOf(await swapFacts(journal)) : null;
  const where = swapping ? `during the swap (${swap})` : `before the swap (${journal.phase}); the live logs were not touched`;
  return {
    journal,
    swap,
    description: `a restore of ${journal.backupName} into ${journal.target} was interrupted ${where}`,
    rollback: swapping ? 'undo the renames: the pre-restore logs become live again' : 'remove the staging directory',
    resume: swapping ? 'finish the swap, verify the restored logs, close the journal' : 'start the restore again from the archive',
  };
}

export async function recoveryAction(target: string, mode: RecoveryMode): Promise<Action> {
  const pending = await findPendingRecovery(target);
  if (!pending) {
    throw new ConsoleError('NO_PENDING_RESTORE', `no interrupted restore in ${resolve(target)}`, { hint: 'nothing to recover', exitCode: EXIT.failure });
  }
  const { journal } = pending;
  const inspect: Step = {
    id: 'recover.inspect',
    title: 'Read the restore journal',
    run: (ctx) => {
      ctx.info(pending.description);
      ctx.info(`${mode}: ${mode === 'rollback' ? pending.rollback : pending.resume}`);
      return Promise.resolve(`phase ${journal.phase}`);
    },
  };
  const swapping = journal.phase === 'swapping' || journal.phase === 'swapped';
  if (mode === 'rollback') {
    return {
      id: 'restore.recover',
      title: `Roll back the interrupted restore of ${journal.backupName}`,
      mutates: true,
      steps: [
        inspect,
        {
          id: 'recover.rollback',
          title: swapping ? 'Undo the swap' : 'Remove staging',
          uninterruptible: true,
          run: async (ctx) => {
            if (swapping) await rollbackSwap(journal, ctx);
            else {
              await rm(journal.staging, { recursive: true, force: true });
              await removeJournal(journal.target);
              ctx.info('staging removed; the live logs were never touched');
            }
          },
        },
      ],
      summary: () => `Rolled back: ${journal.target} holds its pre-restore logs`,
    };
  }
  const clean: Step = {
    id: 'recover.clean',
    title: 'Remove the interrupted staging',
    run: async () => {
      await rm(journal.staging, { recursive: true, force: true });
      await removeJournal(journal.target);
    },
  };
  if (!swapping) {
    const again = restoreAction({ archive: journal.archive, manifest: journal.manifest, target: journal.target });
    return { ...again, id: 'restore.recover', steps: [inspect, clean, ...again.steps] };
  }
  const finishing = restoreAction({ archive: journal.archive, manifest: journal.manifest, target: journal.target, resume: journal });
  const complete: Step = { id: 'recover.complete-swap', title: 'Finish the swap', uninterruptible: true, run: (ctx) => completeSwap(journal, ctx) };
  return {
    ...finishing,
    id: 'restore.recover',
    title: `Resume the interrupted restore of ${journal.backupName}`,
    steps: [inspect, complete, ...finishing.steps.filter((s) => s.id === 'restore.verify-live' || s.id === 'restore.finish')],
  };
}

/** Runs the recovery the operator chose (the TUI's "resume / roll back" dialog, headless --recover). */
export async function recover(
  target: string,
  mode: RecoveryMode,
  options: { readonly listener?: ActionListener; readonly signal?: AbortSignal; readonly confirm?: (request: ConfirmRequest) => Promise<boolean>; readonly readonly?: boolean } = {},
): Promise<RunOutcome> {
  return runAction(await recoveryAction(target, mode), { root: resolve(target), args: { recover: mode, target }, ...options });
}
