// The pure core of the metrics source: each scrape advances an immutable tracker (previous counter
// values, rings, degradation pairs), and a snapshot is read from it at any time. Backfilled
// Prometheus history is kept beside the live rings and merged when a snapshot is read, so it can
// arrive before or after the first scrape.

import { adviceFor, ALERT_LOOKBACK_SECONDS, alertRuleFor } from './degradations.js';
import { ALERT_MEMORY_MS, evaluateAlert } from './degradation-alerts.js';
import { formatCount, formatRate, formatSeconds } from './display.js';
import { labelKey, type Exposition } from './exposition.js';
import { bucketIncrease, histogramQuantile, sumBuckets, type HistogramSample } from './quantile.js';
import { counterIncrease, perSecond, type CounterSample } from './rates.js';
import { readCounter, readHistogram, type Bucket } from './readings.js';
import { appendPoint, mergeHistory, windowStats, type RingPoint } from './ring.js';
import type { Degradation, MetricSeries, MetricSeriesId, MetricsSnapshot, SeriesUnit } from './snapshot.js';
import { HYBRID_QUERY_TARGET, thresholdLevel, UNMEASURED_TARGETS, type RunbookTarget } from './targets.js';

export const FAMILIES = {
  appends: 'zaxy_events_appended_total',
  queries: 'zaxy_queries_executed_total',
  queryDuration: 'zaxy_query_duration_seconds',
  upserts: 'zaxy_graph_upserts_total',
  invalidations: 'zaxy_invalidations_total',
  degraded: 'zaxy_degraded_operations_total',
} as const;

const RATE_SERIES = [
  { id: 'append_rate', label: 'appends', family: FAMILIES.appends },
  { id: 'query_rate', label: 'queries', family: FAMILIES.queries },
  { id: 'upsert_rate', label: 'graph upserts', family: FAMILIES.upserts },
  { id: 'invalidation_rate', label: 'invalidations', family: FAMILIES.invalidations },
] as const;

/** Latency series: quantile, and the `source` they are restricted to (null = all sources). */
export const LATENCY_SERIES = [
  { id: 'query_p50:hybrid', label: 'hybrid query p50', q: 0.5, source: 'hybrid' },
  { id: 'query_p95:hybrid', label: 'hybrid query p95', q: 0.95, source: 'hybrid' },
  { id: 'query_p50', label: 'query p50 (all)', q: 0.5, source: null },
  { id: 'query_p95', label: 'query p95 (all)', q: 0.95, source: null },
] as const;

export const querySourceSeriesId = (source: string): MetricSeriesId => `query_rate:${source}`;

/** Backfilled points per series id and per degradation pair key (see `degradationKey`). */
export interface MetricsHistory {
  readonly series: Readonly<Record<MetricSeriesId, readonly RingPoint[]>>;
  readonly degradations: Readonly<Record<string, readonly RingPoint[]>>;
  /** Start and end of the backfilled window (ms). */
  readonly start: number;
  readonly end: number;
}

interface PairState {
  readonly operation: string;
  readonly reason: string;
  readonly total: number;
  readonly created: number | null;
  readonly firstSeenAt: number;
  readonly isNew: boolean;
  readonly rate: number | null;
  readonly ring: readonly RingPoint[];
  /** Scrape times at which the counter was seen to increase, kept for ALERT_MEMORY_MS. */
  readonly increases: readonly number[];
}

interface LatestFacts {
  readonly totals: Readonly<Record<MetricSeriesId, number | null>>;
  readonly noDataFamilies: readonly string[];
  readonly missingFamilies: readonly string[];
  readonly appendsByType: readonly { readonly eventType: string; readonly total: number }[];
  readonly openMetrics: boolean;
}

export interface MetricsTracker {
  readonly capacity: number;
  readonly firstScrapeAt: number | null;
  readonly lastScrapeAt: number | null;
  readonly counters: ReadonlyMap<string, CounterSample>;
  readonly histograms: ReadonlyMap<string, HistogramSample>;
  readonly rings: ReadonlyMap<MetricSeriesId, readonly RingPoint[]>;
  readonly pairs: ReadonlyMap<string, PairState>;
  readonly history: MetricsHistory | null;
  readonly latest: LatestFacts | null;
  /** The exposition last folded in (compared by identity only). */
  readonly exposition: Exposition | null;
  /** How many scrapes in a row folded in the same exposition as the one before, each later than it. */
  readonly repeats: number;
}

export function createMetricsTracker(capacity: number): MetricsTracker {
  return { capacity, firstScrapeAt: null, lastScrapeAt: null, counters: new Map(), histograms: new Map(), rings: new Map(), pairs: new Map(), history: null, latest: null, exposition: null, repeats: 0 };
}

