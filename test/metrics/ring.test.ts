import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appendPoint, mergeHistory, ringCapacity, windowStats, type RingPoint } from '../../source/metrics/ring.js';

const pts = (...ts: number[]): RingPoint[] => ts.map((t) => ({ t, v: t * 10 }));

test('appendPoint keeps the newest `capacity` points without mutating its input', () => {
  let ring: RingPoint[] = [];
  for (let t = 1; t <= 7; t++) ring = appendPoint(ring, { t, v: t }, 5);
  assert.deepEqual(ring.map((p) => p.t), [3, 4, 5, 6, 7]);
  const before = [...ring];
  appendPoint(ring, { t: 8, v: 8 }, 5);
  assert.deepEqual(ring, before);
});

test('ringCapacity clamps to 600 and rejects nonsense', () => {
  assert.equal(ringCapacity(120), 120);
  assert.equal(ringCapacity(5000), 600);
  assert.throws(() => ringCapacity(0), /ring capacity must be at least 1, got 0/);
  assert.throws(() => ringCapacity(NaN), /ring capacity/);
});

const mergeCases: [string, RingPoint[], RingPoint[], number, number[]][] = [
  ['history then live', pts(1, 2, 3), pts(4, 5), 10, [1, 2, 3, 4, 5]],
  ['live wins where they overlap', pts(1, 2, 3, 4), pts(3, 5), 10, [1, 2, 3, 5]],
  ['bounded to the newest', pts(1, 2, 3), pts(4, 5), 3, [3, 4, 5]],
  ['history alone (before the first scrape)', pts(1, 2), [], 10, [1, 2]],
  ['live alone', [], pts(1, 2), 10, [1, 2]],
];
for (const [name, history, live, capacity, expected] of mergeCases) {
  test(`mergeHistory: ${name}`, () => assert.deepEqual(mergeHistory(history, live, capacity).map((p) => p.t), expected));
}

test('windowStats: current is the newest point, min/max skip gaps and non-finite values', () => {
  assert.deepEqual(windowStats([{ t: 1, v: 3 }, { t: 2, v: null }, { t: 3, v: Infinity }, { t: 4, v: 1 }, { t: 5, v: 2 }]), { current: 2, min: 1, max: 3 });
  assert.deepEqual(windowStats([{ t: 1, v: 3 }, { t: 2, v: null }]), { current: null, min: 3, max: 3 });
  assert.deepEqual(windowStats([]), { current: null, min: null, max: null });
});
