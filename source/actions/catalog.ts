// The flows the TUI offers (keys, palette, confirmation kind) and the one entry point that starts
// them: the TUI passes a flow id and what is selected, and gets events on its listener.
import { join } from 'node:path';
import { ConsoleError, EXIT } from '../errors.js';
import { backupAction } from './flows/backup.js';
import { restoreAction } from './flows/restore.js';
import { recoveryAction } from './flows/restore-recovery.js';
import { rotateAction } from './flows/rotate.js';
import { BUILTIN_SCRIPTS, runScriptAction, type UserAction } from './flows/run-script.js';
import { validateAction } from './flows/validate.js';
import { verifyReplayAction } from './flows/verify-replay.js';
import { runAction, type RunOutcome } from './runner.js';
import type { Action, ActionListener, ConfirmRequest } from './types.js';
import { manifestPathFor } from '../eventloom/index.js';

export interface FlowDescriptor {
  readonly id: string;
  readonly title: string;
  /** The TUI key; null for palette-only flows. */
  readonly key: string | null;
  readonly mutates: boolean;
  /** `typed`: the flow asks for a typed confirmation itself (ConfirmRequest events). */
  readonly confirm: 'none' | 'typed';
}

export const flows: readonly FlowDescriptor[] = [
  { id: 'verify', title: 'Replay verification (live logs, archives, newest backup)', key: 'v', mutates: false, confirm: 'none' },
  { id: 'validate', title: 'Validate the deployment', key: 'V', mutates: false, confirm: 'none' },
  { id: 'backup', title: 'Back up the deployment', key: 'b', mutates: true, confirm: 'none' },
  { id: 'restore', title: 'Restore the selected backup', key: 'R', mutates: true, confirm: 'typed' },
  { id: 'rotate', title: 'Rotate the selected session log', key: 'o', mutates: true, confirm: 'none' },
  { id: 'recover', title: 'Recover an interrupted restore (rollback | resume)', key: null, mutates: true, confirm: 'none' },
  // Whether a script mutates is known per script; the runner refuses the mutating ones read-only.
  { id: 'run', title: 'Run an operational script (release-check, doctor, status, user actions)', key: null, mutates: false, confirm: 'none' },
];

/** Where the deployment is (from the loaded config). */
export interface FlowContext {
  readonly root: string;
  readonly eventloom: string;
  readonly backupDir: string;
  readonly readonly: boolean;
  /** The zaxy CLI for `run doctor` / `run status`. */
  readonly zaxy?: string;
  readonly userActions?: readonly UserAction[];
}

/** What a flow is started with: the TUI's selection (fields absent when the flow applies to everything). */
export interface FlowArgs {
  readonly sessionId?: string;
  readonly sessionPath?: string;
  readonly backupName?: string;
  readonly archive?: string;
  readonly manifest?: string | null;
  /** Extra words after `:run <flow>`, or flow options such as `--keep-newer-live`. */
  readonly extra?: readonly string[];
}

export async function buildFlow(flowId: string, args: FlowArgs, context: FlowContext): Promise<Action> {
  const sessionLog = args.sessionPath ?? (args.sessionId ? join(context.eventloom, `${args.sessionId}.jsonl`) : undefined);
  switch (flowId) {
    case 'verify':
      return verifyReplayAction({ eventloom: context.eventloom, backupDir: context.backupDir, only: sessionLog ? [sessionLog] : undefined });
    case 'validate':
      return validateAction({ root: context.root });
    case 'backup':
      return backupAction({ root: context.root, outputDir: context.backupDir });
    case 'restore': {
      const archive = args.archive ?? (args.backupName ? join(context.backupDir, `${args.backupName}.tar.gz`) : undefined);
      if (!archive) throw flowUsage('restore needs a backup: select one in the Backups pane');
      return restoreAction({ archive, manifest: args.manifest ?? manifestPathFor(archive), target: context.root, keepNewerLive: args.extra?.includes('--keep-newer-live') });
    }
    case 'rotate':
      if (!sessionLog) throw flowUsage('rotate needs a session: select one in the Sessions pane');
      return rotateAction({ log: sessionLog, backupDir: context.backupDir, forceWithoutBackup: args.extra?.includes('--force-without-backup') });
    case 'recover': {
      const mode = args.extra?.[0];
      if (mode !== 'rollback' && mode !== 'resume') throw flowUsage('recover needs rollback or resume (:run recover rollback)');
      return recoveryAction(context.root, mode);
    }
    case 'run': {
      const [name] = args.extra ?? [];
      if (!name) throw flowUsage(`:run needs a name (${BUILTIN_SCRIPTS.join(', ')})`);
      return runScriptAction({ name, root: context.root, session: args.sessionId, zaxy: context.zaxy, userActions: context.userActions });
    }
    default:
      throw flowUsage(`unknown flow ${flowId} (known: ${flows.map((f) => f.id).join(', ')})`);
  }
}

/**
 * Starts a flow: builds it from the selection, runs it with the audit trail under the root, and
 * streams ActionEvents to `listener`. A flow that cannot be built still produces a start and a
 * refused result, so the action pane always shows why.
 */
export async function startAction(
  flowId: string,
  args: FlowArgs,
  listener: ActionListener,
  signal: AbortSignal,
  options: { readonly context: FlowContext; readonly confirm: (request: ConfirmRequest) => Promise<boolean> },
): Promise<RunOutcome> {
  let action: Action;
  try {
    action = await buildFlow(flowId, args, options.context);
  } catch (error) {
    const message = error instanceof ConsoleError ? error.toLine() : String(error);
    action = { id: flowId, title: flows.find((f) => f.id === flowId)?.title ?? flowId, mutates: false, steps: [{ id: `${flowId}.prepare`, title: 'Prepare', run: () => Promise.reject(new ConsoleError('FLOW_UNAVAILABLE', message, { exitCode: EXIT.usage })) }] };
  }
  return runAction(action, { root: options.context.root, args: { flow: flowId, ...args }, listener, signal, readonly: options.context.readonly, confirm: options.confirm });
}

function flowUsage(message: string): ConsoleError {
  return new ConsoleError('FLOW_USAGE', message, { exitCode: EXIT.usage });
}