export function withHistory(tracker: MetricsTracker, history: MetricsHistory): MetricsTracker {
  return { ...tracker, history };
}

export const degradationKey = (operation: string, reason: string): string => labelKey({ operation, reason });

/** Folds one scrape taken at `at` (ms) into the tracker. */
export function advanceMetrics(tracker: MetricsTracker, exposition: Exposition, at: number): MetricsTracker {
  const seconds = tracker.lastScrapeAt === null ? null : (at - tracker.lastScrapeAt) / 1000;
  const counters = new Map<string, CounterSample>();
  const rings = new Map(tracker.rings);
  const values = new Map<MetricSeriesId, number | null>();
  const totals: Record<MetricSeriesId, number | null> = {};
  const noDataFamilies: string[] = [];
  const missingFamilies: string[] = [];
  // Records whether a family is absent or printed without samples; passes the readings through.
  const note = <T>(family: string, readings: readonly T[] | null): readonly T[] | null => {
    if (readings === null) missingFamilies.push(family);
    else if (readings.length === 0) noDataFamilies.push(family);
    return readings;
  };
  const totalOf = (readings: readonly { value: number }[] | null) => (readings && readings.length > 0 ? readings.reduce((sum, r) => sum + r.value, 0) : null);

  // The summed increase of `readings` per second since the last scrape; null on the first one.
  const rateOf = (family: string, readings: ReturnType<typeof readCounter>) => {
    if (!readings || readings.length === 0 || seconds === null) return null;
    let increase = 0;
    for (const r of readings) increase += counterIncrease(tracker.counters.get(family + r.key), r);
    return perSecond(increase, seconds);
  };

  for (const def of RATE_SERIES) {
    const readings = note(def.family, readCounter(exposition, def.family));
    for (const r of readings ?? []) counters.set(def.family + r.key, r);
    totals[def.id] = totalOf(readings);
    values.set(def.id, rateOf(def.family, readings));
    if (def.family === FAMILIES.queries) {
      // Sources seen before stay listed (with gaps) when they stop reporting.
      const known = [...rings.keys()].filter((id) => id.startsWith('query_rate:')).map((id) => id.slice('query_rate:'.length));
      const sources = new Set([...(readings ?? []).map((r) => r.labels.source ?? ''), ...known]);
      for (const source of sources) {
        const id = querySourceSeriesId(source);
        const mine = (readings ?? []).filter((r) => (r.labels.source ?? '') === source);
        totals[id] = totalOf(mine);
        values.set(id, rateOf(def.family, mine));
      }
    }
  }

  const histograms = new Map<string, HistogramSample>();
  const durations = note(FAMILIES.queryDuration, readHistogram(exposition, FAMILIES.queryDuration));
  // The collector hands over the very same parsed exposition for a scrape identical to the last
  // one: no bucket grew, so every quantile is null, as histogramQuantile would find after building
  // the increases. An idle deployment scrapes like that every second (issue 5: idle CPU).
  const unchanged = exposition === tracker.exposition;
  const increases: { source: string; buckets: Bucket[] }[] = [];
  for (const h of durations ?? []) {
    histograms.set(h.key, h);
    if (seconds !== null && !unchanged) increases.push({ source: h.labels.source ?? '', buckets: bucketIncrease(tracker.histograms.get(h.key), h) });
  }
  for (const def of LATENCY_SERIES) {
    const chosen = increases.filter((i) => def.source === null || i.source === def.source);
    values.set(def.id, chosen.length > 0 ? histogramQuantile(def.q, sumBuckets(chosen.map((i) => i.buckets))) : null);
  }

  for (const [id, v] of values) rings.set(id, appendPoint(rings.get(id) ?? [], { t: at, v }, tracker.capacity));

  const degraded = note(FAMILIES.degraded, readCounter(exposition, FAMILIES.degraded));
  const pairs = advancePairs(tracker, degraded ?? [], at, seconds);

  const appendsByType = (readCounter(exposition, FAMILIES.appends) ?? [])
    .map((r) => ({ eventType: r.labels.event_type ?? '', total: r.value }))
    .sort((a, b) => b.total - a.total || a.eventType.localeCompare(b.eventType));

  return {
    ...tracker,
    firstScrapeAt: tracker.firstScrapeAt ?? at,
    lastScrapeAt: at,
    counters,
    histograms,
    rings,
    pairs,
    latest: { totals, noDataFamilies, missingFamilies, appendsByType, openMetrics: exposition.openMetrics },
    exposition,
    repeats: unchanged && seconds !== null && seconds > 0 ? tracker.repeats + 1 : 0,
  };
}

