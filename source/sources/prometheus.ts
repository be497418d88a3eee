// Prometheus history backfill: one `query_range` per console series over the visible window, so
// sparklines are full from the first frame. Live scraping continues in the metrics collector,
// which merges this history (`seedHistory`). Failures are one ConsoleError line each.

import { ConsoleError, EXIT } from '../errors.js';
import { backfillQueries, historyFrom, planBackfill, PrometheusQueryError, readRangeResponse, type BackfillPlan, type RangeSeries } from '../metrics/history.js';
import type { MetricsHistory } from '../metrics/tracker.js';
import { describeFetchError } from './metrics.js';

export interface BackfillOptions {
  /** Prometheus base URL, e.g. `http://127.0.0.1:9090` (a path prefix is kept). */
  readonly prometheusUrl: string;
  /** The visible sparkline window. */
  readonly windowSeconds: number;
  /** Sparkline cells: one point per cell. */
  readonly cells: number;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly now?: () => number;
}

export interface Backfill {
  readonly plan: BackfillPlan;
  readonly history: MetricsHistory;
}

export async function backfillMetrics(options: BackfillOptions): Promise<Backfill> {
  const base = checkedBase(options.prometheusUrl);
  const plan = planBackfill(options.windowSeconds, options.cells, (options.now ?? Date.now)());
  const answers = await Promise.all(
    backfillQueries(plan.rateRange).map(async (q) => ({ target: q.target, series: await rangeQuery(base, q.promql, plan, options.timeoutMs, options.signal) })),
  );
  return { plan, history: historyFrom(plan, answers) };
}

export interface RangeQueryOptions {
  readonly prometheusUrl: string;
  readonly promql: string;
  readonly plan: BackfillPlan;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/** One `query_range` on the plan's grid (the backfill runs one per series). */
export function queryRange(options: RangeQueryOptions): Promise<RangeSeries[]> {
  return rangeQuery(checkedBase(options.prometheusUrl), options.promql, options.plan, options.timeoutMs, options.signal);
}

async function rangeQuery(base: URL, promql: string, plan: BackfillPlan, timeoutMs: number, cancel?: AbortSignal): Promise<RangeSeries[]> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = cancel ? AbortSignal.any([cancel, timeout]) : timeout;
  const url = new URL('api/v1/query_range', base);
  const body = new URLSearchParams({ query: promql, start: String(plan.start), end: String(plan.end), step: String(plan.step) });
  let json: unknown;
  try {
    const response = await fetch(url, { method: 'POST', body, signal });
    const type = response.headers.get('content-type') ?? '';
    if (!type.includes('json')) {
      await response.body?.cancel();
      throw new ConsoleError('PROMETHEUS_HTTP', `Prometheus at ${base.href} answered HTTP ${response.status} without JSON`, {
        hint: 'check --prometheus-url: it should be the server root, e.g. http://127.0.0.1:9090',
        exitCode: EXIT.failure,
      });
    }
    // Prometheus answers a bad query with 400 and a JSON error body, which readRangeResponse reports.
    json = await response.json();
  } catch (error) {
    if (cancel?.aborted) throw cancel.reason ?? error;
    throw describeFetchError(error, {
      codePrefix: 'PROMETHEUS',
      subject: `Prometheus at ${base.href}`,
      timeoutMs,
      timeout,
      unreachableHint: 'start Prometheus or fix --prometheus-url; live metrics keep working without history',
    });
  }
  try {
    return readRangeResponse(json, plan, promql);
  } catch (error) {
    if (error instanceof PrometheusQueryError) {
      throw new ConsoleError('PROMETHEUS_QUERY', `${error.message} — query: ${error.promql}`, { exitCode: EXIT.failure, cause: error });
    }
    throw error;
  }
}

function checkedBase(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConsoleError('PROMETHEUS_URL', `Prometheus URL is not a URL: ${raw}`, { hint: 'pass e.g. --prometheus-url http://127.0.0.1:9090' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConsoleError('PROMETHEUS_URL', `Prometheus URL must be http(s): ${raw}`, { hint: 'pass e.g. --prometheus-url http://127.0.0.1:9090' });
  }
  // Resolve API paths under a prefix such as http://host/prometheus/.
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  url.search = '';
  return url;
}
