import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createViewSelector } from '../../source/store/format.js';
import { defaultBindings } from '../../source/ui/keymap.js';
import { initialUiState, reduceKey, selectedIndex, stepInterval, type Effect, type KeyContext, type UiState } from '../../source/ui/navigation.js';
import { NOW, populatedStore } from './fixtures.js';

function contextFor(overrides: Partial<KeyContext> = {}): KeyContext {
  const view = createViewSelector()(populatedStore().getState(), NOW);
  return {
    bindings: defaultBindings,
    readOnly: false,
    paused: false,
    intervalMs: 2000,
    rows: { neo4j: view.neo4j.rows, metrics: view.metrics.rows, degradations: view.degradations.rows, backups: view.backups.rows, sessions: view.sessions.rows },
    actionLineCount: 0,
    pageSize: 5,
    flows: [],
    actionRunning: false,
    runConfirm: null,
    ...overrides,
  };
}

/** Presses keys in order; each entry is a key name, or [name, input] for text. */
function press(keys: (string | [string, string])[], context = contextFor(), start: UiState = initialUiState()): { state: UiState; effects: Effect[] } {
  let state = start;
  const effects: Effect[] = [];
  for (const k of keys) {
    const [name, input] = typeof k === 'string' ? [k, k.length === 1 ? k : ''] : k;
    const result = reduceKey(state, name, input, context);
    state = result.state;
    effects.push(...result.effects);
  }
  return { state, effects };
}

const typed = (text: string): [string, string][] => [...text].map((c) => [c, c]);

test('focus: Tab and Shift-Tab cycle, number keys jump', () => {
  assert.equal(press(['tab']).state.focused, 'action');
  assert.equal(press(['tab', 'tab']).state.focused, 'neo4j');
  assert.equal(press(['shift+tab']).state.focused, 'backups');
  assert.equal(press(['1']).state.focused, 'neo4j');
  assert.equal(press(['4']).state.focused, 'backups');
});

test('arrows and j/k move the selection, clamped to the list', () => {
  const context = contextFor();
  const rows = context.rows.sessions;
  const down = press(['j', 'down', 'down', 'down'], context).state;
  assert.equal(selectedIndex(down.selection.sessions, rows), rows.length - 1);
  assert.equal(selectedIndex(press(['j', 'k', 'up'], context).state.selection.sessions, rows), 0);
  assert.equal(selectedIndex(press(['end'], context).state.selection.sessions, rows), rows.length - 1);
});

test('filter: / edits the focused list, Enter keeps it, Esc clears it', () => {
  const typedIn = press(['/', ...typed('gam')]);
  assert.equal(typedIn.state.filterEditing, true);
  assert.equal(typedIn.state.filters.sessions, 'gam');
  const kept = press(['/', ...typed('gam'), 'enter']).state;
  assert.equal(kept.filterEditing, false);
  assert.equal(kept.filters.sessions, 'gam');
  assert.equal(press(['/', ...typed('gam'), 'enter', 'esc']).state.filters.sessions, '', 'Esc outside the bar clears the filter');
  assert.equal(press(['/', ...typed('gam'), 'esc']).state.filters.sessions, '');
  assert.equal(press(['/', ...typed('gam'), 'backspace']).state.filters.sessions, 'ga');
  assert.deepEqual(press(['/', 'q']).effects, [], 'q inside the filter bar is text, not quit');
});

test('palette: Tab completes commands and arguments, Enter runs', () => {
  const completed = press([':', ...typed('ro'), 'tab']).state.overlay;
  assert.deepEqual(completed, { kind: 'palette', text: 'rotate ', suggestions: ['rotate'] });
  const arg = press([':', ...typed('rotate g'), 'tab']).state.overlay;
  assert.equal(arg.kind === 'palette' && arg.text, 'rotate gamma');
  const ambiguous = press([':', ...typed('re'), 'tab']).state.overlay;
  assert.deepEqual(ambiguous.kind === 'palette' && ambiguous.suggestions, ['refresh', 'restore']);
  const verify = press([':', ...typed('verify alpha'), 'enter']);
  assert.deepEqual(verify.effects, [{ kind: 'action', flow: 'verify', args: { sessionId: 'alpha', sessionPath: '/srv/zaxy/.eventloom/alpha.jsonl' } }]);
  assert.deepEqual(press([':', ...typed('quit'), 'enter']).effects, [{ kind: 'quit' }]);
  assert.match(press([':', ...typed('nuke'), 'enter']).state.message!.text, /unknown command :nuke/);
  assert.match(press([':', ...typed('verify nobody'), 'enter']).state.message!.text, /no session "nobody"/);
  assert.equal(press([':', 'esc']).state.overlay.kind, 'none');
});

test('palette :run starts a known flow and confirms a mutating one', () => {
  const flows = [{ id: 'reproject', title: 'Reproject', danger: true }, { id: 'doctor', title: 'Doctor', danger: false }];
  const context = contextFor({ flows });
  assert.deepEqual(press([':', ...typed('run doctor x'), 'enter'], context).effects, [{ kind: 'action', flow: 'doctor', args: { extra: ['x'] } }]);
  const dangerous = press([':', ...typed('run reproject'), 'enter'], context);
  assert.equal(dangerous.state.overlay.kind, 'confirm');
  assert.deepEqual(dangerous.effects, []);
});

test('zoom toggles; Esc leaves zoom', () => {
  assert.equal(press(['z']).state.zoomed, true);
  assert.equal(press(['z', 'z']).state.zoomed, false);
  assert.equal(press(['z', 'esc']).state.zoomed, false);
});

