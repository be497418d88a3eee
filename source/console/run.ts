// Opens the interactive console on a configuration: checks the terminal, mounts the Ink app on
// the alternate screen, starts one poller per source writing into the store, and turns the
// keyboard's effects into poller controls. Returns when the user quits (0) or a signal arrives
// (130); the terminal is restored on every path (see terminal.ts).
import type { CommandContext } from '../commands/command.js';
import type { ConsoleConfig } from '../config.js';
import { ConsoleError, EXIT, type ExitCode } from '../errors.js';
import { createConsoleStore } from '../store/state.js';
import { loadConsoleFile } from '../ui/key-config.js';
import { createTheme, resolveAscii, resolveColorMode, type ColorMode } from '../ui/theme.js';
import { createActionController, loadFlowInfos } from './actions.js';
import { asciiStdout } from './ascii-output.js';
import { createPollerGroup, type PollerGroup } from './poller-group.js';
import { announcePendingRecovery } from './recovery-notice.js';
import { createSourceBindings, type SourceOptions } from './sources.js';
import { guardTerminal, HOME_AND_CLEAR } from './terminal.js';

export interface RunConsoleOptions extends CommandContext {
  readonly config: ConsoleConfig;
  readonly demo?: SourceOptions['demo'];
}

/** Ink's frame rate cap: the store publishes at most 4×/s, so more frames would only repeat. */
const MAX_FPS = 8;
const PUBLISH_INTERVAL_MS = 250;
/**
 * Pollers wake together on multiples of their interval on the clock (of this grid at the finest).
 * Their writes are published at the end of the task that made them (`sourceSink`), in the wake-up
 * they came in; the settle time applies to the other writes (actions, keys): issue 5, idle CPU.
 */
const TICK_GRID_MS = 100;
const SETTLE_MS = 50;

const FORCE_COLOR: Readonly<Record<ColorMode, string>> = { never: '0', '16': '1', '256': '2', truecolor: '3' };

/** The console reads keys from stdin and draws on stdout: both must be the terminal. */
export function notATerminal(stdout: { isTTY?: boolean }, stdin: { isTTY?: boolean } = process.stdin): ConsoleError | null {
  const which = !stdout.isTTY ? 'stdout' : !stdin.isTTY ? 'stdin' : null;
  if (which === null) return null;
  return new ConsoleError('NOT_A_TERMINAL', `the interactive console needs a terminal, but ${which} is not a TTY`, {
    hint: 'for scripts and pipes use `zaxy-console status --json`',
  });
}

let uiModules: Promise<{ createElement: typeof import('react').createElement; render: typeof import('ink').render; ResponsiveApp: typeof import('../ui/App.js').ResponsiveApp }> | null = null;

/**
 * Starts loading React, Ink and the App (most of the time to the first frame) so callers can
 * overlap it with their own start-up work (the demo generates its deployment meanwhile).
 */
export function preloadUi(context: Pick<CommandContext, 'flags' | 'env'>): NonNullable<typeof uiModules> {
  if (uiModules) return uiModules;
  // chalk reads FORCE_COLOR and React picks its build from NODE_ENV when first loaded, just below.
  // The development build is several times slower and its performance entries grow without bound
  // (terminal-ui-notes §3).
  process.env.FORCE_COLOR = FORCE_COLOR[resolveColorMode(context.flags.color as string | undefined, context.env)];
  process.env.NODE_ENV ??= 'production';
  uiModules = Promise.all([import('react'), import('ink'), import('../ui/App.js')]).then(([react, ink, app]) => ({
    createElement: react.createElement,
    render: ink.render,
    ResponsiveApp: app.ResponsiveApp,
  }));
  return uiModules;
}

export async function runConsole(options: RunConsoleOptions): Promise<ExitCode> {
  const stdout = options.stdout as NodeJS.WriteStream;
  const refusal = notATerminal(stdout);
  if (refusal) throw refusal;
  const { config, env, signal } = options;
  const readOnly = options.flags.readonly === true;
  const theme = createTheme({ colorMode: resolveColorMode(options.flags.color as string | undefined, env), ascii: resolveAscii(options.flags.ascii as boolean | undefined, env) });
  const ui = preloadUi(options);
  // A bad key config is refused before the screen switches, so its one-line error stays readable.
  const { bindings, userActions } = await loadConsoleFile(env);
  const intervalMs = Math.round(config.refreshSeconds.value * 1000);
  const store = createConsoleStore({
    publishIntervalMs: PUBLISH_INTERVAL_MS,
    settleMs: SETTLE_MS,
    intervalMs,
    meta: {
      root: config.root.value,
      env: config.zaxyEnv.value,
      backend: config.projectionBackend.value,
      readOnly,
      backupMaxAgeMs: config.backupMaxAgeHours.value * 3_600_000,
    },
  });
  const { createElement, render, ResponsiveApp } = await ui;

  const guard = guardTerminal({ stdout, stdin: process.stdin });
  let group: PollerGroup | null = null;
  let exitCode: ExitCode = EXIT.ok;
  // The App updates the store's control state itself; these only reach the pollers.
  const actions = createActionController({ store, config, readOnly, userActions, onFinished: () => group?.refresh() });
  const props: Parameters<typeof ResponsiveApp>[0] = {
    store,
    theme,
    bindings,
    onQuit: () => instance.unmount(),
    onRefresh: () => group?.refresh(),
    onPause: (paused) => group?.setPaused(paused),
    onIntervalChange: (ms) => group?.setInterval(ms),
    onAction: (flowId, args) => actions.start(flowId, args),
    onConfirm: (answer) => actions.answer(answer),
    onCancelAction: () => actions.cancel(),
  };
  const app = createElement(ResponsiveApp, props);
  const instance = render(app, {
    stdout: theme.ascii ? asciiStdout(stdout) : stdout,
    stdin: process.stdin,
    stderr: process.stderr,
    alternateScreen: true,
    incrementalRendering: true,
    maxFps: MAX_FPS,
    exitOnCtrlC: false,
    patchConsole: true,
    interactive: true,
  });
  // Entering the alternate screen leaves the cursor on the shell's row; home it and paint again.
  stdout.write(HOME_AND_CLEAR);
  instance.clear();
  instance.rerender(app);

  const onSignal = () => {
    exitCode = EXIT.cancelled;
    instance.unmount();
  };
  signal.addEventListener('abort', onSignal, { once: true });
  try {
    if (signal.aborted) onSignal();
    else {
      group = createPollerGroup(await createSourceBindings(config, store, options.demo ? { demo: options.demo } : {}), { intervalMs, tickGridMs: TICK_GRID_MS });
      if (!signal.aborted) group.start();
      // The palette learns the flows once the runner is loaded, after the first data is on screen.
      void loadFlowInfos().then((flows) => instance.rerender(createElement(ResponsiveApp, { ...props, flows })), () => undefined);
      // A restore a crash cut off must be the first thing the operator reads (recovery-notice.ts).
      void announcePendingRecovery(store, config.root.value);
    }
    await instance.waitUntilExit();
  } finally {
    // Ink's unmount (also on a render error) has left the alternate screen; writing the restore
    // sequence again would move the cursor back over the shell's output on some terminals.
    guard.markRestored();
    guard.dispose();
    signal.removeEventListener('abort', onSignal);
    const interrupted = await actions.close();
    await group?.close();
    store.dispose();
    // The alternate screen is gone with its last frame: say what happened to a cut-off action.
    if (interrupted) options.stderr.write(`zaxy-console: ${interrupted.flowId} was stopped on exit (${interrupted.message})\n`);
  }
  return exitCode;
}
