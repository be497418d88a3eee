// The vocabulary shared by the runner, the flows, the TUI and the headless commands. An action is
// data (a list of named steps); everything a viewer needs arrives as ActionEvents, so the TUI and
// the headless printer are two listeners of the same stream.

export type StepStatus = 'pending' | 'running' | 'ok' | 'failed' | 'cancelled' | 'skipped';
export type RunStatus = 'running' | 'ok' | 'failed' | 'cancelled' | 'refused';
export type LineStream = 'stdout' | 'stderr' | 'info';

export interface StepInfo {
  /** `area.verb`, e.g. `restore.extract`. */
  readonly id: string;
  readonly title: string;
  /** An atomic swap: cancelling waits for it to finish instead of interrupting it. */
  readonly uninterruptible?: boolean;
}

export interface ConfirmRequest {
  readonly prompt: string;
  /** The text the operator must type (a typed confirmation), e.g. the backup name. */
  readonly expected: string;
}

export type ActionEvent =
  | { readonly type: 'action-start'; readonly runId: string; readonly actionId: string; readonly title: string; readonly steps: readonly StepInfo[]; readonly at: number; readonly logFile: string | null }
  | { readonly type: 'step-start'; readonly stepId: string; readonly title: string; readonly uninterruptible: boolean; readonly at: number }
  | { readonly type: 'line'; readonly stepId: string; readonly stream: LineStream; readonly text: string; readonly at: number }
  | { readonly type: 'progress'; readonly stepId: string; readonly done: number; readonly total: number | null; readonly label: string | null }
  | { readonly type: 'confirm'; readonly stepId: string; readonly request: ConfirmRequest }
  | { readonly type: 'cancel-requested'; readonly stepId: string | null; readonly deferred: boolean }
  | { readonly type: 'step-end'; readonly stepId: string; readonly status: Exclude<StepStatus, 'pending' | 'running'>; readonly elapsedMs: number; readonly message: string | null; readonly exitCode: number | null }
  | { readonly type: 'result'; readonly status: Exclude<RunStatus, 'running'>; readonly message: string; readonly elapsedMs: number; readonly logFile: string | null };

export type ActionListener = (event: ActionEvent) => void;

export interface ChildResult {
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** Last lines of stderr, for the step's failure message. */
  readonly stderrTail: readonly string[];
  /** Raw stdout text, only when run with `capture` (for output a step parses, e.g. JSON). */
  readonly stdout: string | null;
}

export interface ExecOptions {
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Lines are streamed as events; `quiet` keeps them out of the pane but still in the log file. */
  readonly quiet?: boolean;
  /** Keep stdout (unsanitised) in the result as well as streaming it. */
  readonly capture?: boolean;
}

export interface StepContext {
  readonly stepId: string;
  /** Aborted when the operator cancels (never during an uninterruptible step). */
  readonly signal: AbortSignal;
  info(text: string): void;
  progress(done: number, total?: number | null, label?: string | null): void;
  /** Runs a child process by argv (never a shell string), streaming its output line by line. */
  exec(argv: readonly string[], options?: ExecOptions): Promise<ChildResult>;
  /** Asks for a typed confirmation; resolves false when declined. */
  confirm(request: ConfirmRequest): Promise<boolean>;
}

export interface Step extends StepInfo {
  /** Returns a short summary for the step-end line, or nothing. Throws ConsoleError on failure. */
  run(ctx: StepContext): Promise<string | void>;
}

export interface Action {
  readonly id: string;
  readonly title: string;
  readonly mutates: boolean;
  readonly steps: readonly Step[];
  /** The result line on success (may read state the steps filled in). */
  summary?(): string;
  /** Runs after the steps whatever happened (remove staging, roll back); cannot be cancelled. */
  cleanup?(ctx: StepContext, status: Exclude<RunStatus, 'running' | 'refused'>): Promise<void>;
}