test('pause, interval and refresh become effects for the App', () => {
  assert.deepEqual(press(['p']).effects, [{ kind: 'pause', paused: true }]);
  assert.deepEqual(press(['p'], contextFor({ paused: true })).effects, [{ kind: 'pause', paused: false }]);
  assert.deepEqual(press(['+']).effects, [{ kind: 'interval', ms: 5000 }]);
  assert.deepEqual(press(['-']).effects, [{ kind: 'interval', ms: 1000 }]);
  assert.deepEqual(press(['-'], contextFor({ intervalMs: 500 })).effects, [], 'already the shortest');
  assert.deepEqual(press(['r']).effects, [{ kind: 'refresh' }]);
  assert.equal(stepInterval(3000, 1), 5000);
  assert.equal(stepInterval(3000, -1), 2000);
});

test('help opens with ? and closes with Esc; keys do not leak through it', () => {
  assert.equal(press(['?']).state.overlay.kind, 'help');
  assert.equal(press(['?', 'esc']).state.overlay.kind, 'none');
  assert.deepEqual(press(['?', 'p']).effects, []);
});

test('Enter opens the selected row in detail, Esc goes back', () => {
  const opened = press(['enter']).state.overlay;
  assert.deepEqual(opened, { kind: 'detail', pane: 'sessions', rowKey: 'beta', scroll: 0 });
  assert.equal(press(['enter', 'j']).state.overlay.kind === 'detail' && (press(['enter', 'j']).state.overlay as { scroll: number }).scroll, 1);
  assert.equal(press(['enter', 'esc']).state.overlay.kind, 'none');
});

test('a mutating action asks first, and the default answer is Cancel', () => {
  const asked = press(['o']);
  assert.equal(asked.state.overlay.kind, 'confirm');
  assert.deepEqual(asked.effects, []);
  assert.deepEqual(press(['o', 'enter']).effects, [], 'Enter on the default answer cancels');
  assert.match(press(['o', 'enter']).state.message!.text, /cancelled/);
  assert.deepEqual(press(['o', 'right', 'enter']).effects, [{ kind: 'action', flow: 'rotate', args: { sessionId: 'beta', sessionPath: '/srv/zaxy/.eventloom/beta.jsonl' } }]);
  assert.deepEqual(press(['o', 'right', 'esc']).effects, []);
});

test('v verifies what is selected: a session, a backup, or everything', () => {
  assert.deepEqual(press(['v']).effects, [{ kind: 'action', flow: 'verify', args: { sessionId: 'beta', sessionPath: '/srv/zaxy/.eventloom/beta.jsonl' } }]);
  const backup = press(['4', 'v']).effects[0];
  assert.equal(backup?.kind === 'action' && backup.args.backupName, 'zaxy-backup-20261128T120000Z.tar.gz');
  assert.deepEqual(press(['2', 'v']).effects, [{ kind: 'action', flow: 'verify', args: {} }]);
});

test('restore works on the selected backup only, and asks first', () => {
  assert.match(press(['R']).state.message?.text ?? '', /^$/, 'R on the sessions pane is not bound');
  const asked = press(['4', 'j', 'R']);
  assert.equal(asked.state.overlay.kind === 'confirm' && asked.state.overlay.request.args.backupName, 'zaxy-backup-20261127T120000Z.tar.gz');
});

test('read-only refuses every mutating key and command, saying why', () => {
  const context = contextFor({ readOnly: true });
  for (const keys of [['o'], ['b'], ['4', 'R']]) {
    const result = press(keys, context);
    assert.deepEqual(result.effects, [], keys.join(' '));
    assert.equal(result.state.overlay.kind, 'none');
    assert.match(result.state.message!.text, /read-only mode \(--readonly\)/);
  }
  assert.match(press([':', ...typed('backup'), 'enter'], context).state.message!.text, /read-only/);
  const completion = press([':', ...typed('r'), 'tab'], context).state.overlay;
  assert.deepEqual(completion.kind === 'palette' && completion.suggestions, ['refresh', 'run'], 'restore and rotate are not offered');
  assert.deepEqual(press(['v'], context).effects, [{ kind: 'action', flow: 'verify', args: { sessionId: 'beta', sessionPath: '/srv/zaxy/.eventloom/beta.jsonl' } }], 'verify only reads');
});

test('a typed confirmation from the running flow takes the keyboard until answered', () => {
  const context = contextFor({ runConfirm: { expected: 'zaxy-backup-1' }, actionRunning: true });
  assert.deepEqual(press([...typed('zaxy-backup-1'), 'enter'], context).effects, [{ kind: 'confirmRun', answer: true }]);
  assert.deepEqual(press([...typed('zaxy'), 'enter'], context).effects, []);
  assert.deepEqual(press(['q', 'esc'], context).effects, [{ kind: 'confirmRun', answer: false }], 'q is text here, Esc declines');
});

test('x cancels a running action, and says so when none runs', () => {
  assert.deepEqual(press(['x'], contextFor({ actionRunning: true })).effects, [{ kind: 'cancelAction' }]);
  assert.match(press(['x']).state.message!.text, /no action is running/);
});

test('starting an action focuses its output, following the tail', () => {
  const started = press(['o', 'right', 'enter']);
  assert.equal(started.state.focused, 'action');
  assert.equal(started.state.actionScroll, 0);
  assert.equal(press(['o', 'enter']).state.focused, 'sessions', 'a cancelled action leaves focus where it was');
});
