// The shape the TUI metrics pane and `status --json` render. Numbers are pre-computed and carry
// display text; `level` and alert `state` are semantic, never colours.

import type { DegradationAlert } from './degradation-alerts.js';
import type { RingPoint } from './ring.js';
import type { RunbookTarget, ThresholdLevel, UnmeasuredTarget } from './targets.js';

export type SeriesUnit = 'per_second' | 'seconds';

/**
 * Stable series ids: `append_rate`, `query_rate`, `query_rate:<source>`, `query_p50:hybrid`,
 * `query_p95:hybrid`, `query_p50`, `query_p95` (all sources), `upsert_rate`, `invalidation_rate`.
 */
export type MetricSeriesId = string;

export interface MetricSeries {
  readonly id: MetricSeriesId;
  readonly label: string;
  readonly unit: SeriesUnit;
  /** The counter total behind a rate (summed over its labels); null for latencies or no data. */
  readonly total: number | null;
  readonly current: number | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly level: ThresholdLevel;
  readonly target: RunbookTarget | null;
  /** The exporter has the family but no samples (never used), or does not export it at all. */
  readonly noData: boolean;
  /** Oldest first, at most the ring capacity; backfilled history then live scrapes. */
  readonly points: readonly RingPoint[];
  readonly display: { readonly current: string; readonly min: string; readonly max: string; readonly total: string | null };
}

export interface Degradation {
  /** Canonical `{operation="…",reason="…"}`. */
  readonly key: string;
  readonly operation: string;
  readonly reason: string;
  readonly total: number;
  /** Per second over the last scrape interval; null until two scrapes have been seen. */
  readonly rate: number | null;
  readonly points: readonly RingPoint[];
  /** When this console first saw the pair (ms). */
  readonly firstSeenAt: number;
  /** When the exporter created the series (ms), if it says (`_created`). */
  readonly createdAt: number | null;
  /** The pair appeared after the console's first scrape: highlight it. */
  readonly isNew: boolean;
  /** The runbook alert this pair feeds, evaluated now; null when no rule selects the reason. */
  readonly alert: DegradationAlert | null;
  readonly knownReason: boolean;
  /** One line: what it means and what to do. */
  readonly advice: string;
  readonly display: { readonly total: string; readonly rate: string };
}

export interface MetricsSnapshot {
  readonly url: string;
  /** When the last scrape finished (ms); before any scrape, the end of the backfilled history. */
  readonly scrapedAt: number;
  readonly scrapeDurationMs: number;
  readonly openMetrics: boolean;
  /** How long this console has been scraping, plus backfilled history (seconds). */
  readonly observedSeconds: number;
  /** Where that observation starts (ms): the first scrape, or the start of the backfilled history. */
  readonly observedFrom: number;
  readonly series: readonly MetricSeries[];
  /** Every `(operation, reason)` seen, alerting ones first, then newest first. */
  readonly degradations: readonly Degradation[];
  /** Some degradation alert condition holds (the pair increased within 10 min). */
  readonly degradationsRising: boolean;
  readonly appendsByType: readonly { readonly eventType: string; readonly total: number }[];
  /** zaxy_* families printed with HELP/TYPE only (never used since the exporter started). */
  readonly noDataFamilies: readonly string[];
  /** Expected zaxy_* families absent altogether: probably not a Zaxy exporter. */
  readonly missingFamilies: readonly string[];
  /** Runbook targets the exporter gives no metric for. */
  readonly unmeasuredTargets: readonly UnmeasuredTarget[];
}
