// Keys and palette → the action runner: one action at a time, its events folded into the store
// (the action pane), its typed confirmations answered from the dialog, Esc/Ctrl-C cancelling it.
// The runner module (execa, the flows) is loaded on first use, not on the first frame.
import type { ConsoleConfig } from '../config.js';
import type { ActionArgs } from '../ui/navigation.js';
import type { FlowInfo } from '../ui/palette.js';
import { applyActionEvent, type ConsoleStore } from '../store/state.js';
import type { UserAction } from '../actions/flows/run-script.js';

export interface ActionController {
  start(flowId: string, args: ActionArgs): void;
  /** The operator's answer to the running flow's typed confirmation. */
  answer(confirmed: boolean): void;
  cancel(): void;
  readonly running: () => boolean;
  /** On quit: cancels the running action and waits until it has stopped (and rolled back). */
  close(): Promise<{ flowId: string; message: string } | null>;
}

export interface ActionControllerOptions {
  readonly store: ConsoleStore;
  readonly config: ConsoleConfig;
  readonly readOnly: boolean;
  /** `:run <name>` actions from the console config file. */
  readonly userActions?: readonly UserAction[];
  /** Called when an action finishes, so panes show what it changed without waiting a poll. */
  readonly onFinished: () => void;
}

/** The flows for the palette and `:run`, loaded with the runner. */
export async function loadFlowInfos(): Promise<FlowInfo[]> {
  const { flows } = await import('../actions/index.js');
  return flows.map((f) => ({ id: f.id, title: f.title, danger: f.mutates }));
}

export function createActionController({ store, config, readOnly, userActions = [], onFinished }: ActionControllerOptions): ActionController {
  let current: { flowId: string; abort: AbortController; done: Promise<{ status: string; message: string }> } | null = null;
  let pendingConfirm: ((answer: boolean) => void) | null = null;
  const listener = (event: Parameters<typeof applyActionEvent>[1]) => applyActionEvent(store, event);

  return {
    start(flowId, args) {
      // The App refuses a second action while one runs; this guards against a race all the same.
      if (current) return;
      const abort = new AbortController();
      const done = import('../actions/index.js').then(({ startAction }) =>
        startAction(flowId, args, listener, abort.signal, {
          context: { root: config.root.value, eventloom: config.eventloomPath.value, backupDir: config.backupDir.value, readonly: readOnly, userActions },
          // The runner also emits the request as an event: the dialog reads it from the store.
          confirm: () =>
            new Promise<boolean>((resolve) => {
              pendingConfirm = resolve;
            }),
        }),
      );
      const run = { flowId, abort, done };
      current = run;
      done
        .catch((error: unknown) => listener({ type: 'result', status: 'failed', message: error instanceof Error ? error.message : String(error), elapsedMs: 0, logFile: null }))
        .finally(() => {
          if (current === run) current = null;
          pendingConfirm = null;
          onFinished();
        });
    },
    answer(confirmed) {
      const resolve = pendingConfirm;
      pendingConfirm = null;
      resolve?.(confirmed);
    },
    cancel() {
      pendingConfirm?.(false);
      pendingConfirm = null;
      current?.abort.abort();
    },
    running: () => current !== null,
    async close() {
      const run = current;
      if (!run) return null;
      pendingConfirm?.(false);
      run.abort.abort();
      const outcome = await run.done.catch((error: unknown) => ({ status: 'failed', message: error instanceof Error ? error.message : String(error) }));
      return { flowId: run.flowId, message: `${outcome.status}: ${outcome.message}` };
    },
  };
}
