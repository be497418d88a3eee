import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Store } from '../../source/store/store.js';
import { createConsoleStore, sourceSink } from '../../source/store/state.js';
import { needsSecondTicks, sameStatusShown, sourceStatus } from '../../source/store/format/common.js';
import type { SourceHealth } from '../../source/sources/poller.js';

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

test("a 'quiet' write replaces the value without publishing or arming a timer; the next publish carries it", async () => {
  const timers: unknown[] = [];
  const store = new Store({ a: 0, b: 0 }, { publishIntervalMs: 250, setTimer: (fn, ms) => timers.push({ fn, ms }), clearTimer: () => undefined });
  let published = 0;
  store.subscribe(() => published++);
  store.set('a', 1, 'quiet');
  await Promise.resolve();
  assert.equal(published, 0);
  assert.equal(timers.length, 0);
  assert.equal(store.getState().a, 1, 'a reader sees the value at once');
  store.set('b', 1, 'task');
  await Promise.resolve();
  assert.equal(published, 1);
  assert.deepEqual(store.getState(), { a: 1, b: 1 });
});

const okHealth = (over: Partial<SourceHealth> = {}): SourceHealth => ({
  name: 'metrics',
  state: 'ok',
  lastOkAt: 10_000,
  staleSince: null,
  error: null,
  consecutiveFailures: 0,
  distinctErrors: [],
  nextPollAt: 11_000,
  lastDurationMs: 3,
  slowWarning: null,
  intervalMs: 1000,
  ...over,
});

test('a sink publishes a poll that changed neither the data nor the status line not at all, and any other at the end of its task', async () => {
  const store = createConsoleStore({ publishIntervalMs: 250 });
  let published = 0;
  store.subscribe(() => published++);
  const sink = sourceSink(store, 'metrics');
  const at = Date.now();
  const publishes = async (health: SourceHealth) => {
    const before = published;
    sink.onHealth(health);
    await Promise.resolve();
    assert.equal(store.getState().metrics.health, health, 'stored either way');
    return published - before;
  };
  assert.equal(await publishes(okHealth({ lastOkAt: at - 1000 })), 1, 'the first health');
  assert.equal(await publishes(okHealth({ lastOkAt: at, nextPollAt: at + 1000, lastDurationMs: 7 })), 0, 'only the times moved');
  assert.equal(await publishes(okHealth({ lastOkAt: at, slowWarning: 'poll took 2.5s, more than twice the 1.0s interval' })), 1, 'a slow warning appears');
  assert.equal(await publishes(okHealth({ lastOkAt: at })), 1, 'and goes');
  assert.equal(await publishes(okHealth({ lastOkAt: at, intervalMs: 2000 })), 1, 'another interval');
  assert.equal(await publishes(okHealth({ lastOkAt: at, state: 'paused', intervalMs: 2000 })), 1, 'paused');
  assert.equal(await publishes(okHealth({ lastOkAt: at, intervalMs: 2000 })), 1, 'resumed');
  assert.equal(await publishes(okHealth({ lastOkAt: at, state: 'down', error: 'refused' })), 1, 'down');
  assert.equal(await publishes(okHealth({ lastOkAt: at })), 1, 'back up');
  // The stored health went stale (a poll that took long): its successor must redraw the line.
  store.set('metrics', { ...store.getState().metrics, health: okHealth({ lastOkAt: at - 5000 }) }, 'quiet');
  assert.equal(await publishes(okHealth({ lastOkAt: at })), 1, 'stale before');
  // New data with a quiet health is published, once, with both.
  const before = published;
  sink.onHealth(okHealth({ lastOkAt: at + 1 }));
  sink.onData({} as never);
  await Promise.resolve();
  assert.equal(published - before, 1);
});

test('sameStatusShown holds only where both healths make the same status line on the same clock ticks', () => {
  const states: SourceHealth['state'][] = ['pending', 'ok', 'down', 'disabled', 'paused'];
  const now = 100_000;
  let quiet = 0;
  let seed = 7;
  const pick = <T>(xs: readonly T[]): T => xs[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % xs.length]!;
  for (let i = 0; i < 20_000; i++) {
    const health = () =>
      okHealth({
        state: pick(states),
        lastOkAt: pick([null, now, now - 900, now - 2500, now - 3001, now - 60_000]),
        staleSince: pick([null, now - 4000]),
        error: pick([null, 'refused']),
        slowWarning: pick([null, 'slow']),
        intervalMs: pick([1000, 2000]),
        nextPollAt: pick([null, now + 1000, now + 5000]),
      });
    const previous = health();
    const next = health();
    if (!sameStatusShown(previous, next, now)) continue;
    quiet++;
    assert.deepEqual(sourceStatus(next, now), sourceStatus(previous, now));
    assert.equal(needsSecondTicks(next, now), needsSecondTicks(previous, now));
  }
  assert.ok(quiet > 100, `only ${quiet} quiet pairs were drawn`);
  assert.equal(sameStatusShown(null, okHealth(), now), false, 'the first health is always shown');
});
