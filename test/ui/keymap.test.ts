import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Key } from 'ink';
import { defaultBindings, disabledReason, findConflicts, isValidKeyName, keyName, READ_ONLY_REASON, renderKeyTable, resolveBinding, visibleBindings } from '../../source/ui/keymap.js';

const NO_KEY: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false,
};

test('no key is bound twice where both bindings are active', () => {
  assert.deepEqual(findConflicts(defaultBindings), []);
});

test('every binding has keys, a label and a help sentence; ids are unique', () => {
  const ids = new Set<string>();
  for (const b of defaultBindings) {
    assert.ok(b.keys.length > 0, b.id);
    assert.ok(b.label.trim().length > 0, b.id);
    assert.ok(b.help.trim().length > 10, b.id);
    for (const k of b.keys) assert.ok(isValidKeyName(k), `${b.id}: ${k}`);
    assert.ok(!ids.has(b.id), b.id);
    ids.add(b.id);
  }
});

test('findConflicts reports a key bound twice in one scope, but not across two panes', () => {
  const twice = defaultBindings.map((b) => (b.id === 'poll.refresh' ? { ...b, keys: ['q'] } : b));
  assert.deepEqual(findConflicts(twice), ['q: app.quit and poll.refresh']);
  const panes = defaultBindings.map((b) => (b.id === 'action.rotate' ? { ...b, keys: ['R'] } : b));
  assert.deepEqual(findConflicts(panes), [], 'restore (backups) and rotate (sessions) are never active together');
});

test('the README key table lists every binding and marks the mutating ones', () => {
  const table = renderKeyTable();
  for (const b of defaultBindings) assert.ok(table.includes(b.help), b.id);
  assert.match(table, /\| `R` \| Backups \| Restore the selected backup.*\(`:restore`\) \| yes \(hidden by `--readonly`\) \|/);
  assert.equal(table.split('\n').filter((l) => l.startsWith('| `')).length, defaultBindings.length);
});

test('keyName turns Ink key events into the names bindings use', () => {
  assert.equal(keyName('\t', { ...NO_KEY, tab: true }), 'tab');
  assert.equal(keyName('', { ...NO_KEY, tab: true, shift: true }), 'shift+tab');
  assert.equal(keyName('c', { ...NO_KEY, ctrl: true }), 'ctrl+c');
  assert.equal(keyName('R', { ...NO_KEY, shift: true }), 'R');
  assert.equal(keyName('', { ...NO_KEY, escape: true }), 'esc');
  assert.equal(keyName('', { ...NO_KEY, pageDown: true }), 'pgdn');
  assert.equal(keyName('/', NO_KEY), '/');
});

test('resolveBinding prefers the focused pane, then lists, then global', () => {
  assert.equal(resolveBinding(defaultBindings, 'R', 'backups')?.id, 'action.restore');
  assert.equal(resolveBinding(defaultBindings, 'R', 'sessions'), undefined, 'restore only works on the backups pane');
  assert.equal(resolveBinding(defaultBindings, 'o', 'sessions')?.id, 'action.rotate');
  assert.equal(resolveBinding(defaultBindings, 'j', 'neo4j')?.id, 'list.down');
  assert.equal(resolveBinding(defaultBindings, '3', 'neo4j')?.id, 'focus.degradations');
});

test('read-only hides and refuses every dangerous binding, with the reason', () => {
  const dangerous = defaultBindings.filter((b) => b.danger).map((b) => b.id);
  assert.deepEqual(dangerous.sort(), ['action.backup', 'action.restore', 'action.rotate']);
  assert.ok(visibleBindings(defaultBindings, true).every((b) => !b.danger));
  const restore = defaultBindings.find((b) => b.id === 'action.restore')!;
  const target = { kind: 'backup' as const, name: 'b', archive: '/b', manifest: null };
  assert.equal(disabledReason(restore, { readOnly: true, focused: 'backups', target, actionRunning: false }), READ_ONLY_REASON);
  assert.equal(disabledReason(restore, { readOnly: false, focused: 'backups', target, actionRunning: false }), null);
  assert.match(disabledReason(restore, { readOnly: false, focused: 'backups', target: null, actionRunning: false })!, /select a backup/);
});
