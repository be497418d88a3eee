import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { backfillQueries, backfillStep, historyFrom, MAX_POINTS_PER_SERIES, onGrid, planBackfill, PrometheusQueryError, readRangeResponse } from '../../source/metrics/history.js';
import { degradationKey } from '../../source/metrics/tracker.js';

describe('backfillStep = max(window/cells, window/11000)', () => {
  const cases: [number, number, number][] = [
    [600, 60, 10],
    [3600, 120, 30],
    [86_400, 20_000, 86_400 / 11_000], // more cells than Prometheus allows: the limit wins
    [60, 200, 0.3],
  ];
  for (const [window, cells, step] of cases) test(`${window}s over ${cells} cells`, () => assert.equal(backfillStep(window, cells), step));
});

describe('planBackfill', () => {
  const end = 1_800_000_000_123;
  test('one point per cell, the last at the end, start = end - (points-1)·step', () => {
    const plan = planBackfill(600, 60, end);
    assert.deepEqual(plan, { start: 1_800_000_000.123 - 59 * 10, end: 1_800_000_000.123, step: 10, points: 60, rateRange: 60 });
  });
  test('never more than 11 000 points', () => {
    const plan = planBackfill(86_400, 50_000, end);
    assert.ok(plan.points <= MAX_POINTS_PER_SERIES);
    assert.ok((plan.end - plan.start) / plan.step <= MAX_POINTS_PER_SERIES);
  });
  test('steps longer than a minute widen the rate range so each cell is fully covered', () => {
    assert.equal(planBackfill(86_400, 100, end).rateRange, 864);
  });
  test('bad window or cells are named', () => {
    assert.throws(() => planBackfill(0, 10, end), /history window must be a positive number of seconds, got 0/);
    assert.throws(() => planBackfill(60, 0, end), /sparkline cell count must be a positive integer, got 0/);
  });
});

test('backfillQueries cover every console series with the live derivations', () => {
  const promql = backfillQueries(60).map((q) => q.promql);
  assert.ok(promql.includes('sum(rate(zaxy_events_appended_total[60s]))'));
  assert.ok(promql.includes('sum by (source) (rate(zaxy_queries_executed_total[60s]))'));
  assert.ok(promql.includes('histogram_quantile(0.95, sum by (le) (rate(zaxy_query_duration_seconds_bucket{source="hybrid"}[60s])))'));
  assert.ok(promql.includes('histogram_quantile(0.5, sum by (le) (rate(zaxy_query_duration_seconds_bucket[60s])))'));
  assert.ok(promql.includes('sum by (operation, reason) (rate(zaxy_degraded_operations_total[60s]))'));
  assert.equal(promql.length, 10);
});

describe('readRangeResponse', () => {
  const plan = planBackfill(40, 4, 1_000_000); // grid 970, 980, 990, 1000 (seconds)
  test('lays values on the grid; missing steps and NaN are gaps', () => {
    const body = { status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [[980, '2.5'], [990, 'NaN'], [1000, '+Inf']] }] } };
    const [series] = readRangeResponse(body, plan, 'q');
    assert.deepEqual(series!.points, [
      { t: 970_000, v: null },
      { t: 980_000, v: 2.5 },
      { t: 990_000, v: null },
      { t: 1_000_000, v: Infinity },
    ]);
  });
  test('a Prometheus error body becomes one line naming the query', () => {
    const body = { status: 'error', errorType: 'bad_data', error: 'parse error at char 5' };
    assert.throws(() => readRangeResponse(body, plan, 'rate(x['), (e: unknown) => e instanceof PrometheusQueryError && /rejected the query \(bad_data\): parse error/.test(e.message) && e.promql === 'rate(x[');
  });
  test('a body that is not a range result is refused', () => {
    assert.throws(() => readRangeResponse({ hello: 1 }, plan, 'q'), /not a query_range result/);
    assert.throws(() => readRangeResponse({ status: 'success', data: { resultType: 'vector', result: [] } }, plan, 'q'), /not a query_range result/);
  });
});

test('historyFrom maps answers to series ids and degradation keys, empty answers to all-gap rings', () => {
  const plan = planBackfill(20, 2, 100_000);
  const queries = backfillQueries(plan.rateRange);
  const answers = queries.map((q) => {
    if (q.target.kind === 'by-source') return { target: q.target, series: [{ labels: { source: 'hybrid' }, points: onGrid([[100, '3']], plan) }] };
    if (q.target.kind === 'degradations') return { target: q.target, series: [{ labels: { operation: 'query', reason: 'graph_unavailable' }, points: onGrid([[90, '0.2']], plan) }] };
    return { target: q.target, series: [] };
  });
  const history = historyFrom(plan, answers);
  assert.deepEqual(history.series['query_rate:hybrid']!.map((p) => p.v), [null, 3]);
  assert.deepEqual(history.series.append_rate!.map((p) => p.v), [null, null]);
  assert.deepEqual(history.degradations[degradationKey('query', 'graph_unavailable')]!.map((p) => p.v), [0.2, null]);
  assert.deepEqual([history.start, history.end], [90_000, 100_000]);
});
