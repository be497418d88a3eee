// History backfill against a real Prometheus (Debian package) scraping the prom-client fixture
// every second while the test drives steady traffic into it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ConsoleError } from '../../source/errors.js';
import { planBackfill } from '../../source/metrics/history.js';
import { histogramQuantile } from '../../source/metrics/quantile.js';
import { degradationKey } from '../../source/metrics/tracker.js';
import { createMetricsCollector } from '../../source/sources/metrics.js';
import { backfillMetrics, queryRange } from '../../source/sources/prometheus.js';
import { startPrometheus, type PrometheusServer } from '../support/prometheus.js';
import { startPromFixture, type PromFixture } from '../support/prom-fixture.js';

let fixture: PromFixture;
let prometheus: PrometheusServer;
let traffic: NodeJS.Timeout | undefined;
const DURATIONS = [0.004, 0.02, 0.06, 0.06, 0.06, 0.09, 0.3, 0.6, 1.2, 6];

before(async () => {
  fixture = await startPromFixture();
  prometheus = await startPrometheus([fixture.target]);
  // Traffic starts only once Prometheus has scraped the idle fixture, so every count is one it saw.
  await prometheus.waitFor('up{job="zaxy"}', (up) => up === 1, 30_000);
  let tick = 0;
  // ~10 appends/s, ~10 queries/s spread over the buckets, a graph fallback every second.
  traffic = setInterval(() => {
    tick++;
    fixture.appended.inc({ event_type: tick % 2 ? 'decision.made' : 'note.added' });
    fixture.recordQuery(DURATIONS[tick % DURATIONS.length]!, 'hybrid');
    if (tick % 10 === 0) fixture.degraded.inc({ operation: 'query', reason: 'graph_unavailable' });
  }, 100);
  // Rates need two samples inside their range; wait for several, polling (no fixed sleep).
  await prometheus.waitFor('count_over_time(zaxy_events_appended_total{event_type="note.added"}[1m])', (n) => n >= 6, 30_000);
});

after(async () => {
  clearInterval(traffic);
  await prometheus?.stop();
  await fixture?.close();
});

const counterTotal = async (name: string) =>
  (await fixture.registry.getSingleMetric(name)!.get()).values.reduce((sum, v) => sum + v.value, 0);

describe('backfillMetrics', () => {
  test('returns one point per cell for every series, with plausible values at the recent end', async () => {
    const { plan, history } = await backfillMetrics({ prometheusUrl: prometheus.url, windowSeconds: 20, cells: 10, timeoutMs: 5000 });
    assert.equal(plan.step, 2);
    assert.equal(plan.points, 10);
    for (const id of ['append_rate', 'query_rate', 'query_rate:hybrid', 'query_p50:hybrid', 'query_p95:hybrid', 'query_p50', 'query_p95', 'upsert_rate', 'invalidation_rate']) {
      const points = history.series[id];
      assert.equal(points?.length, 10, `${id} has ${points?.length} points`);
      assert.ok(points.every((p, i) => i === 0 || p.t - points[i - 1]!.t === 2000), `${id} is on a 2 s grid`);
    }
    const recent = (id: string) => history.series[id]!.at(-1)!.v;
    // All traffic is younger than the 60 s rate range, so rate × range ≈ everything counted so far
    // (Prometheus extrapolates a little past the first sample, and a scrape may lag by a second).
    const appended = await counterTotal('zaxy_events_appended_total');
    const queried = await counterTotal('zaxy_queries_executed_total');
    const near = (estimate: number, truth: number) => estimate > truth * 0.6 && estimate < truth * 1.4;
    assert.ok(near(recent('append_rate')! * plan.rateRange, appended), `append rate ${recent('append_rate')} vs ${appended} appends`);
    assert.ok(near(recent('query_rate:hybrid')! * plan.rateRange, queried), `query rate ${recent('query_rate:hybrid')} vs ${queried} queries`);
    assert.ok(recent('query_p50:hybrid')! > 0.05 && recent('query_p50:hybrid')! <= 0.1, `p50 ${recent('query_p50:hybrid')}`);
    assert.ok(recent('query_p95:hybrid')! > 1 && recent('query_p95:hybrid')! <= 10, `p95 ${recent('query_p95:hybrid')}`);
    // No upserts happened: the family has no series, so every cell is a gap.
    assert.ok(history.series.upsert_rate!.every((p) => p.v === null));
    const graph = history.degradations[degradationKey('query', 'graph_unavailable')];
    assert.ok(graph && graph.some((p) => p.v !== null && p.v > 0), 'the degradation pair has history');
  });

  test('a huge cell count is held to the 11 000-points limit and Prometheus accepts it', async () => {
    const { plan, history } = await backfillMetrics({ prometheusUrl: prometheus.url, windowSeconds: 3 * 3600, cells: 40_000, timeoutMs: 10_000 });
    assert.ok(plan.points <= 11_000 && plan.points > 10_900, `${plan.points} points`);
    assert.equal(history.series.append_rate!.length, plan.points);
  });

  test('the collector merges the backfill before its live scrapes, bounded by its capacity', async () => {
    const { history } = await backfillMetrics({ prometheusUrl: prometheus.url, windowSeconds: 20, cells: 10, timeoutMs: 5000 });
    const collector = createMetricsCollector({ url: fixture.url, timeoutMs: 2000, ringCapacity: 11 });
    assert.equal(collector.current(), null);
    collector.seedHistory(history);
    const before = collector.current();
    assert.equal(before?.scrapedAt, history.end);
    assert.equal(before?.series.find((s) => s.id === 'append_rate')!.points.length, 10, 'history shows before the first scrape');
    const first = await collector.collect(new AbortController().signal);
    const points = first.series.find((s) => s.id === 'append_rate')!.points;
    assert.equal(points.length, 11, 'ten backfilled cells and the first live scrape');
    assert.ok(points.slice(0, 10).some((p) => p.v !== null), 'sparkline is not empty on the first frame');
    const second = await collector.collect(new AbortController().signal);
    assert.equal(second.series.find((s) => s.id === 'append_rate')!.points.length, 11, 'bounded: the oldest cell dropped');
  });
});

