// Latency percentiles from cumulative histogram buckets, computed the way Prometheus'
// `histogram_quantile` does (linear interpolation inside the bucket holding the rank), applied to the
// bucket increases between two scrapes so the figure describes the last interval, not all time.

import type { Bucket } from './readings.js';

/**
 * `histogram_quantile(q, buckets)`: null where Prometheus would return NaN (no observations, fewer
 * than two buckets, or no +Inf bucket). The rank falling in the +Inf bucket yields the highest
 * finite bound, as Prometheus does.
 */
export function histogramQuantile(q: number, input: readonly Bucket[]): number | null {
  if (Number.isNaN(q)) return null;
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  const buckets = [...input].sort((a, b) => a.le - b.le);
  const last = buckets[buckets.length - 1];
  if (buckets.length < 2 || !last || last.le !== Number.POSITIVE_INFINITY) return null;
  // Cumulative counts must not decrease; float noise or a mid-scrape race can break that.
  let running = 0;
  const counts = buckets.map((b) => (running = Math.max(running, Number.isFinite(b.count) ? b.count : running)));
  const observations = counts[counts.length - 1] ?? 0;
  if (observations <= 0) return null;
  let rank = q * observations;
  const index = counts.findIndex((c) => c >= rank);
  const bucket = buckets[index];
  if (index < 0 || !bucket) return null;
  if (index === buckets.length - 1) return buckets[buckets.length - 2]?.le ?? null;
  if (index === 0 && bucket.le <= 0) return bucket.le;
  const start = index === 0 ? 0 : (buckets[index - 1]?.le ?? 0);
  const below = index === 0 ? 0 : (counts[index - 1] ?? 0);
  const inBucket = (counts[index] ?? 0) - below;
  rank -= below;
  return inBucket > 0 ? start + (bucket.le - start) * (rank / inBucket) : bucket.le;
}

export interface HistogramSample {
  readonly buckets: readonly Bucket[];
  readonly count: number | null;
  readonly created?: number | null;
}

/** Bucket increases from `previous` to `current`; a reset (count fell, series recreated) counts from zero. */
export function bucketIncrease(previous: HistogramSample | undefined, current: HistogramSample): Bucket[] {
  if (previous === undefined) return current.buckets.map((b) => ({ ...b }));
  const recreated = previous.created != null && current.created != null && current.created !== previous.created;
  const reset = recreated || (current.count !== null && previous.count !== null && current.count < previous.count);
  if (reset) return current.buckets.map((b) => ({ ...b }));
  const before = new Map(previous.buckets.map((b) => [b.le, b.count]));
  return current.buckets.map((b) => ({ le: b.le, count: Math.max(0, b.count - (before.get(b.le) ?? 0)) }));
}

/** Adds bucket sets by upper bound, like `sum by (le)`. */
export function sumBuckets(sets: readonly (readonly Bucket[])[]): Bucket[] {
  const total = new Map<number, number>();
  for (const set of sets) for (const b of set) total.set(b.le, (total.get(b.le) ?? 0) + b.count);
  return [...total].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le);
}
