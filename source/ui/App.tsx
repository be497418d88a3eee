// The console screen: layout and focus. Every side effect arrives as a prop (the store, the
// callbacks), the keyboard model is the pure reducer in navigation.ts, and panes get stable view
// objects from the memoised selector, so the App is a thin router that ink-testing-library can
// drive completely. Its root is exactly `columns` x `rows`: Ink repaints the whole screen when
// a frame is taller than the terminal.
import { useCallback, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { Box, useInput, useWindowSize } from 'ink';
import { createViewSelector, viewTickMs } from '../store/format.js';
import { setIntervalMs, setPaused, type ConsoleState, type ConsoleStore } from '../store/state.js';
import type { ConsoleView, ListPaneView, PaneId, RowView } from '../store/view-model.js';
import { CommandPalette, PALETTE_HEIGHT } from './components/CommandPalette.js';
import { ConfirmDialog } from './components/ConfirmDialog.js';
import { FilterBar } from './components/FilterBar.js';
import { Footer } from './components/Footer.js';
import { HelpOverlay } from './components/HelpOverlay.js';
import { defaultBindings, keyName, paneNumber, type Binding } from './keymap.js';
import { GRID_GAP, planLayout, type PaneBox } from './layout.js';
import { filterRows, initialUiState, isListPane, reduceKey, selectedIndex, type ActionArgs, type Effect, type KeyContext, type ListPaneId, type UiState } from './navigation.js';
import type { FlowInfo } from './palette.js';
import { ActionPane } from './panes/ActionPane.js';
import { BackupsPane } from './panes/BackupsPane.js';
import { DegradationsPane } from './panes/DegradationsPane.js';
import { DetailView } from './panes/DetailView.js';
import { Header } from './panes/Header.js';
import { MetricsPane } from './panes/MetricsPane.js';
import { Neo4jPane } from './panes/Neo4jPane.js';
import { SessionsPane } from './panes/SessionsPane.js';
import type { ListPaneProps } from './panes/ListPane.js';
import { createTheme, type Theme } from './theme.js';
import { ThemeContext } from './theme-context.js';

export interface AppProps {
  readonly store: ConsoleStore;
  /** Terminal size; pass `useWindowSize()` (or use `ResponsiveApp`). Tests pass it directly. */
  readonly columns: number;
  readonly rows: number;
  readonly theme?: Theme;
  /** Remapped bindings from key-config.ts; the defaults otherwise. */
  readonly bindings?: readonly Binding[];
  /** Flows `:run` can start, from the actions module. */
  readonly flows?: readonly FlowInfo[];
  readonly onAction: (flowId: string, args: ActionArgs) => void;
  readonly onQuit: () => void;
  readonly onRefresh: () => void;
  /** Called after the store's `control.paused` is updated. */
  readonly onPause: (paused: boolean) => void;
  /** Called after the store's `control.intervalMs` is updated. */
  readonly onIntervalChange: (ms: number) => void;
  /** Answers the typed confirmation the running flow asked for. */
  readonly onConfirm?: (answer: boolean) => void;
  readonly onCancelAction?: () => void;
  readonly now?: () => number;
  readonly initialFocus?: PaneId;
}

const DEFAULT_THEME = createTheme({ colorMode: '16', ascii: false });
// Wants only steer the split; a pane never renders more than its box, so the cap just keeps
// one huge list from starving the others of their round-robin share.
const MAX_WANT = 200;
/** The clock's period while nothing on screen counts seconds: the header shows HH:MM. */
const MINUTE_TICK_MS = 60_000;

interface Screen {
  readonly view: ConsoleView;
  readonly control: ConsoleState['control'];
  readonly readOnly: boolean;
}

function createScreenSelector(): (state: ConsoleState, at: number) => Screen {
  const view = createViewSelector();
  let last: Screen | null = null;
  return (state, at) => {
    const next = { view: view(state, at), control: state.control, readOnly: state.meta.readOnly };
    if (last && last.view === next.view && last.control === next.control && last.readOnly === next.readOnly) return last;
    last = next;
    return next;
  };
}

/**
 * Subscribes to what is on screen rather than to the raw state or the clock. A publish and a clock
 * tick (when the wall clock crosses the next multiple of the tick; one timer for the app) both just
 * ask the selector again, and its snapshot keeps its identity while the views do, so neither
 * commits a render (nor makes Ink redraw) unless some text on screen changed: an age that still
 * reads "2m" costs nothing. The tick is a second only while something on screen counts seconds.
 */
function useScreen(store: ConsoleStore, now: () => number): Screen {
  const select = useMemo(() => createScreenSelector(), []);
  const [tickMs, setTickMs] = useState(MINUTE_TICK_MS);
  const subscribe = useCallback(
    (notify: () => void) => {
      const unsubscribe = store.subscribe(notify);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const arm = () => {
        timer = setTimeout(() => {
          notify();
          arm();
        }, tickMs - (now() % tickMs) + 5);
      };
      arm();
      return () => {
        unsubscribe();
        clearTimeout(timer);
      };
    },
    [store, now, tickMs],
  );
  const screen = useSyncExternalStore(subscribe, () => select(store.getState(), now()));
  // Derived from what is on screen; a new period re-subscribes, which re-arms the timer.
  const nextTick = viewTickMs(screen.view);
  if (nextTick !== tickMs) setTickMs(nextTick);
  return screen;
}

function listWant(view: ListPaneView): number {
  // Title, summary, then either the empty notice or a header plus the rows.
  return Math.min(MAX_WANT, 1 + (view.summary.length > 0 ? 1 : 0) + (view.rows.length > 0 ? 1 + view.rows.length : 1));
}

export function App(props: AppProps): ReactNode {
  const { store, columns, rows } = props;
  const now = props.now ?? Date.now;
  const bindings = props.bindings ?? defaultBindings;
  const flows = props.flows ?? [];
  const { view, control, readOnly } = useScreen(store, now);
  const [ui, setUi] = useState<UiState>(() => initialUiState(props.initialFocus));
  // Keys can arrive faster than React re-renders; each must see the previous key's result. Only
  // the input handler changes the UI state, so the ref it writes is always the latest.
  const uiRef = useRef(ui);

  const filtered: Record<ListPaneId, readonly RowView[]> = {
    neo4j: useMemo(() => filterRows(view.neo4j.rows, ui.filters.neo4j), [view.neo4j.rows, ui.filters.neo4j]),
    metrics: useMemo(() => filterRows(view.metrics.rows, ui.filters.metrics), [view.metrics.rows, ui.filters.metrics]),
    degradations: useMemo(() => filterRows(view.degradations.rows, ui.filters.degradations), [view.degradations.rows, ui.filters.degradations]),
    backups: useMemo(() => filterRows(view.backups.rows, ui.filters.backups), [view.backups.rows, ui.filters.backups]),
    sessions: useMemo(() => filterRows(view.sessions.rows, ui.filters.sessions), [view.sessions.rows, ui.filters.sessions]),
  };
  const actionFilter = ui.filters.action.trim().toLowerCase();
  const actionLines = useMemo(
    () => (actionFilter === '' ? view.action.lines : view.action.lines.filter((l) => l.toLowerCase().includes(actionFilter))),
    [view.action.lines, actionFilter],
  );

  const plan = planLayout({
    columns,
    rows,
    focused: ui.focused,
    zoomed: ui.zoomed,
    wants: {
      neo4j: listWant(view.neo4j),
      metrics: listWant(view.metrics),
      degradations: listWant(view.degradations),
      backups: listWant(view.backups),
      sessions: listWant(view.sessions),
      action: Math.min(MAX_WANT, 1 + (view.action.title ? 1 : 0) + Math.max(1, view.action.lines.length)),
    },
  });
  const bottomHeight = ui.overlay.kind === 'palette' ? PALETTE_HEIGHT : 0;
  const bodyHeight = Math.max(0, plan.bodyHeight - bottomHeight);

  const context: KeyContext = {
    bindings,
    readOnly,
    paused: control.paused,
    intervalMs: control.intervalMs,
    rows: { neo4j: view.neo4j.rows, metrics: view.metrics.rows, degradations: view.degradations.rows, backups: view.backups.rows, sessions: view.sessions.rows },
    actionLineCount: actionLines.length,
    pageSize: Math.max(1, bodyHeight - 4),
    flows,
    actionRunning: view.action.running,
    runConfirm: view.action.confirm,
  };

  const { onAction, onQuit, onRefresh, onPause, onIntervalChange, onConfirm, onCancelAction } = props;
  const runEffect = useCallback(
    (effect: Effect) => {
      switch (effect.kind) {
        case 'quit':
          return onQuit();
        case 'refresh':
          return onRefresh();
        case 'pause':
          setPaused(store, effect.paused);
          return onPause(effect.paused);
        case 'interval':
          setIntervalMs(store, effect.ms);
          return onIntervalChange(effect.ms);
        case 'action':
          return onAction(effect.flow, effect.args);
        case 'cancelAction':
          return onCancelAction?.();
        case 'confirmRun':
          return onConfirm?.(effect.answer);
      }
    },
    [store, onAction, onQuit, onRefresh, onPause, onIntervalChange, onConfirm, onCancelAction],
  );

  useInput((input, key) => {
    // useInput wraps this in useEffectEvent: `context` is always the latest render's. Ink hands
    // keys typed faster than it reads them over as one string; each character is its own key.
    const name = keyName(input, key);
    const presses: [string, string][] = name === input && Array.from(input).length > 1 ? Array.from(input, (c) => [c, c]) : [[name, input]];
    let state = uiRef.current;
    const effects: Effect[] = [];
    for (const [keyPressed, text] of presses) {
      const result = reduceKey(state, keyPressed, text, context);
      state = result.state;
      effects.push(...result.effects);
    }
    uiRef.current = state;
    setUi(state);
    for (const effect of effects) runEffect(effect);
  });

  const renderPane = (box: PaneBox): ReactNode => {
    const focused = box.pane === ui.focused;
    const note = ui.filters[box.pane] !== '' ? `/${ui.filters[box.pane]}` : undefined;
    if (!isListPane(box.pane)) {
      return (
        <ActionPane key="action" number={paneNumber('action')} view={view.action} lines={actionLines} scroll={ui.actionScroll} focused={focused} width={box.width} height={box.height} {...(note ? { note } : {})} />
      );
    }
    const pane = box.pane;
    const paneProps: ListPaneProps = {
      number: paneNumber(pane),
      view: view[pane],
      rows: filtered[pane],
      selected: selectedIndex(ui.selection[pane], filtered[pane]),
      focused,
      width: box.width,
      height: box.height,
      ...(note ? { note } : {}),
    };
    switch (pane) {
      case 'neo4j':
        return <Neo4jPane key={pane} {...paneProps} />;
      case 'metrics':
        return <MetricsPane key={pane} {...paneProps} />;
      case 'degradations':
        return <DegradationsPane key={pane} {...paneProps} />;
      case 'backups':
        return <BackupsPane key={pane} {...paneProps} />;
      case 'sessions':
        return <SessionsPane key={pane} {...paneProps} />;
    }
  };

  const body = (): ReactNode => {
    if (view.action.confirm) {
      return (
        <ConfirmDialog title="The running action asks for confirmation" lines={view.action.confirm.prompt.split('\n')} choice="cancel" expected={view.action.confirm.expected} typed={ui.runConfirmTyped} width={columns} height={bodyHeight} />
      );
    }
    const overlay = ui.overlay;
    if (overlay.kind === 'confirm') {
      const r = overlay.request;
      const lines = [
        `${r.label}${r.danger ? ' changes the deployment.' : '.'}`,
        ...Object.entries(r.args).flatMap(([k, v]) => (v === undefined || v === null ? [] : [`${k}: ${Array.isArray(v) ? v.join(' ') : String(v)}`])),
        'The action verifies before it changes anything and stops at the first failing step.',
      ];
      return <ConfirmDialog title={`${r.label}?`} lines={lines} choice={overlay.choice} width={columns} height={bodyHeight} />;
    }
    if (overlay.kind === 'help') return <HelpOverlay bindings={bindings} readOnly={readOnly} width={columns} height={bodyHeight} scroll={overlay.scroll} />;
    if (overlay.kind === 'detail') {
      const row = view[overlay.pane].rows.find((r) => r.key === overlay.rowKey);
      return <DetailView detail={row?.detail ?? null} width={columns} height={bodyHeight} scroll={overlay.scroll} />;
    }
    return (
      <Box flexDirection="row" width={columns} height={bodyHeight} overflow="hidden">
        {plan.columns.map((stack, i) => (
          <Box key={i} flexDirection="column" width={stack[0]?.width ?? 0} marginLeft={i === 0 ? 0 : GRID_GAP} flexShrink={0}>
            {stack.map((box) => renderPane({ ...box, height: fitHeight(box, stack, bodyHeight) }))}
          </Box>
        ))}
      </Box>
    );
  };

  const focusedCount = isListPane(ui.focused) ? filtered[ui.focused].length : actionLines.length;
  const focusedTotal = isListPane(ui.focused) ? view[ui.focused].rows.length : view.action.lines.length;
  return (
    <ThemeContext.Provider value={props.theme ?? DEFAULT_THEME}>
      <Box flexDirection="column" width={columns} height={rows} overflow="hidden">
        {plan.headerHeight > 0 ? <Header view={view.header} width={columns} /> : null}
        {bodyHeight > 0 ? body() : null}
        {ui.overlay.kind === 'palette' ? <CommandPalette text={ui.overlay.text} suggestions={ui.overlay.suggestions} width={columns} /> : null}
        {plan.footerHeight > 0 ? (
          ui.filterEditing ? (
            <FilterBar text={ui.filters[ui.focused]} matches={focusedCount} total={focusedTotal} width={columns} />
          ) : (
            <Footer bindings={bindings} readOnly={readOnly} message={ui.message} hint={plan.hint} width={columns} />
          )
        ) : null}
      </Box>
    </ThemeContext.Provider>
  );
}

/** A pane's height when the palette borrows lines from the body: the last pane gives them up. */
function fitHeight(box: PaneBox, stack: readonly PaneBox[], bodyHeight: number): number {
  const before = stack.slice(0, stack.indexOf(box)).reduce((sum, b) => sum + b.height, 0);
  return Math.max(0, Math.min(box.height, bodyHeight - before));
}

/** The App sized by the terminal it renders to (re-lays out on resize). */
export function ResponsiveApp(props: Omit<AppProps, 'columns' | 'rows'>): ReactNode {
  const { columns, rows } = useWindowSize();
  return <App {...props} columns={columns} rows={rows} />;
}

export type { ActionArgs } from './navigation.js';
export type { FlowInfo } from './palette.js';