test("our histogram_quantile agrees with Prometheus' on the same buckets", async () => {
  clearInterval(traffic);
  const queries = await counterTotal('zaxy_queries_executed_total');
  // Wait until Prometheus has scraped the final state, then compare on identical data.
  await prometheus.waitFor('sum(zaxy_queries_executed_total)', (n) => n === queries, 15_000);
  const buckets = (await fixture.queryDuration.get()).values
    .filter((v) => v.metricName === 'zaxy_query_duration_seconds_bucket')
    .map((v) => {
      const le = (v.labels as Record<string, string | number>).le;
      return { le: le === '+Inf' ? Infinity : Number(le), count: v.value };
    });
  for (const q of [0.5, 0.9, 0.95, 0.99]) {
    const [result] = await prometheus.query(`histogram_quantile(${q}, sum by (le) (zaxy_query_duration_seconds_bucket))`);
    const theirs = Number(result!.value[1]);
    const ours = histogramQuantile(q, buckets)!;
    assert.ok(Math.abs(ours - theirs) < 1e-9, `q=${q}: ours ${ours}, Prometheus ${theirs}`);
  }
});

describe('errors are one line', () => {
  const plan = planBackfill(60, 10, Date.now());
  const check = (code: string, message: RegExp) => (e: unknown) => {
    assert.ok(e instanceof ConsoleError, String(e));
    assert.equal(e.code, code);
    assert.match(e.toLine(), message);
    assert.ok(!e.toLine().includes('\n'));
    return true;
  };

  test('a bad query names the query and Prometheus’ reason', async () => {
    await assert.rejects(
      queryRange({ prometheusUrl: prometheus.url, promql: 'rate(zaxy_events_appended_total[', plan, timeoutMs: 5000 }),
      check('PROMETHEUS_QUERY', /rejected the query \(bad_data\): .*query: rate\(zaxy_events_appended_total\[$/),
    );
  });

  test('unreachable', async () => {
    const closed = await startPromFixture();
    const url = `http://${closed.target}`;
    await closed.close();
    await assert.rejects(backfillMetrics({ prometheusUrl: url, windowSeconds: 60, cells: 10, timeoutMs: 2000 }), check('PROMETHEUS_UNREACHABLE', /refused the connection/));
  });

  test('not Prometheus (an exporter answers with text)', async () => {
    await assert.rejects(backfillMetrics({ prometheusUrl: `http://${fixture.target}`, windowSeconds: 60, cells: 10, timeoutMs: 2000 }), check('PROMETHEUS_HTTP', /without JSON/));
  });
});
