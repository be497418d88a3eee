// The tracker fed with real prom-client exposition text at controlled scrape times.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseExposition } from '../../source/metrics/exposition.js';
import type { MetricsSnapshot } from '../../source/metrics/snapshot.js';
import {
  advanceMetrics,
  createMetricsTracker,
  degradationKey,
  isSteadyScrape,
  metricsSnapshot,
  retimedSnapshot,
  steadyScrape,
  withHistory,
  type MetricsTracker,
} from '../../source/metrics/tracker.js';
import { startPromFixture, type PromFixture } from '../support/prom-fixture.js';

const T0 = 1_800_000_000_000;
const meta = { url: 'http://fixture/metrics', scrapeDurationMs: 1 };

let fixture: PromFixture;
before(async () => {
  fixture = await startPromFixture();
});
after(() => fixture.close());

async function scrape(tracker: MetricsTracker, at: number): Promise<[MetricsTracker, MetricsSnapshot]> {
  const next = advanceMetrics(tracker, parseExposition(await fixture.registry.metrics()), at);
  return [next, metricsSnapshot(next, meta)];
}
const series = (snapshot: MetricsSnapshot, id: string) => {
  const found = snapshot.series.find((s) => s.id === id);
  assert.ok(found, `series ${id} missing; have ${snapshot.series.map((s) => s.id).join(', ')}`);
  return found;
};
const close = (actual: number | null, expected: number) => assert.ok(actual !== null && Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);

describe('rates and latency percentiles from scrape deltas', () => {
  test('rates are per second between scrapes, summed over labels, null on the first scrape', async () => {
    fixture.reset();
    fixture.appended.inc({ event_type: 'decision.made' }, 50); // before the console started: no rate
    let tracker = createMetricsTracker(100);
    let snapshot: MetricsSnapshot;
    [tracker, snapshot] = await scrape(tracker, T0);
    assert.equal(series(snapshot, 'append_rate').current, null);
    assert.equal(series(snapshot, 'append_rate').total, 50);

    fixture.appended.inc({ event_type: 'decision.made' }, 6);
    fixture.appended.inc({ event_type: 'note.added' }, 4); // a new label set grew from 0
    fixture.recordQuery(0.01, 'hybrid');
    fixture.recordQuery(0.01, 'hybrid');
    fixture.recordQuery(0.01, 'eventloom');
    fixture.upserts.inc({ entity_type: 'Person' }, 3);
    fixture.invalidations.inc();
    [, snapshot] = await scrape(tracker, T0 + 2000);
    close(series(snapshot, 'append_rate').current, 5);
    assert.equal(series(snapshot, 'append_rate').display.current, '5.00/s');
    close(series(snapshot, 'query_rate').current, 1.5);
    close(series(snapshot, 'query_rate:hybrid').current, 1);
    close(series(snapshot, 'query_rate:eventloom').current, 0.5);
    close(series(snapshot, 'upsert_rate').current, 1.5);
    close(series(snapshot, 'invalidation_rate').current, 0.5);
    assert.deepEqual(snapshot.appendsByType, [
      { eventType: 'decision.made', total: 56 },
      { eventType: 'note.added', total: 4 },
    ]);
    assert.equal(series(snapshot, 'append_rate').points.length, 2);
    assert.deepEqual(series(snapshot, 'append_rate').points[0], { t: T0, v: null });
  });

  test('a counter reset counts the new value as the increase', async () => {
    fixture.reset();
    fixture.appended.inc({ event_type: 'x' }, 100);
    let tracker = createMetricsTracker(100);
    [tracker] = await scrape(tracker, T0);
    fixture.reset(); // the exporter restarted
    fixture.appended.inc({ event_type: 'x' }, 3);
    const [, snapshot] = await scrape(tracker, T0 + 1000);
    close(series(snapshot, 'append_rate').current, 3);
  });

  test('p50/p95 come from bucket increases: hybrid alone and all sources, with the runbook level', async () => {
    fixture.reset();
    for (let i = 0; i < 100; i++) fixture.recordQuery(5, 'hybrid'); // before the first scrape: ignored
    let tracker = createMetricsTracker(100);
    let snapshot: MetricsSnapshot;
    [tracker, snapshot] = await scrape(tracker, T0);
    assert.equal(series(snapshot, 'query_p95:hybrid').current, null);
    for (let i = 0; i < 10; i++) fixture.recordQuery(0.3, 'hybrid'); // bucket (0.25, 0.5]
    for (let i = 0; i < 10; i++) fixture.recordQuery(0.003, 'eventloom'); // bucket (0, 0.005]
    [tracker, snapshot] = await scrape(tracker, T0 + 2000);
    close(series(snapshot, 'query_p50:hybrid').current, 0.375);
    close(series(snapshot, 'query_p95:hybrid').current, 0.4875);
    close(series(snapshot, 'query_p50').current, 0.005);
    close(series(snapshot, 'query_p95').current, 0.475);
    assert.equal(series(snapshot, 'query_p95:hybrid').level, 'warn');
    assert.equal(series(snapshot, 'query_p95:hybrid').display.current, '488 ms');
    assert.equal(series(snapshot, 'query_p95').level, 'none'); // the target is for hybrid queries
    // No queries in the next interval: no percentile (Prometheus gives NaN), shown as a gap.
    [tracker, snapshot] = await scrape(tracker, T0 + 4000);
    const p95 = series(snapshot, 'query_p95:hybrid');
    assert.equal(p95.current, null);
    assert.equal(p95.level, 'no-data');
    close(p95.max, 0.4875);
    for (let i = 0; i < 4; i++) fixture.recordQuery(0.8, 'hybrid'); // bucket (0.75, 1]
    [, snapshot] = await scrape(tracker, T0 + 6000);
    assert.equal(series(snapshot, 'query_p50:hybrid').level, 'alert');
  });

  test('rings hold at most their capacity', async () => {
    fixture.reset();
    let tracker = createMetricsTracker(3);
    let snapshot: MetricsSnapshot | undefined;
    for (let i = 0; i < 6; i++) [tracker, snapshot] = await scrape(tracker, T0 + i * 1000);
    assert.deepEqual(
      series(snapshot!, 'append_rate').points.map((p) => p.t),
      [T0 + 3000, T0 + 4000, T0 + 5000],
    );
  });
});