/**
 * Whether folding in `exposition` at `at` would change no value, only times: it is the exposition
 * the last `capacity` scrapes repeated, so every ring is full of what this scrape would add again
 * (a rate of 0 for each counter that did not move, no latency for a histogram that did not grow),
 * and no degradation increased within the alert lookback of the last scrape, so no alert can
 * change with time alone (increases only get older). An idle deployment scrapes like that every
 * second: `steadyScrape` then stands for `advanceMetrics`, and `retimedSnapshot` of the last
 * snapshot for `metricsSnapshot` (issue 5: idle CPU).
 */
export function isSteadyScrape(tracker: MetricsTracker, exposition: Exposition, at: number): boolean {
  if (exposition !== tracker.exposition || tracker.lastScrapeAt === null || at <= tracker.lastScrapeAt || tracker.repeats < tracker.capacity) return false;
  // Quiet already at the last scrape, whose snapshot stands for this one, and so from then on.
  const since = tracker.lastScrapeAt - ALERT_LOOKBACK_SECONDS * 1000;
  const backfilled = tracker.history?.degradations ?? {};
  for (const [key, pair] of tracker.pairs) {
    if (pair.increases.some((t) => t > since)) return false;
    if ((backfilled[key] ?? []).some((p) => p.v !== null && p.v > 0 && p.t > since)) return false;
  }
  return true;
}

/**
 * A steady scrape (see `isSteadyScrape`) folded in: only its time is recorded. Its points are not
 * appended, since each ring holds that value only already: the sparklines are exactly what
 * `advanceMetrics` would make, and a point's `t` is then the scrape that first brought its value.
 */
export function steadyScrape(tracker: MetricsTracker, at: number): MetricsTracker {
  return { ...tracker, lastScrapeAt: at, repeats: tracker.repeats + 1 };
}

/** The snapshot of `tracker` after a steady scrape, from `previous`, the one before it: only the times are new. */
export function retimedSnapshot(previous: MetricsSnapshot, tracker: MetricsTracker, meta: SnapshotMeta): MetricsSnapshot {
  const at = tracker.lastScrapeAt ?? previous.scrapedAt;
  return { ...previous, url: meta.url, scrapedAt: at, scrapeDurationMs: meta.scrapeDurationMs, observedSeconds: observedSeconds(previous.observedFrom, at) };
}

const observedSeconds = (observedFrom: number, now: number) => Math.max(0, (now - observedFrom) / 1000);

function advancePairs(tracker: MetricsTracker, readings: NonNullable<ReturnType<typeof readCounter>>, at: number, seconds: number | null): Map<string, PairState> {
  const pairs = new Map<string, PairState>();
  const seen = new Set<string>();
  for (const r of readings) {
    const operation = r.labels.operation ?? '';
    const reason = r.labels.reason ?? '';
    const key = degradationKey(operation, reason);
    seen.add(key);
    const previous = tracker.pairs.get(key);
    let increase: number | null = null;
    let increaseAt = at;
    if (seconds !== null) {
      increase = counterIncrease(previous ? { value: previous.total, created: previous.created } : undefined, r);
    } else if (r.created !== null && r.value > 0) {
      // First scrape: the series grew from 0 when it was created, which tells the alert if that was recent.
      increase = r.value;
      increaseAt = r.created * 1000;
    }
    const rate = seconds !== null && increase !== null ? perSecond(increase, seconds) : null;
    const kept = (previous?.increases ?? []).filter((t) => at - t <= ALERT_MEMORY_MS);
    pairs.set(key, {
      operation,
      reason,
      total: r.value,
      created: r.created,
      firstSeenAt: previous?.firstSeenAt ?? at,
      isNew: previous?.isNew ?? tracker.firstScrapeAt !== null,
      rate,
      ring: appendPoint(previous?.ring ?? [], { t: at, v: rate }, tracker.capacity),
      increases: increase !== null && increase > 0 && at - increaseAt <= ALERT_MEMORY_MS ? [...kept, increaseAt] : kept,
    });
  }
  // A pair missing from this scrape (the exporter restarted) stays listed: it may still be alerting.
  for (const [key, previous] of tracker.pairs) {
    if (seen.has(key)) continue;
    pairs.set(key, { ...previous, rate: null, ring: appendPoint(previous.ring, { t: at, v: null }, tracker.capacity), increases: previous.increases.filter((t) => at - t <= ALERT_MEMORY_MS) });
  }
  return pairs;
}

export interface SnapshotMeta {
  readonly url: string;
  readonly scrapeDurationMs: number;
}

