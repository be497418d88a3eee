// The keyboard model as a pure reducer: (UI state, key) -> (UI state, effects). The App only
// turns effects into callbacks, so focus, filter, palette, zoom, confirmation and read-only
// refusal are tested without a terminal.
import type { ActionTarget, PaneId, RowView } from '../store/view-model.js';
import { disabledReason, PANES, resolveBinding, type Binding, type BindingContext } from './keymap.js';
import { completePalette, paletteCommands, parsePalette } from './palette.js';
import { isListPane, NO_SELECTION, type ActionArgs, type ActionRequest, type Effect, type KeyContext, type KeyResult, type Overlay, type Selection, type UiState } from './ui-state.js';

export * from './ui-state.js';

/** The refresh intervals `+`/`-` step through. */
export const INTERVAL_STEPS_MS: readonly number[] = [500, 1000, 2000, 5000, 10_000, 30_000, 60_000];

export function stepInterval(current: number, direction: 1 | -1): number {
  if (direction > 0) return INTERVAL_STEPS_MS.find((s) => s > current) ?? INTERVAL_STEPS_MS[INTERVAL_STEPS_MS.length - 1]!;
  return [...INTERVAL_STEPS_MS].reverse().find((s) => s < current) ?? INTERVAL_STEPS_MS[0]!;
}

export function filterRows(rows: readonly RowView[], filter: string): readonly RowView[] {
  const needle = filter.trim().toLowerCase();
  return needle === '' ? rows : rows.filter((r) => r.search.includes(needle));
}

/** The selected row's index in the filtered rows: by key while it exists, else the old position. */
export function selectedIndex(selection: Selection, rows: readonly RowView[]): number {
  if (rows.length === 0) return -1;
  if (selection.key !== null) {
    const at = rows.findIndex((r) => r.key === selection.key);
    if (at !== -1) return at;
  }
  return Math.min(Math.max(0, selection.index), rows.length - 1);
}


/** The action target of the focused pane's selected row. */
export function focusedTarget(state: UiState, context: KeyContext): ActionTarget | null {
  if (!isListPane(state.focused)) return null;
  const rows = filterRows(context.rows[state.focused], state.filters[state.focused]);
  return rows[selectedIndex(state.selection[state.focused], rows)]?.target ?? null;
}

const isPrintable = (input: string) => input.length > 0 && !/[\x00-\x1f\x7f]/.test(input);

export function reduceKey(state: UiState, key: string, input: string, context: KeyContext): KeyResult {
  const result = reduce(state, key, input, context);
  // A started action's output is what the operator wants to watch next.
  if (result.effects.some((e) => e.kind === 'action')) return { ...result, state: { ...result.state, focused: 'action', actionScroll: 0 } };
  return result;
}

function reduce(state: UiState, key: string, input: string, context: KeyContext): KeyResult {
  const cleared = state.message ? { ...state, message: null } : state;
  if (context.runConfirm) return runConfirmKey(cleared, context.runConfirm.expected, key, input);
  const overlay = cleared.overlay;
  if (overlay.kind === 'confirm') return confirmKey(cleared, overlay, key);
  if (overlay.kind === 'palette') return paletteKey(cleared, overlay, key, input, context);
  if (cleared.filterEditing) return filterKey(cleared, key, input);
  if (overlay.kind === 'help') {
    if (key === 'esc' || key === '?' || key === 'q') return done({ ...cleared, overlay: { kind: 'none' } });
    if (key === 'down' || key === 'j') return done({ ...cleared, overlay: { kind: 'help', scroll: overlay.scroll + 1 } });
    if (key === 'up' || key === 'k') return done({ ...cleared, overlay: { kind: 'help', scroll: Math.max(0, overlay.scroll - 1) } });
    if (key === 'ctrl+c') return { state: cleared, effects: [{ kind: 'quit' }] };
    return done(cleared);
  }
  if (overlay.kind === 'detail') {
    if (key === 'esc') return done({ ...cleared, overlay: { kind: 'none' } });
    const scroll = { down: 1, j: 1, up: -1, k: -1, pgdn: context.pageSize, pgup: -context.pageSize }[key];
    if (scroll !== undefined) return done({ ...cleared, overlay: { ...overlay, scroll: Math.max(0, overlay.scroll + scroll) } });
  }
  const binding = resolveBinding(context.bindings, key, cleared.focused);
  if (!binding) return done(cleared);
  if (overlay.kind === 'detail' && binding.scope === 'list') return done(cleared);
  return runBinding(cleared, binding, context, null);
}