test('an unchanged exposition handed over again (the same parsed object) folds in exactly like a fresh parse of its text', async () => {
  fixture.reset();
  fixture.recordQuery(0.01, 'hybrid');
  fixture.recordQuery(0.4, 'eventloom');
  fixture.appended.inc({ event_type: 'decision.made' }, 3);
  let tracker = createMetricsTracker(20);
  [tracker] = await scrape(tracker, T0);
  fixture.recordQuery(0.02, 'hybrid');
  fixture.recordQuery(0.3, 'hybrid');
  const text = await fixture.registry.metrics();
  const exposition = parseExposition(text);
  tracker = advanceMetrics(tracker, exposition, T0 + 1000);
  // Latencies were observed in that second: the next, idle, second must show none.
  assert.notEqual(series(metricsSnapshot(tracker, meta), 'query_p95:hybrid').current, null);
  const reused = metricsSnapshot(advanceMetrics(tracker, exposition, T0 + 2000), meta);
  const reparsed = metricsSnapshot(advanceMetrics(tracker, parseExposition(text), T0 + 2000), meta);
  assert.deepEqual(reused, reparsed);
  assert.equal(series(reused, 'query_p95:hybrid').current, null);
  assert.equal(series(reused, 'append_rate').current, 0);
});

describe('degradations', () => {
  test('pairs are listed with totals, rates, newness, alert state and advice', async () => {
    fixture.reset();
    fixture.degraded.inc({ operation: 'query', reason: 'reranker_unavailable' }, 2);
    let tracker = createMetricsTracker(100);
    let snapshot: MetricsSnapshot;
    [tracker, snapshot] = await scrape(tracker, T0);
    const reranker = snapshot.degradations[0]!;
    assert.equal(reranker.isNew, false);
    assert.equal(reranker.alert?.rule.name, 'ZaxyRerankerFallbacks');
    // prom-client exports no _created: an old total alone says nothing about the last 10 minutes.
    assert.equal(reranker.alert?.state, 'inactive');
    assert.equal(snapshot.degradationsRising, false);

    fixture.degraded.inc({ operation: 'append', reason: 'graph_connect_unavailable' }, 4);
    fixture.degraded.inc({ operation: 'query', reason: 'quantum_flux_unavailable' });
    [tracker, snapshot] = await scrape(tracker, T0 + 2000);
    const graph = snapshot.degradations.find((d) => d.reason === 'graph_connect_unavailable')!;
    assert.equal(graph.isNew, true);
    assert.equal(graph.firstSeenAt, T0 + 2000);
    assert.equal(graph.total, 4);
    close(graph.rate, 2);
    assert.equal(graph.display.rate, '2.00/s');
    assert.equal(graph.alert?.rule.name, 'ZaxyGraphFallbacks');
    assert.equal(graph.alert?.state, 'pending');
    assert.equal(graph.knownReason, true);
    const unknown = snapshot.degradations.find((d) => d.reason === 'quantum_flux_unavailable')!;
    assert.equal(unknown.alert, null);
    assert.equal(unknown.knownReason, false);
    assert.equal(snapshot.degradationsRising, true);
    assert.equal(snapshot.degradations[0]!.key, degradationKey('append', 'graph_connect_unavailable'), 'alerting pairs come first');

    // Six quiet minutes later the graph alert has held for its 5m `for:` and fires.
    [tracker, snapshot] = await scrape(tracker, T0 + 2000 + 6 * 60_000);
    assert.equal(snapshot.degradations.find((d) => d.reason === 'graph_connect_unavailable')!.alert?.state, 'firing');
    // Past ten minutes without an increase the condition is gone.
    [, snapshot] = await scrape(tracker, T0 + 2000 + 11 * 60_000);
    assert.equal(snapshot.degradations.find((d) => d.reason === 'graph_connect_unavailable')!.alert?.state, 'inactive');
    assert.equal(snapshot.degradationsRising, false);
  });

  test('on the first scrape, a recent _created tells the alert the pair grew within 10 minutes', () => {
    const text = (created: number) =>
      [
        '# TYPE zaxy_degraded_operations_total counter',
        'zaxy_degraded_operations_total{operation="append",reason="embedding_provider_unavailable"} 3.0',
        '# TYPE zaxy_degraded_operations_created gauge',
        `zaxy_degraded_operations_created{operation="append",reason="embedding_provider_unavailable"} ${created}`,
      ].join('\n');
    const at = (created: number) => metricsSnapshot(advanceMetrics(createMetricsTracker(10), parseExposition(text(created)), T0), meta).degradations[0]!;
    const recent = at(T0 / 1000 - 60);
    assert.equal(recent.alert?.state, 'pending');
    assert.equal(recent.alert?.since, T0 - 60_000);
    assert.equal(recent.createdAt, T0 - 60_000);
    assert.equal(recent.isNew, false, 'present at the first scrape');
    assert.equal(at(T0 / 1000 - 3600).alert?.state, 'inactive');
  });

  test('a family with only HELP/TYPE is "no data"; absent zaxy families are reported', async () => {
    fixture.reset();
    let tracker = createMetricsTracker(10);
    [tracker] = await scrape(tracker, T0);
    let snapshot = metricsSnapshot(tracker, meta);
    assert.ok(snapshot.noDataFamilies.includes('zaxy_degraded_operations_total'));
    assert.ok(snapshot.noDataFamilies.includes('zaxy_events_appended_total'));
    assert.equal(series(snapshot, 'append_rate').display.current, 'no data');
    assert.deepEqual(snapshot.missingFamilies, []);
    tracker = advanceMetrics(tracker, parseExposition('# TYPE up gauge\nup 1\n'), T0 + 1000);
    snapshot = metricsSnapshot(tracker, meta);
    assert.equal(snapshot.missingFamilies.length, 6);
  });
});