/** Reads the display snapshot; `now` defaults to the last scrape time. */
export function metricsSnapshot(tracker: MetricsTracker, meta: SnapshotMeta, now = tracker.lastScrapeAt ?? 0): MetricsSnapshot {
  const history = tracker.history;
  const latest = tracker.latest;
  const capacity = tracker.capacity;
  const merged = (id: MetricSeriesId) => mergeHistory(history?.series[id] ?? [], tracker.rings.get(id) ?? [], capacity);
  const missing = new Set(latest?.missingFamilies ?? []);
  const empty = new Set(latest?.noDataFamilies ?? []);
  const noDataFor = (family: string) => latest === null || missing.has(family) || empty.has(family);

  const build = (id: MetricSeriesId, label: string, unit: SeriesUnit, noData: boolean, target: RunbookTarget | null): MetricSeries => {
    const points = merged(id);
    const stats = windowStats(points);
    const total = latest?.totals[id] ?? null;
    const format = unit === 'seconds' ? formatSeconds : formatRate;
    return {
      id,
      label,
      unit,
      total,
      ...stats,
      level: thresholdLevel(stats.current, target),
      target,
      noData,
      points,
      display: { current: noData && stats.current === null ? 'no data' : format(stats.current), min: format(stats.min), max: format(stats.max), total: unit === 'seconds' ? null : formatCount(total) },
    };
  };

  const sources = new Set<string>();
  for (const id of [...tracker.rings.keys(), ...Object.keys(history?.series ?? {})]) if (id.startsWith('query_rate:')) sources.add(id.slice('query_rate:'.length));
  const [appendDef, queryDef, ...restDefs] = RATE_SERIES;
  const series: MetricSeries[] = [
    build(appendDef.id, appendDef.label, 'per_second', noDataFor(appendDef.family), null),
    build(queryDef.id, queryDef.label, 'per_second', noDataFor(queryDef.family), null),
    ...[...sources].sort().map((s) => build(querySourceSeriesId(s), `queries (${s || 'no source'})`, 'per_second', noDataFor(FAMILIES.queries), null)),
    ...LATENCY_SERIES.map((d) => build(d.id, d.label, 'seconds', noDataFor(FAMILIES.queryDuration), d.source === 'hybrid' ? HYBRID_QUERY_TARGET : null)),
    ...restDefs.map((d) => build(d.id, d.label, 'per_second', noDataFor(d.family), null)),
  ];

  const degradations = degradationsAt(tracker, now);
  const observedFrom = Math.min(tracker.firstScrapeAt ?? now, history?.start ?? now);
  return {
    url: meta.url,
    scrapedAt: tracker.lastScrapeAt ?? history?.end ?? now,
    scrapeDurationMs: meta.scrapeDurationMs,
    openMetrics: latest?.openMetrics ?? false,
    observedFrom,
    observedSeconds: observedSeconds(observedFrom, now),
    series,
    degradations,
    degradationsRising: degradations.some((d) => d.alert?.condition === true),
    appendsByType: latest?.appendsByType ?? [],
    noDataFamilies: latest?.noDataFamilies ?? [],
    missingFamilies: latest?.missingFamilies ?? [],
    unmeasuredTargets: UNMEASURED_TARGETS,
  };
}

function degradationsAt(tracker: MetricsTracker, now: number): Degradation[] {
  const history = tracker.history?.degradations ?? {};
  const list: Degradation[] = [];
  for (const [key, pair] of tracker.pairs) {
    const backfilled = history[key] ?? [];
    const rule = alertRuleFor(pair.reason);
    // Backfilled rate points above zero are increases Prometheus saw before this console started.
    const increaseTimes = [...backfilled.filter((p) => p.v !== null && p.v > 0).map((p) => p.t), ...pair.increases];
    const { known, advice } = adviceFor(pair.operation, pair.reason);
    list.push({
      key,
      operation: pair.operation,
      reason: pair.reason,
      total: pair.total,
      rate: pair.rate,
      points: mergeHistory(backfilled, pair.ring, tracker.capacity),
      firstSeenAt: pair.firstSeenAt,
      createdAt: pair.created === null ? null : pair.created * 1000,
      isNew: pair.isNew,
      alert: rule ? evaluateAlert(rule, increaseTimes, now) : null,
      knownReason: known,
      advice,
      display: { total: formatCount(pair.total), rate: formatRate(pair.rate) },
    });
  }
  const rank = (d: Degradation) => (d.alert?.state === 'firing' ? 0 : d.alert?.condition ? 1 : 2);
  return list.sort((a, b) => rank(a) - rank(b) || b.firstSeenAt - a.firstSeenAt || a.key.localeCompare(b.key));
}
