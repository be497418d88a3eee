// Planning and reading a Prometheus history backfill: which PromQL gives each console series, which
// `step` puts one point in each sparkline cell without passing Prometheus' 11 000-points limit, and
// how a `query_range` answer becomes a dense ring (a null for every step Prometheus had no value).

import { z } from 'zod';
import { parseFloatValue } from './exposition.js';
import type { RingPoint } from './ring.js';
import type { MetricSeriesId } from './snapshot.js';
import { degradationKey, FAMILIES, LATENCY_SERIES, querySourceSeriesId, type MetricsHistory } from './tracker.js';

/** Prometheus refuses a range query with more points than this per series. */
export const MAX_POINTS_PER_SERIES = 11_000;

export interface BackfillPlan {
  /** Evaluation times, in seconds since the epoch (Prometheus' unit). */
  readonly start: number;
  readonly end: number;
  readonly step: number;
  /** Points each series can have: one per cell, the last at `end`. */
  readonly points: number;
  /** The range each `rate()` looks back over, in seconds. */
  readonly rateRange: number;
}

/** `step = max(window / cells, window / 11000)`: one point per cell, never over the limit. */
export function backfillStep(windowSeconds: number, cells: number): number {
  return Math.max(windowSeconds / cells, windowSeconds / MAX_POINTS_PER_SERIES);
}

export function planBackfill(windowSeconds: number, cells: number, endMs: number): BackfillPlan {
  if (!Number.isFinite(windowSeconds) || windowSeconds <= 0) throw new RangeError(`history window must be a positive number of seconds, got ${windowSeconds}`);
  if (!Number.isInteger(cells) || cells < 1) throw new RangeError(`sparkline cell count must be a positive integer, got ${cells}`);
  // Milliseconds are Prometheus' resolution; rounding keeps the grid exact in float text.
  const step = Math.ceil(backfillStep(windowSeconds, cells) * 1000) / 1000;
  const points = Math.max(1, Math.min(cells, MAX_POINTS_PER_SERIES, Math.floor(windowSeconds / step + 1e-9)));
  const end = Math.floor(endMs) / 1000;
  // A 1m rate is what the task asks for; with cells wider than a minute it would sample only a
  // slice of each cell, so the range grows with the step.
  const rateRange = Math.max(60, Math.ceil(step));
  return { start: round3(end - (points - 1) * step), end, step, points, rateRange };
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

export type BackfillTarget = { readonly kind: 'series'; readonly id: MetricSeriesId } | { readonly kind: 'by-source' } | { readonly kind: 'degradations' };

export interface BackfillQuery {
  readonly target: BackfillTarget;
  readonly promql: string;
}

/** The PromQL for every series the console shows, matching the live derivations. */
export function backfillQueries(rateRange: number): BackfillQuery[] {
  const r = `[${rateRange}s]`;
  const sumRate = (family: string) => `sum(rate(${family}${r}))`;
  const quantile = (q: number, source: string | null) =>
    `histogram_quantile(${q}, sum by (le) (rate(${FAMILIES.queryDuration}_bucket${source === null ? '' : `{source=${JSON.stringify(source)}}`}${r})))`;
  return [
    { target: { kind: 'series', id: 'append_rate' }, promql: sumRate(FAMILIES.appends) },
    { target: { kind: 'series', id: 'query_rate' }, promql: sumRate(FAMILIES.queries) },
    { target: { kind: 'by-source' }, promql: `sum by (source) (rate(${FAMILIES.queries}${r}))` },
    ...LATENCY_SERIES.map((d) => ({ target: { kind: 'series', id: d.id } as const, promql: quantile(d.q, d.source) })),
    { target: { kind: 'series', id: 'upsert_rate' }, promql: sumRate(FAMILIES.upserts) },
    { target: { kind: 'series', id: 'invalidation_rate' }, promql: sumRate(FAMILIES.invalidations) },
    { target: { kind: 'degradations' }, promql: `sum by (operation, reason) (rate(${FAMILIES.degraded}${r}))` },
  ];
}

const rangeResponse = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('success'),
    data: z.object({
      resultType: z.literal('matrix'),
      result: z.array(z.object({ metric: z.record(z.string()), values: z.array(z.tuple([z.number(), z.string()])) })),
    }),
  }),
  z.object({ status: z.literal('error'), errorType: z.string().optional(), error: z.string() }),
]);

export interface RangeSeries {
  readonly labels: Readonly<Record<string, string>>;
  readonly points: readonly RingPoint[];
}

export class PrometheusQueryError extends Error {
  constructor(
    message: string,
    readonly promql: string,
  ) {
    super(message);
    this.name = 'PrometheusQueryError';
  }
}

/** Validates a `/api/v1/query_range` body and lays each series on the plan's grid. */
export function readRangeResponse(body: unknown, plan: BackfillPlan, promql: string): RangeSeries[] {
  const parsed = rangeResponse.safeParse(body);
  if (!parsed.success) throw new PrometheusQueryError('Prometheus answered with something that is not a query_range result', promql);
  if (parsed.data.status === 'error') throw new PrometheusQueryError(`Prometheus rejected the query (${parsed.data.errorType ?? 'error'}): ${parsed.data.error}`, promql);
  return parsed.data.data.result.map((r) => ({ labels: r.metric, points: onGrid(r.values, plan) }));
}

/** One point per grid step, oldest first; steps Prometheus returned nothing for are gaps (null). */
export function onGrid(values: readonly (readonly [number, string])[], plan: BackfillPlan): RingPoint[] {
  const grid: (number | null)[] = new Array<number | null>(plan.points).fill(null);
  for (const [t, text] of values) {
    const index = Math.round((t - plan.start) / plan.step);
    const v = parseFloatValue(text);
    if (index < 0 || index >= plan.points || v === null) continue;
    grid[index] = Number.isNaN(v) ? null : v;
  }
  return grid.map((v, i) => ({ t: Math.round((plan.start + i * plan.step) * 1000), v }));
}

/** Assembles the answers of `backfillQueries` into tracker history. */
export function historyFrom(plan: BackfillPlan, answers: readonly { readonly target: BackfillTarget; readonly series: readonly RangeSeries[] }[]): MetricsHistory {
  const series: Record<MetricSeriesId, readonly RingPoint[]> = {};
  const degradations: Record<string, readonly RingPoint[]> = {};
  const empty = onGrid([], plan);
  for (const { target, series: found } of answers) {
    if (target.kind === 'series') series[target.id] = found[0]?.points ?? empty;
    else if (target.kind === 'by-source') for (const s of found) series[querySourceSeriesId(s.labels.source ?? '')] = s.points;
    else for (const s of found) degradations[degradationKey(s.labels.operation ?? '', s.labels.reason ?? '')] = s.points;
  }
  return { series, degradations, start: Math.round(plan.start * 1000), end: Math.round(plan.end * 1000) };
}
