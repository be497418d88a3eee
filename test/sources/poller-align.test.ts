import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alignedDelay, createPoller } from '../../source/sources/poller.js';

test('polls move to the nearest grid point, so pollers ending a few ms apart wake together', () => {
  assert.equal(alignedDelay(10_010, 1000, 100), 990);
  assert.equal(alignedDelay(10_020, 1000, 100), 980);
  assert.equal(alignedDelay(10_060, 1000, 100), 1040);
  assert.equal(alignedDelay(10_000, 5000, 100), 5000);
  // No grid: exactly the interval.
  assert.equal(alignedDelay(10_013, 1000, 0), 1000);
  // A short delay never collapses into an immediate poll.
  assert.equal(alignedDelay(10_000, 20, 100), 20);
  assert.equal(alignedDelay(10_049, 10, 100), 51);
});

test('a poller on a grid schedules its next poll on the grid and says when', async () => {
  const delays: number[] = [];
  let health = null as ReturnType<ReturnType<typeof createPoller>['health']> | null;
  const poller = createPoller({
    name: 'x',
    intervalMs: 1000,
    tickGridMs: 100,
    now: () => 5_030,
    poll: () => Promise.resolve(1),
    onData: () => undefined,
    onHealth: (h) => (health = h),
    setTimer: (_fn, ms) => {
      delays.push(ms);
      return delays.length;
    },
    clearTimer: () => undefined,
  });
  poller.start();
  await poller.settled();
  // [the poll's timeout, the next poll]
  assert.equal(delays.at(-1), 970);
  assert.equal(health?.nextPollAt, 6_000);
  poller.stop();
});
