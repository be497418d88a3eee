// Runs an Action: steps in order, each step's output streamed as events, the full text kept in a
// log file under <root>/.zaxy-console/runs/, one audit line per action. Stops at the first
// failure; cancel interrupts the running step unless it is uninterruptible, in which case it is
// let finish and the action stops right after it.
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConsoleError, type ExitCode } from '../errors.js';
import { runChild } from './child.js';
import { toDisplayText } from '../store/sanitize.js';
import { appendAudit, type AuditStep } from './audit.js';
import type { Action, ActionEvent, ActionListener, ConfirmRequest, LineStream, RunStatus, StepContext } from './types.js';

export interface RunOptions {
  readonly listener?: ActionListener;
  /** Aborted by the operator (Esc/Ctrl-C in the TUI, SIGINT/SIGTERM headless). */
  readonly signal?: AbortSignal;
  /** The deployment root: audit trail and run logs go under <root>/.zaxy-console/. Null: neither. */
  readonly root: string | null;
  /** Recorded in the audit trail with secrets redacted. */
  readonly args?: Readonly<Record<string, unknown>>;
  readonly readonly?: boolean;
  /** Answers typed confirmations; without one every confirmation is declined. */
  readonly confirm?: (request: ConfirmRequest) => Promise<boolean>;
  readonly graceMs?: number;
}

export interface RunOutcome {
  readonly status: Exclude<RunStatus, 'running'>;
  readonly message: string;
  readonly steps: readonly AuditStep[];
  readonly logFile: string | null;
  /** The failing step's ConsoleError exit code (usage errors found by a step stay 2). */
  readonly failureExitCode: ExitCode | null;
}

export const STATE_DIR = '.zaxy-console';
const DEFAULT_GRACE_MS = 5000;

export async function runAction(action: Action, options: RunOptions): Promise<RunOutcome> {
  const started = Date.now();
  const runId = randomBytes(4).toString('hex');
  const emit = (event: ActionEvent) => options.listener?.(event);
  const log = openRunLog(options.root, action.id, runId, started);
  const record = (event: ActionEvent) => {
    log?.write(`${logText(event)}\n`);
    emit(event);
  };
  const steps: AuditStep[] = [];
  let failureExitCode: ExitCode | null = null;

  const finish = async (status: RunOutcome['status'], message: string): Promise<RunOutcome> => {
    record({ type: 'result', status, message, elapsedMs: Date.now() - started, logFile: log?.path ?? null });
    await closeLog(log);
    if (options.root !== null) {
      await appendAudit(options.root, { action: action.id, args: options.args ?? {}, status, message, steps, startedAt: started, elapsedMs: Date.now() - started, logFile: log?.path ?? null });
    }
    return { status, message, steps, logFile: log?.path ?? null, failureExitCode };
  };

  record({ type: 'action-start', runId, actionId: action.id, title: action.title, steps: action.steps.map(({ id, title, uninterruptible }) => ({ id, title, uninterruptible })), at: started, logFile: log?.path ?? null });
  if (action.mutates && options.readonly) {
    return finish('refused', `${action.title} changes the deployment and the console is read-only (--readonly)`);
  }

  const outer = options.signal ?? new AbortController().signal;
  let status: RunOutcome['status'] = 'ok';
  let message = '';
  for (const step of action.steps) {
    crashPointForTests(step.id);
    if (outer.aborted) {
      status = 'cancelled';
      message = `cancelled before ${step.id}`;
      break;
    }
    const stepStarted = Date.now();
    const inner = new AbortController();
    const onOuterAbort = () => {
      record({ type: 'cancel-requested', stepId: step.id, deferred: step.uninterruptible === true });
      if (step.uninterruptible) {
        record({ type: 'line', stepId: step.id, stream: 'info', text: `${step.title} cannot be interrupted; finishing it, then stopping`, at: Date.now() });
      } else {
        inner.abort(outer.reason);
      }
    };
    outer.addEventListener('abort', onOuterAbort, { once: true });
    record({ type: 'step-start', stepId: step.id, title: step.title, uninterruptible: step.uninterruptible === true, at: stepStarted });
    const ctx = stepContext(step.id, inner.signal, record, options, log);
    let stepStatus: 'ok' | 'failed' | 'cancelled' = 'ok';
    let stepMessage: string | null;
    try {
      stepMessage = (await step.run(ctx)) ?? null;
    } catch (error) {
      stepStatus = inner.signal.aborted || isCancel(error) ? 'cancelled' : 'failed';
      stepMessage = describe(error);
      if (error instanceof ConsoleError) failureExitCode = error.exitCode;
    } finally {
      outer.removeEventListener('abort', onOuterAbort);
    }
    const elapsedMs = Date.now() - stepStarted;
    steps.push({ id: step.id, status: stepStatus, elapsedMs, message: stepMessage });
    record({ type: 'step-end', stepId: step.id, status: stepStatus, elapsedMs, message: stepMessage, exitCode: null });
    crashPointForTests(`${step.id}:after`);
    if (stepStatus !== 'ok') {
      status = stepStatus;
      message = stepStatus === 'cancelled' ? `cancelled during ${step.id}` : `${step.id} failed: ${stepMessage ?? 'unknown error'}`;
      break;
    }
  }
  if (status === 'ok' && outer.aborted) {
    // Every step finished before the cancel could stop one: the action is done, say so.
    record({ type: 'line', stepId: action.steps.at(-1)?.id ?? action.id, stream: 'info', text: 'the cancel came after the last step had finished; the action completed', at: Date.now() });
  }
  if (action.cleanup) {
    const cleanupId = `${action.id}.cleanup`;
    try {
      await action.cleanup(stepContext(cleanupId, new AbortController().signal, record, options, log), status);
    } catch (error) {
      record({ type: 'line', stepId: cleanupId, stream: 'stderr', text: `cleanup failed: ${describe(error)}`, at: Date.now() });
      if (status === 'ok') status = 'failed';
      message = `${message ? `${message}; ` : ''}cleanup failed: ${describe(error)}`;
    }
  }
  if (status === 'ok') message = action.summary?.() ?? `${action.title} finished`;
  return finish(status, message);
}