function done(state: UiState, effects: readonly Effect[] = []): KeyResult {
  return { state, effects };
}

function warn(state: UiState, text: string): KeyResult {
  return done({ ...state, message: { text, tone: 'warn' } });
}

function runBinding(state: UiState, binding: Binding, context: KeyContext, targetOverride: ActionTarget | null): KeyResult {
  const focused = state.focused;
  switch (binding.id) {
    case 'app.quit':
      return done(state, [{ kind: 'quit' }]);
    case 'app.help':
      return done({ ...state, overlay: { kind: 'help', scroll: 0 } });
    case 'app.palette':
      return done({ ...state, overlay: { kind: 'palette', text: '', suggestions: [] } });
    case 'focus.next':
    case 'focus.prev': {
      const step = binding.id === 'focus.next' ? 1 : PANES.length - 1;
      return done({ ...state, focused: PANES[(PANES.indexOf(focused) + step) % PANES.length]!, overlay: { kind: 'none' } });
    }
    case 'poll.pause':
      return done({ ...state, message: { text: context.paused ? 'polling resumed' : 'polling paused', tone: 'info' } }, [{ kind: 'pause', paused: !context.paused }]);
    case 'poll.slower':
    case 'poll.faster': {
      const ms = stepInterval(context.intervalMs, binding.id === 'poll.slower' ? 1 : -1);
      return done(state, ms === context.intervalMs ? [] : [{ kind: 'interval', ms }]);
    }
    case 'poll.refresh':
      return done(state, [{ kind: 'refresh' }]);
    case 'view.zoom':
      return done({ ...state, zoomed: !state.zoomed });
    case 'list.down':
    case 'list.up':
    case 'list.pageDown':
    case 'list.pageUp':
    case 'list.top':
    case 'list.bottom':
      return done(move(state, binding.id, context));
    case 'list.detail': {
      if (!isListPane(focused)) return done(state);
      const rows = filterRows(context.rows[focused], state.filters[focused]);
      const row = rows[selectedIndex(state.selection[focused], rows)];
      return row ? done({ ...state, overlay: { kind: 'detail', pane: focused, rowKey: row.key, scroll: 0 } }) : done(state);
    }
    case 'list.back':
      if (state.filters[focused] !== '') return done({ ...state, filters: { ...state.filters, [focused]: '' } });
      if (state.zoomed) return done({ ...state, zoomed: false });
      return done(state);
    case 'list.filter':
      return done({ ...state, filterEditing: true });
    case 'action.verify':
    case 'action.validate':
    case 'action.backup':
    case 'action.restore':
    case 'action.rotate':
      return requestAction(state, binding, context, targetOverride);
    case 'action.cancel': {
      const reason = disabledReason(binding, bindingContextOf(state, context, null));
      return reason ? warn(state, `${binding.label}: ${reason}`) : done(state, [{ kind: 'cancelAction' }]);
    }
    default:
      if (binding.id.startsWith('focus.')) {
        const pane = binding.id.slice('focus.'.length) as PaneId;
        return done({ ...state, focused: pane, overlay: { kind: 'none' } });
      }
      return done(state);
  }
}

function move(state: UiState, id: Binding['id'], context: KeyContext): UiState {
  const focused = state.focused;
  const delta = { 'list.down': 1, 'list.up': -1, 'list.pageDown': context.pageSize, 'list.pageUp': -context.pageSize, 'list.top': -Infinity, 'list.bottom': Infinity }[
    id as 'list.down'
  ];
  if (!isListPane(focused)) {
    // Output scrolls from the end: "down" moves towards the newest line.
    const max = Math.max(0, context.actionLineCount - 1);
    const next = Math.min(max, Math.max(0, state.actionScroll - delta));
    return { ...state, actionScroll: Number.isFinite(next) ? next : 0 };
  }
  const rows = filterRows(context.rows[focused], state.filters[focused]);
  if (rows.length === 0) return state;
  const current = selectedIndex(state.selection[focused], rows);
  const index = Math.min(rows.length - 1, Math.max(0, current + delta));
  return { ...state, selection: { ...state.selection, [focused]: { key: rows[index]!.key, index } } };
}

