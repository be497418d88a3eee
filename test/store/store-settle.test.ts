import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Store } from '../../source/store/store.js';

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
