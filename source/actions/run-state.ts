// The ActionRun a store holds for the action pane: a pure fold over ActionEvents. Output is kept
// as a bounded tail; the full text is in the run's log file.
import type { ActionEvent, ConfirmRequest, RunStatus, StepStatus } from './types.js';

export const TAIL_LINES = 500;

export interface StepRun {
  readonly id: string;
  readonly title: string;
  readonly status: StepStatus;
  readonly uninterruptible: boolean;
  readonly elapsedMs: number | null;
  readonly message: string | null;
  readonly exitCode: number | null;
}

export interface RunLine {
  readonly stepId: string;
  readonly stream: 'stdout' | 'stderr' | 'info';
  readonly text: string;
}

export interface ActionRun {
  readonly runId: string;
  readonly actionId: string;
  readonly title: string;
  readonly status: RunStatus;
  readonly steps: readonly StepRun[];
  readonly tail: readonly RunLine[];
  /** Lines dropped from the front of the tail (still in the log file). */
  readonly droppedLines: number;
  readonly progress: { readonly stepId: string; readonly done: number; readonly total: number | null; readonly label: string | null } | null;
  readonly pendingConfirm: ConfirmRequest | null;
  readonly cancelRequested: boolean;
  readonly startedAt: number;
  readonly elapsedMs: number | null;
  readonly result: string | null;
  readonly logFile: string | null;
}

export function reduceActionRun(run: ActionRun | null, event: ActionEvent): ActionRun | null {
  if (event.type === 'action-start') {
    return {
      runId: event.runId,
      actionId: event.actionId,
      title: event.title,
      status: 'running',
      steps: event.steps.map((s) => ({ id: s.id, title: s.title, status: 'pending', uninterruptible: s.uninterruptible ?? false, elapsedMs: null, message: null, exitCode: null })),
      tail: [],
      droppedLines: 0,
      progress: null,
      pendingConfirm: null,
      cancelRequested: false,
      startedAt: event.at,
      elapsedMs: null,
      result: null,
      logFile: event.logFile,
    };
  }
  if (run === null) return null;
  switch (event.type) {
    case 'step-start':
      return { ...run, progress: null, steps: patchStep(run.steps, event.stepId, { status: 'running' }) };
    case 'line': {
      const line: RunLine = { stepId: event.stepId, stream: event.stream, text: event.text };
      const full = run.tail.length >= TAIL_LINES;
      return { ...run, tail: full ? [...run.tail.slice(run.tail.length - TAIL_LINES + 1), line] : [...run.tail, line], droppedLines: run.droppedLines + (full ? 1 : 0) };
    }
    case 'progress':
      return { ...run, progress: { stepId: event.stepId, done: event.done, total: event.total, label: event.label } };
    case 'confirm':
      return { ...run, pendingConfirm: event.request };
    case 'cancel-requested':
      return { ...run, cancelRequested: true };
    case 'step-end':
      return {
        ...run,
        pendingConfirm: null,
        steps: patchStep(run.steps, event.stepId, { status: event.status, elapsedMs: event.elapsedMs, message: event.message, exitCode: event.exitCode }),
      };
    case 'result':
      return {
        ...run,
        status: event.status,
        pendingConfirm: null,
        progress: null,
        elapsedMs: event.elapsedMs,
        result: event.message,
        steps: run.steps.map((s) => (s.status === 'pending' ? { ...s, status: 'skipped' } : s)),
      };
  }
}

function patchStep(steps: readonly StepRun[], id: string, patch: Partial<StepRun>): StepRun[] {
  return steps.map((s) => (s.id === id ? { ...s, ...patch } : s));
}
