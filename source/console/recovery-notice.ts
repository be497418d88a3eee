// A restore cut off by a crash leaves its journal under <root>/.zaxy-console: until it is rolled
// back or resumed the live logs may be half swapped, and every later restore refuses. The console
// says so in the action pane as soon as it starts, with both ways out, rather than letting the
// operator find out when the next restore is refused.
import type { PendingRecovery } from '../actions/index.js';
import type { ActionEvent } from '../actions/types.js';
import { applyActionEvent, type ConsoleStore } from '../store/state.js';

type FindPendingRecovery = (target: string) => Promise<PendingRecovery | null>;

const STEP_ID = 'recover.notice';

/** Single-quoted for a POSIX shell when needed, so the printed command can be pasted as is. */
function shellWord(text: string): string {
  return /^[\w./:@%+=-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The notice as action events: a finished pseudo-run (status `refused`, since nothing ran), so
 * the pane shows it with the usual title and status but no action counts as running.
 */
export function recoveryNoticeEvents(root: string, pending: PendingRecovery, at: number): ActionEvent[] {
  const lines = [
    pending.description,
    // The in-console way out first: in a narrow pane the later lines are the ones cut short.
    'here: :run recover rollback  or  :run recover resume',
    `rollback: ${pending.rollback}`,
    `resume: ${pending.resume}`,
    `or in a shell: zaxy-console restore --recover rollback|resume --target ${shellWord(root)}`,
  ];
  return [
    { type: 'action-start', runId: 'pending-recovery', actionId: 'restore.pending', title: `An interrupted restore of ${pending.journal.backupName} was found`, steps: [], at, logFile: null },
    ...lines.map((text): ActionEvent => ({ type: 'line', stepId: STEP_ID, stream: 'info', text, at })),
    { type: 'result', status: 'refused', message: 'roll it back or resume it before anything else', elapsedMs: 0, logFile: null },
  ];
}

/**
 * Reads the target's restore journal once and, when a restore was interrupted, shows the notice
 * unless an action already took the pane. The flows are loaded lazily, like the runner, so the
 * first frame does not wait for them. An unreadable journal is reported rather than ignored:
 * it means the same thing to the operator (a restore did not finish).
 */
export async function announcePendingRecovery(
  store: ConsoleStore,
  root: string,
  find: FindPendingRecovery = async (target) => (await import('../actions/index.js')).findPendingRecovery(target),
): Promise<PendingRecovery | null> {
  let pending: PendingRecovery | null;
  let events: ActionEvent[];
  try {
    pending = await find(root);
    if (!pending) return null;
    events = recoveryNoticeEvents(root, pending, Date.now());
  } catch (error) {
    pending = null;
    const at = Date.now();
    events = [
      { type: 'action-start', runId: 'pending-recovery', actionId: 'restore.pending', title: 'The restore journal could not be read', steps: [], at, logFile: null },
      { type: 'line', stepId: STEP_ID, stream: 'stderr', text: error instanceof Error ? error.message : String(error), at },
      { type: 'result', status: 'refused', message: `check ${shellWord(root)}/.zaxy-console/restore-journal.json`, elapsedMs: 0, logFile: null },
    ];
  }
  if (store.getState().action !== null) return pending;
  for (const event of events) applyActionEvent(store, event);
  return pending;
}
