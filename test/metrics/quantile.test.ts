import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { bucketIncrease, histogramQuantile, sumBuckets } from '../../source/metrics/quantile.js';
import type { Bucket } from '../../source/metrics/readings.js';

const b = (pairs: [number, number][]): Bucket[] => pairs.map(([le, count]) => ({ le, count }));
const I = Infinity;

describe('histogramQuantile matches Prometheus histogram_quantile', () => {
  const buckets = b([[0.1, 0], [0.25, 4], [0.5, 8], [I, 10]]);
  const cases: [string, number, Bucket[], number | null][] = [
    ['interpolates inside the bucket holding the rank', 0.5, buckets, 0.3125],
    ['lower bucket', 0.2, buckets, 0.175],
    ['rank in +Inf returns the highest finite bound', 0.95, buckets, 0.5],
    ['first bucket starts at 0', 0.5, b([[0.1, 10], [I, 10]]), 0.05],
    ['a non-positive first bound is returned as is', 0.2, b([[-1, 5], [I, 10]]), -1],
    ['non-monotonic counts are made monotonic', 0.5, b([[0.1, 5], [0.2, 3], [I, 10]]), 0.1],
    ['unsorted input is sorted by le', 0.5, b([[I, 10], [0.5, 8], [0.25, 4], [0.1, 0]]), 0.3125],
    ['no observations', 0.5, b([[0.1, 0], [I, 0]]), null],
    ['no +Inf bucket', 0.5, b([[0.1, 1], [0.2, 2]]), null],
    ['a single bucket', 0.5, b([[I, 3]]), null],
    ['q below 0', -0.1, buckets, -Infinity],
    ['q above 1', 1.1, buckets, Infinity],
    ['q NaN', NaN, buckets, null],
  ];
  for (const [name, q, input, expected] of cases) {
    test(name, () => assert.equal(histogramQuantile(q, input), expected));
  }

  test('property: monotonic in q and within [0, highest finite bound]', () => {
    const bounds = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 20, noNaN: true }), { minLength: 1, maxLength: 200 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (observations, qa, qb) => {
        const cumulative = [...bounds, I].map((le) => ({ le, count: observations.filter((o) => o <= le).length }));
        const [lo, hi] = qa <= qb ? [qa, qb] : [qb, qa];
        const a = histogramQuantile(lo, cumulative)!;
        const c = histogramQuantile(hi, cumulative)!;
        assert.ok(a <= c + 1e-12, `p${lo}=${a} > p${hi}=${c}`);
        assert.ok(a >= 0 && c <= 10);
      }),
    );
  });
});

describe('bucketIncrease', () => {
  const prev = { buckets: b([[0.1, 2], [I, 5]]), count: 5, created: 100 };
  test('subtracts per bucket', () => {
    assert.deepEqual(bucketIncrease(prev, { buckets: b([[0.1, 3], [I, 9]]), count: 9, created: 100 }), b([[0.1, 1], [I, 4]]));
  });
  test('no previous scrape: the whole histogram', () => {
    assert.deepEqual(bucketIncrease(undefined, { buckets: b([[0.1, 3], [I, 9]]), count: 9 }), b([[0.1, 3], [I, 9]]));
  });
  test('count went down: reset, the new buckets are the increase', () => {
    assert.deepEqual(bucketIncrease(prev, { buckets: b([[0.1, 1], [I, 1]]), count: 1, created: 100 }), b([[0.1, 1], [I, 1]]));
  });
  test('recreated series (new _created) with a higher count is still a reset', () => {
    assert.deepEqual(bucketIncrease(prev, { buckets: b([[0.1, 6], [I, 7]]), count: 7, created: 200 }), b([[0.1, 6], [I, 7]]));
  });
});

test('sumBuckets adds by le like sum by (le)', () => {
  assert.deepEqual(sumBuckets([b([[0.1, 1], [I, 2]]), b([[I, 3], [0.1, 2]]), b([[0.5, 1], [I, 1]])]), b([[0.1, 3], [0.5, 1], [I, 6]]));
});
