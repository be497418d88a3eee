// The action pane from the ActionRun the runner's events fold into: a title with the step in
// progress, the bounded output tail, and a typed confirmation the flow is waiting for.
import type { ActionRun } from '../../actions/run-state.js';
import { toDisplayText } from '../sanitize.js';
import type { ActionOutputView, SourceStatusView } from '../view-model.js';
import { preciseAge } from './common.js';

const IDLE: ActionOutputView = {
  status: { text: 'idle', tone: 'muted', mark: 'unknown', aging: false },
  title: '',
  lines: [],
  empty: 'no action run yet — v verify, V validate, b backup, : for commands',
  confirm: null,
  running: false,
};

function runStatus(run: ActionRun, now: number): SourceStatusView {
  switch (run.status) {
    case 'running':
      return { text: `running ${preciseAge(now - run.startedAt)}${run.cancelRequested ? ', cancelling…' : ''}`, tone: 'info', mark: 'running', aging: true };
    case 'ok':
      return { text: `ok in ${preciseAge(run.elapsedMs ?? 0)}`, tone: 'ok', mark: 'ok', aging: false };
    case 'failed':
      return { text: `failed after ${preciseAge(run.elapsedMs ?? 0)}`, tone: 'error', mark: 'bad', aging: false };
    case 'cancelled':
      return { text: 'cancelled', tone: 'warn', mark: 'warn', aging: false };
    case 'refused':
      return { text: 'refused', tone: 'warn', mark: 'warn', aging: false };
  }
}

export function formatAction(run: ActionRun | null, now: number): ActionOutputView {
  if (!run) return IDLE;
  const index = run.steps.findIndex((s) => s.status === 'running');
  const step = run.steps[index];
  const progress = run.progress && run.progress.total ? ` ${Math.floor((run.progress.done / run.progress.total) * 100)}%` : '';
  const where = step ? ` · step ${index + 1}/${run.steps.length} ${toDisplayText(step.title)}${progress}` : '';
  const result = run.result ? ` · ${toDisplayText(run.result, { maxLength: 200 })}` : '';
  const lines = run.tail.map((l) => `${l.stream === 'stderr' ? '! ' : l.stream === 'info' ? '· ' : '  '}${toDisplayText(l.text, { maxLength: 2000 })}`);
  if (run.droppedLines > 0) lines.unshift(`… ${run.droppedLines} earlier lines in ${toDisplayText(run.logFile ?? 'the run log')}`);
  return {
    status: runStatus(run, now),
    title: `${toDisplayText(run.title)}${where}${result}`,
    lines,
    empty: 'no output yet',
    confirm: run.pendingConfirm ? { prompt: toDisplayText(run.pendingConfirm.prompt, { multiline: true }), expected: run.pendingConfirm.expected } : null,
    running: run.status === 'running',
  };
}