describe('backfilled history', () => {
  test('is merged before live points whichever arrives first, and feeds the alert', async () => {
    fixture.reset();
    fixture.degraded.inc({ operation: 'query', reason: 'graph_unavailable' }, 5);
    const history = {
      series: { append_rate: [{ t: T0 - 2000, v: 1 }, { t: T0 - 1000, v: 9 }], 'query_rate:fleet': [{ t: T0 - 1000, v: 0.5 }] },
      degradations: { [degradationKey('query', 'graph_unavailable')]: [{ t: T0 - 7 * 60_000, v: 0.1 }, { t: T0 - 60_000, v: 0 }] },
      start: T0 - 10 * 60_000,
      end: T0 - 1000,
    };
    const [, snapshot] = await scrape(withHistory(createMetricsTracker(10), history), T0);
    const appends = series(snapshot, 'append_rate');
    assert.deepEqual(
      appends.points.map((p) => p.t),
      [T0 - 2000, T0 - 1000, T0],
    );
    assert.equal(appends.max, 9);
    assert.ok(snapshot.series.some((s) => s.id === 'query_rate:fleet'), 'sources seen only in history still get a series');
    const graph = snapshot.degradations[0]!;
    assert.equal(graph.alert?.state, 'firing', 'Prometheus saw an increase 7 minutes ago');
    assert.equal(graph.alert?.since, T0 - 7 * 60_000);
    assert.equal(snapshot.observedSeconds, 600);
  });
});

