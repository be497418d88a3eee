import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatCount, formatRate, formatSeconds } from '../../source/metrics/display.js';
import { HYBRID_QUERY_TARGET, thresholdLevel, UNMEASURED_TARGETS } from '../../source/metrics/targets.js';

describe('thresholdLevel against the hybrid query target (< 200 ms, alert > 500 ms)', () => {
  const cases: [number | null, string][] = [
    [0.05, 'ok'],
    [0.199, 'ok'],
    [0.2, 'warn'],
    [0.5, 'warn'],
    [0.51, 'alert'],
    [null, 'no-data'],
    [NaN, 'no-data'],
  ];
  for (const [value, level] of cases) test(String(value), () => assert.equal(thresholdLevel(value, HYBRID_QUERY_TARGET), level));
  test('no target: none', () => assert.equal(thresholdLevel(3, null), 'none'));
});

test('append and upsert targets are reported as unmeasurable, not invented', () => {
  assert.deepEqual(
    UNMEASURED_TARGETS.map((t) => [t.metric, t.target, t.alertAt]),
    [
      ['append latency', '< 50 ms', '> 100 ms'],
      ['upsert latency', '< 100 ms', '> 200 ms'],
    ],
  );
});

describe('display text', () => {
  const rates: [number | null, string][] = [
    [null, '—'],
    [0, '0/s'],
    [0.004, '<0.01/s'],
    [1.234, '1.23/s'],
    [45.67, '45.7/s'],
    [1234.5, '1235/s'],
  ];
  for (const [v, text] of rates) test(`formatRate(${v})`, () => assert.equal(formatRate(v), text));
  const seconds: [number | null, string][] = [
    [null, '—'],
    [0.0031, '3.1 ms'],
    [0.1834, '183 ms'],
    [2.5, '2.50 s'],
    [Infinity, '+Inf'],
  ];
  for (const [v, text] of seconds) test(`formatSeconds(${v})`, () => assert.equal(formatSeconds(v), text));
  test('formatCount', () => {
    assert.equal(formatCount(1234567), '1,234,567');
    assert.equal(formatCount(null), '—');
  });
});
