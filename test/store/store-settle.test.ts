import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Store } from '../../source/store/store.js';
import { createConsoleStore, sourceSink } from '../../source/store/state.js';

test('with settleMs, writes landing together after a quiet spell are published once, after the settle time', () => {
  const timers: { fn: () => void; ms: number }[] = [];
  const store = new Store({ a: 0, b: 0 }, { publishIntervalMs: 250, settleMs: 50, setTimer: (fn, ms) => timers.push({ fn, ms }), clearTimer: () => undefined });
  let published = 0;
  store.subscribe(() => published++);
  store.set('a', 1);
  store.set('b', 1);
  assert.equal(timers.length, 1);
  assert.ok(timers[0]!.ms >= 50);
  assert.equal(published, 0);
  timers[0]!.fn();
  assert.equal(published, 1);
  assert.deepEqual(store.getState(), { a: 1, b: 1 });
});

test('without settleMs the first publish after a quiet spell is immediate (as before)', () => {
  const timers: { fn: () => void; ms: number }[] = [];
  const store = new Store({ a: 0 }, { publishIntervalMs: 250, setTimer: (fn, ms) => timers.push({ fn, ms }), clearTimer: () => undefined });
  store.set('a', 1);
  assert.equal(timers[0]!.ms, 0);
});

test("writes made with 'task' are published once at the end of the task, and arm no timer", async () => {
  const timers: { fn: () => void; ms: number }[] = [];
  const store = new Store({ a: 0, b: 0 }, { publishIntervalMs: 250, settleMs: 50, setTimer: (fn, ms) => timers.push({ fn, ms }), clearTimer: () => undefined });
  let published = 0;
  store.subscribe(() => published++);
  store.set('a', 1, 'task');
  store.update('b', (b) => b + 1, 'task');
  assert.equal(published, 0, 'not inside the task that wrote');
  await Promise.resolve();
  assert.equal(published, 1);
  assert.deepEqual(store.getState(), { a: 1, b: 1 });
  assert.equal(timers.length, 0, 'no timer was armed');
  // Right after a publish, a 'task' write is not held back by the publish interval either.
  store.set('a', 2, 'task');
  await Promise.resolve();
  assert.equal(published, 2);
  assert.equal(timers.length, 0);
});

test("a 'task' write publishes what 'timer' writes left pending, and their timer is cleared", async () => {
  const timers = new Map<number, () => void>();
  let next = 0;
  const store = new Store({ a: 0, b: 0 }, { publishIntervalMs: 250, settleMs: 50, setTimer: (fn) => (timers.set(++next, fn), next), clearTimer: (h) => void timers.delete(h as number) });
  let published = 0;
  store.subscribe(() => published++);
  store.set('a', 1);
  assert.equal(timers.size, 1);
  store.set('b', 1, 'task');
  await Promise.resolve();
  assert.equal(published, 1);
  assert.equal(timers.size, 0);
  assert.deepEqual(store.getState(), { a: 1, b: 1 });
});

test('a poller’s sink writes its data and health for the end of the task, without a timer', async () => {
  const timers: unknown[] = [];
  const store = createConsoleStore({ publishIntervalMs: 250, settleMs: 50, setTimer: (fn, ms) => timers.push({ fn, ms }), clearTimer: () => undefined });
  let published = 0;
  store.subscribe(() => published++);
  const sink = sourceSink(store, 'backups');
  sink.onHealth({ name: 'backups', state: 'ok', lastOkAt: 1, staleSince: null, error: null, consecutiveFailures: 0, distinctErrors: [], nextPollAt: 2, lastDurationMs: 1, slowWarning: null, intervalMs: 1000 });
  await Promise.resolve();
  assert.equal(published, 1);
  assert.equal(timers.length, 0);
});