function requestAction(state: UiState, binding: Binding, context: KeyContext, targetOverride: ActionTarget | null): KeyResult {
  const target = targetOverride ?? focusedTarget(state, context);
  const reason = disabledReason(binding, bindingContextOf(state, context, target));
  if (reason) return warn(state, `${binding.label}: ${reason}`);
  const args = argsFor(binding.id, target);
  const request: ActionRequest = {
    flow: binding.flow ?? binding.id,
    label: binding.label,
    args,
    danger: binding.danger,
    confirm: binding.danger ? 'simple' : (binding.confirm ?? 'none'),
  };
  return startRequest(state, request);
}

function bindingContextOf(state: UiState, context: KeyContext, target: ActionTarget | null): BindingContext {
  return { readOnly: context.readOnly, focused: state.focused, target, actionRunning: context.actionRunning };
}

function startRequest(state: UiState, request: ActionRequest): KeyResult {
  if (request.confirm === 'none') return done({ ...state, overlay: { kind: 'none' } }, [{ kind: 'action', flow: request.flow, args: request.args }]);
  return done({ ...state, overlay: { kind: 'confirm', request, choice: 'cancel' } });
}

function argsFor(id: Binding['id'], target: ActionTarget | null): ActionArgs {
  if (target?.kind === 'session' && (id === 'action.verify' || id === 'action.rotate')) {
    return { sessionId: target.sessionId, sessionPath: target.path };
  }
  // Verify on a backup checks the logs inside it ("a corrupted archive is not a backup").
  if (target?.kind === 'backup' && (id === 'action.restore' || id === 'action.verify')) {
    return { backupName: target.name, archive: target.archive, manifest: target.manifest };
  }
  return {};
}

function runConfirmKey(state: UiState, expected: string, key: string, input: string): KeyResult {
  const answered = (answer: boolean): KeyResult => ({ state: { ...state, runConfirmTyped: '' }, effects: [{ kind: 'confirmRun', answer }] });
  if (key === 'esc' || key === 'ctrl+c') return answered(false);
  if (key === 'enter') return state.runConfirmTyped === expected ? answered(true) : warn(state, `type "${expected}" exactly to confirm, or Esc to decline`);
  if (key === 'backspace' || key === 'delete') return done({ ...state, runConfirmTyped: state.runConfirmTyped.slice(0, -1) });
  if (isPrintable(input)) return done({ ...state, runConfirmTyped: state.runConfirmTyped + input });
  return done(state);
}

function confirmKey(state: UiState, overlay: Extract<Overlay, { kind: 'confirm' }>, key: string): KeyResult {
  const close = { ...state, overlay: { kind: 'none' } as const };
  if (key === 'esc' || key === 'ctrl+c') return done({ ...close, message: { text: `${overlay.request.label} cancelled`, tone: 'info' } });
  const { request } = overlay;
  if (['left', 'right', 'tab', 'shift+tab', 'h', 'l'].includes(key)) {
    return done({ ...state, overlay: { ...overlay, choice: overlay.choice === 'cancel' ? 'confirm' : 'cancel' } });
  }
  if (key === 'n') return done({ ...close, message: { text: `${request.label} cancelled`, tone: 'info' } });
  if (key === 'enter') {
    if (overlay.choice === 'confirm') return done(close, [{ kind: 'action', flow: request.flow, args: request.args }]);
    return done({ ...close, message: { text: `${request.label} cancelled`, tone: 'info' } });
  }
  return done(state);
}