function stepContext(stepId: string, signal: AbortSignal, record: (event: ActionEvent) => void, options: RunOptions, log: RunLog | null): StepContext {
  const line = (stream: LineStream, text: string) => record({ type: 'line', stepId, stream, text, at: Date.now() });
  return {
    stepId,
    signal,
    info: (text) => {
      for (const part of text.split('\n')) line('info', toDisplayText(part));
    },
    progress: (done, total = null, label = null) => record({ type: 'progress', stepId, done, total, label }),
    exec: (argv, execOptions = {}) =>
      runChild(argv, {
        cwd: execOptions.cwd,
        env: execOptions.env,
        signal,
        graceMs: options.graceMs ?? DEFAULT_GRACE_MS,
        capture: execOptions.capture,
        onLine: (stream, text) => {
          if (execOptions.quiet) log?.write(`${new Date().toISOString()} ${stepId} ${stream}| ${text}\n`);
          else line(stream, text);
        },
      }),
    confirm: async (request) => {
      record({ type: 'confirm', stepId, request });
      return options.confirm ? options.confirm(request) : false;
    },
  };
}

function describe(error: unknown): string {
  if (error instanceof ConsoleError) return error.toLine();
  if (error instanceof Error) return error.message;
  return String(error);
}

function isCancel(error: unknown): boolean {
  return error instanceof ConsoleError ? error.code === 'CANCELLED' : error instanceof Error && error.name === 'AbortError';
}

/** Throws the standard cancellation error when the step's signal is aborted. */
export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new ConsoleError('CANCELLED', 'cancelled', { exitCode: 130 });
}

interface RunLog {
  readonly path: string;
  readonly stream: WriteStream;
  write(text: string): void;
}

function openRunLog(root: string | null, actionId: string, runId: string, started: number): RunLog | null {
  if (root === null) return null;
  const dir = join(root, STATE_DIR, 'runs');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${utcStamp(new Date(started))}-${actionId}-${runId}.log`);
  const stream = createWriteStream(path, { flags: 'a' });
  return { path, stream, write: (text) => void stream.write(text) };
}

function closeLog(log: RunLog | null): Promise<void> {
  if (!log) return Promise.resolve();
  return new Promise((resolve) => log.stream.end(() => resolve()));
}

function logText(event: ActionEvent): string {
  const at = new Date().toISOString();
  switch (event.type) {
    case 'action-start':
      return `${at} == ${event.actionId} (${event.title}) run ${event.runId}`;
    case 'step-start':
      return `${at} >> ${event.stepId} ${event.title}`;
    case 'line':
      return `${at} ${event.stepId} ${event.stream}| ${event.text}`;
    case 'progress':
      return `${at} ${event.stepId} progress ${event.done}/${event.total ?? '?'} ${event.label ?? ''}`;
    case 'confirm':
      return `${at} ${event.stepId} confirm: ${event.request.prompt}`;
    case 'cancel-requested':
      return `${at} cancel requested${event.deferred ? ' (deferred until the step finishes)' : ''}`;
    case 'step-end':
      return `${at} << ${event.stepId} ${event.status} ${event.elapsedMs}ms ${event.message ?? ''}`;
    case 'result':
      return `${at} == ${event.status}: ${event.message}`;
  }
}

/** `YYYYmmddTHHMMSSZ`, the stamp Zaxy's scripts use. */
export function utcStamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/**
 * Test hook for crash safety: ZAXY_CONSOLE_TEST_CRASH_AT=<step id> (before the step),
 * <step id>:after, or a flow-defined point such as restore.swap:mid sends this process
 * ZAXY_CONSOLE_TEST_CRASH_SIGNAL (default SIGKILL, like a power cut; SIGINT exercises the
 * operator's Ctrl-C) right there. Inert unless the variable is set.
 */
export function crashPointForTests(point: string): void {
  if (process.env.ZAXY_CONSOLE_TEST_CRASH_AT !== point) return;
  const signal = process.env.ZAXY_CONSOLE_TEST_CRASH_SIGNAL === 'SIGINT' ? 'SIGINT' : 'SIGKILL';
  process.kill(process.pid, signal);
}
