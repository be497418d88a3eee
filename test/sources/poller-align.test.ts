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

test('pollers whose polls end 100 ms apart still wake together, on multiples of the interval', async () => {
  // What the console did on a 100 ms grid: the scrape ended at .706 and the directory check at
  // .801, so each came back to its own grid point, .700 and .800, two wake-ups every second.
  const wakes: number[] = [];
  const pollerEndingAt = (end: number) => {
    const poller = createPoller({
      name: `ends at ${end}`,
      intervalMs: 1000,
      tickGridMs: 100,
      now: () => end,
      poll: () => Promise.resolve(1),
      onData: () => undefined,
      onHealth: (h) => void (h.nextPollAt !== null && wakes.push(h.nextPollAt)),
      setTimer: () => 1,
      clearTimer: () => undefined,
    });
    poller.start();
    return poller;
  };
  const pollers = [pollerEndingAt(10_706), pollerEndingAt(10_801)];
  await Promise.all(pollers.map((p) => p.settled()));
  assert.deepEqual(wakes, [12_000, 12_000]);
  // A slower source polled at a multiple of the interval lands on the same whole seconds.
  assert.equal((alignedDelay(10_801, 5000, 5000) + 10_801) % 1000, 0);
  for (const p of pollers) p.stop();
});