function filterKey(state: UiState, key: string, input: string): KeyResult {
  const pane = state.focused;
  const text = state.filters[pane];
  const withText = (next: string): UiState => ({
    ...state,
    filters: { ...state.filters, [pane]: next },
    ...(isListPane(pane) ? { selection: { ...state.selection, [pane]: NO_SELECTION } } : { actionScroll: 0 }),
  });
  if (key === 'esc') return done({ ...withText(''), filterEditing: false });
  if (key === 'enter') return done({ ...state, filterEditing: false });
  if (key === 'backspace' || key === 'delete') return done(withText(text.slice(0, -1)));
  if (key === 'ctrl+c') return { state, effects: [{ kind: 'quit' }] };
  if (isPrintable(input) && !key.startsWith('ctrl+')) return done(withText(text + input));
  return done(state);
}

function paletteKey(state: UiState, overlay: Extract<Overlay, { kind: 'palette' }>, key: string, input: string, context: KeyContext): KeyResult {
  const commands = paletteCommands(context.bindings, context.readOnly);
  const candidates = {
    session: sessionTargets(context).map((t) => t.sessionId),
    backup: backupTargets(context).map((t) => t.name),
    flow: context.flows.filter((f) => !(context.readOnly && f.danger)).map((f) => f.id),
  };
  const edit = (text: string) => done({ ...state, overlay: { kind: 'palette', text, suggestions: completePalette(text, commands, candidates).suggestions } });
  if (key === 'esc') return done({ ...state, overlay: { kind: 'none' } });
  if (key === 'ctrl+c') return { state, effects: [{ kind: 'quit' }] };
  if (key === 'tab') {
    const completion = completePalette(overlay.text, commands, candidates);
    return done({ ...state, overlay: { kind: 'palette', text: completion.text, suggestions: completion.suggestions } });
  }
  if (key === 'backspace' || key === 'delete') {
    return overlay.text === '' ? done({ ...state, overlay: { kind: 'none' } }) : edit(overlay.text.slice(0, -1));
  }
  if (key === 'enter') return executePalette({ ...state, overlay: { kind: 'none' } }, overlay.text, context);
  if (isPrintable(input) && !key.startsWith('ctrl+')) return edit(overlay.text + input);
  return done(state);
}

function sessionTargets(context: KeyContext) {
  return context.rows.sessions.flatMap((r) => (r.target?.kind === 'session' ? [r.target] : []));
}

function backupTargets(context: KeyContext) {
  return context.rows.backups.flatMap((r) => (r.target?.kind === 'backup' ? [r.target] : []));
}

function executePalette(state: UiState, text: string, context: KeyContext): KeyResult {
  const { name, args } = parsePalette(text);
  if (name === '') return done(state);
  if (name === 'run') return runFlow(state, args, context);
  const binding = context.bindings.find((b) => b.command === name);
  if (!binding) return warn(state, `unknown command :${name} (Tab lists commands)`);
  if (binding.danger && context.readOnly) return warn(state, `${binding.label}: ${disabledReason(binding, bindingContextOf(state, context, null))}`);
  const argument = args[0];
  let target: ActionTarget | null = null;
  if (argument !== undefined && (name === 'verify' || name === 'rotate')) {
    target = sessionTargets(context).find((t) => t.sessionId === argument) ?? null;
    if (!target) return warn(state, `:${name}: no session "${argument}"`);
  }
  if (argument !== undefined && name === 'restore') {
    target = backupTargets(context).find((t) => t.name === argument) ?? null;
    if (!target) return warn(state, `:restore: no backup "${argument}"`);
  }
  return runBinding(state, binding, context, target);
}

function runFlow(state: UiState, args: readonly string[], context: KeyContext): KeyResult {
  const [flowId, ...extra] = args;
  if (!flowId) return warn(state, ':run needs a flow id (Tab lists them)');
  const flow = context.flows.find((f) => f.id === flowId);
  if (!flow && context.flows.length > 0) return warn(state, `:run: unknown flow "${flowId}"`);
  // A flow we know nothing about is treated as mutating.
  const danger = flow?.danger ?? true;
  if (danger && context.readOnly) return warn(state, `${flowId}: read-only mode (--readonly): mutating actions are disabled`);
  return startRequest(state, {
    flow: flowId,
    label: flow?.title ?? flowId,
    args: { extra },
    danger,
    confirm: danger ? 'simple' : 'none',
  });
}