describe('steady scrapes', () => {
  /** Exposition text of a deployment whose counters are `c` (event, query, degradation counts). */
  const text = (c: { appends: number; hybrid: number; slow: number; graph: number; reranker: number }) =>
    [
      '# TYPE zaxy_events_appended_total counter',
      `zaxy_events_appended_total{event_type="note.added"} ${c.appends}`,
      '# TYPE zaxy_queries_executed_total counter',
      `zaxy_queries_executed_total{source="hybrid"} ${c.hybrid + c.slow}`,
      '# TYPE zaxy_query_duration_seconds histogram',
      `zaxy_query_duration_seconds_bucket{source="hybrid",le="0.1"} ${c.hybrid}`,
      `zaxy_query_duration_seconds_bucket{source="hybrid",le="1.0"} ${c.hybrid + c.slow}`,
      `zaxy_query_duration_seconds_bucket{source="hybrid",le="+Inf"} ${c.hybrid + c.slow}`,
      `zaxy_query_duration_seconds_sum{source="hybrid"} ${c.hybrid * 0.05 + c.slow * 0.5}`,
      `zaxy_query_duration_seconds_count{source="hybrid"} ${c.hybrid + c.slow}`,
      '# TYPE zaxy_graph_upserts_total counter',
      '# TYPE zaxy_invalidations_total counter',
      '# TYPE zaxy_degraded_operations_total counter',
      ...(c.graph > 0 ? [`zaxy_degraded_operations_total{operation="query",reason="graph_unavailable"} ${c.graph}`] : []),
      ...(c.reranker > 0 ? [`zaxy_degraded_operations_total{operation="query",reason="reranker_unavailable"} ${c.reranker}`] : []),
      '',
    ].join('\n');
  /** What a screen can show of a snapshot: everything but the times of ring points. */
  const shown = (s: MetricsSnapshot) => ({
    ...s,
    series: s.series.map((x) => ({ ...x, points: x.points.map((p) => p.v) })),
    degradations: s.degradations.map((d) => ({ ...d, points: d.points.map((p) => p.v) })),
  });

  test('a steady scrape yields the snapshot advanceMetrics would, but for its points’ times, and is taken only where that holds', () => {
    let steady = 0;
    let quietAlerts = 0;
    for (let run = 0; run < 40; run++) {
      let seed = run + 1;
      const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      // With history, the graph pair is there from the first scrape: only Prometheus saw it grow.
      const counters = { appends: 0, hybrid: 0, slow: 0, graph: run % 3 === 0 ? 2 : 0, reranker: 0 };
      const capacity = 1 + (run % 5);
      const history =
        run % 3 === 0
          ? {
              series: { append_rate: [{ t: T0 - 2000, v: 1 }] },
              degradations: { [degradationKey('query', 'graph_unavailable')]: [{ t: T0 - (run % 2 === 0 ? 9 : 30) * 60_000, v: 0.1 }] },
              start: T0 - 60 * 60_000,
              end: T0 - 1000,
            }
          : null;
      let reference = createMetricsTracker(capacity);
      let fast = createMetricsTracker(capacity);
      if (history) {
        reference = withHistory(reference, history);
        fast = withHistory(fast, history);
      }
      let built: MetricsSnapshot | null = null;
      let last = { text: '', exposition: parseExposition('') };
      let at = T0;
      for (let step = 0; step < 300; step++) {
        const r = random();
        if (r < 0.05) counters.appends += 1 + Math.floor(random() * 3);
        else if (r < 0.08) counters.hybrid++;
        else if (r < 0.1) counters.slow++;
        else if (r < 0.12) counters.graph++;
        else if (r < 0.13) counters.reranker++;
        else if (r < 0.135) Object.assign(counters, { appends: 0, hybrid: 0, slow: 0 }); // the exporter restarted
        const t = random();
        at += t < 0.03 ? 0 : t < 0.05 ? -500 : t < 0.12 ? 3 * 60_000 : 1000;
        const body = text(counters);
        // As the collector does: an identical text hands over the same parsed exposition.
        if (body !== last.text) last = { text: body, exposition: parseExposition(body) };
        reference = advanceMetrics(reference, last.exposition, at);
        const expected = metricsSnapshot(reference, meta);
        if (built !== null && isSteadyScrape(fast, last.exposition, at)) {
          steady++;
          if (built.degradations.some((d) => d.alert !== null)) quietAlerts++;
          fast = steadyScrape(fast, at);
          built = retimedSnapshot(built, fast, meta);
        } else {
          fast = advanceMetrics(fast, last.exposition, at);
          built = metricsSnapshot(fast, meta);
        }
        assert.deepEqual(shown(built), shown(expected), `run ${run}, step ${step}`);
      }
    }
    assert.ok(steady > 800, `only ${steady} steady scrapes`);
    assert.ok(quietAlerts > 200, `only ${quietAlerts} steady scrapes beside an alert that went quiet`);
  });
});
