import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPollerGroup } from '../../source/console/poller-group.js';
import type { SourceHealth } from '../../source/sources/poller.js';

/** A manual clock: timers fire only when the test advances it. */
function manualTimers() {
  let now = 0;
  let next = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    setTimer: (fn: () => void, ms: number) => {
      const id = next++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimer: (id: unknown) => void timers.delete(id as number),
    async advance(ms: number) {
      now += ms;
      for (const [id, t] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (t.at <= now && timers.delete(id)) t.fn();
      }
      await new Promise((r) => setImmediate(r));
    },
    pendingDelays: () => [...timers.values()].map((t) => t.at - now),
  };
}

function counting(name: string) {
  const seen = { polls: 0, closed: 0, data: [] as number[], health: [] as SourceHealth[] };
  return {
    seen,
    binding: {
      name,
      collector: {
        collect: () => Promise.resolve(++seen.polls),
        close: () => {
          seen.closed++;
          return Promise.resolve();
        },
      },
      onData: (n: number) => void seen.data.push(n),
      onHealth: (h: SourceHealth) => void seen.health.push(h),
    },
  };
}

test('start polls every source once; pause stops the timers; resume and refresh poll again', async () => {
  const timers = manualTimers();
  const a = counting('a');
  const b = counting('b');
  const group = createPollerGroup([a.binding, { ...b.binding, intervalFactor: 5 }], { intervalMs: 1000, ...timers });
  group.start();
  await timers.advance(0);
  assert.deepEqual([a.seen.polls, b.seen.polls], [1, 1]);
  await timers.advance(1000);
  assert.deepEqual([a.seen.polls, b.seen.polls], [2, 1], 'b polls at 5× the interval');

  group.setPaused(true);
  assert.equal(group.paused(), true);
  await timers.advance(10_000);
  assert.deepEqual([a.seen.polls, b.seen.polls], [2, 1]);
  assert.equal(a.seen.health.at(-1)?.state, 'paused');

  group.setPaused(false);
  await timers.advance(0);
  assert.deepEqual([a.seen.polls, b.seen.polls], [3, 2]);
  group.refresh();
  await timers.advance(0);
  assert.deepEqual([a.seen.polls, b.seen.polls], [4, 3]);
  await group.close();
});

test('setInterval re-schedules every source with its factor; close stops polling and closes collectors', async () => {
  const timers = manualTimers();
  const a = counting('a');
  const b = counting('b');
  const group = createPollerGroup([a.binding, { ...b.binding, intervalFactor: 3 }], { intervalMs: 2000, ...timers });
  group.start();
  await timers.advance(0);
  group.setInterval(500);
  assert.equal(group.intervalMs(), 500);
  assert.equal(a.seen.health.at(-1)?.intervalMs, 500);
  assert.equal(b.seen.health.at(-1)?.intervalMs, 1500);
  await group.close();
  assert.deepEqual([a.seen.closed, b.seen.closed], [1, 1]);
  await timers.advance(60_000);
  assert.deepEqual([a.seen.polls, b.seen.polls], [1, 1]);
});

test('a collector that throws before returning a promise is a failed poll: the source is down and polled again', async () => {
  const timers = manualTimers();
  let calls = 0;
  const health: SourceHealth[] = [];
  const group = createPollerGroup(
    [
      {
        name: 'thrower',
        collector: {
          collect: () => {
            calls++;
            throw new Error('bad configuration');
          },
        },
        onData: () => undefined,
        onHealth: (h: SourceHealth) => void health.push(h),
      },
    ],
    { intervalMs: 1000, ...timers },
  );
  group.start();
  await timers.advance(0);
  assert.equal(health.at(-1)?.state, 'down');
  assert.equal(health.at(-1)?.error, 'bad configuration');
  await timers.advance(2000);
  assert.equal(calls, 2, 'it is polled again after the back-off');
  await group.close();
});
