// Bounded point series for sparklines: one point per poll (or per backfilled cell), newest last.
// Arrays are replaced, never mutated, so a snapshot handed to the store stays valid.

export interface RingPoint {
  /** Milliseconds since the epoch. */
  readonly t: number;
  /** null is a gap: the value could not be told at that time (first scrape, no observations). */
  readonly v: number | null;
}

export const MAX_RING_CAPACITY = 600;

/** Clamps a requested capacity to 1…MAX_RING_CAPACITY; bad input names itself. */
export function ringCapacity(requested: number): number {
  if (!Number.isFinite(requested) || requested < 1) throw new RangeError(`ring capacity must be at least 1, got ${requested}`);
  return Math.min(MAX_RING_CAPACITY, Math.floor(requested));
}

export function appendPoint(points: readonly RingPoint[], point: RingPoint, capacity: number): RingPoint[] {
  const next = points.length >= capacity ? points.slice(points.length - capacity + 1) : [...points];
  next.push(point);
  return next;
}

/**
 * Backfilled history followed by live points: history at or after the first live point is dropped
 * (live wins), and the newest `capacity` points are kept. Works whichever arrived first.
 */
export function mergeHistory(history: readonly RingPoint[], live: readonly RingPoint[], capacity: number): readonly RingPoint[] {
  // Without history (no Prometheus) the live ring is the answer: rings are never mutated, so it
  // can be shared rather than copied for every series on every scrape.
  if (history.length === 0 && live.length <= capacity) return live;
  const firstLive = live[0]?.t ?? Number.POSITIVE_INFINITY;
  const merged = [...history.filter((p) => p.t < firstLive), ...live];
  return merged.length > capacity ? merged.slice(merged.length - capacity) : merged;
}

export interface WindowStats {
  readonly current: number | null;
  readonly min: number | null;
  readonly max: number | null;
}

/** Current (newest point, gap or not), and min/max over the finite values in the window. */
export function windowStats(points: readonly RingPoint[]): WindowStats {
  let min: number | null = null;
  let max: number | null = null;
  for (const { v } of points) {
    if (v === null || !Number.isFinite(v)) continue;
    min = min === null ? v : Math.min(min, v);
    max = max === null ? v : Math.max(max, v);
  }
  return { current: points[points.length - 1]?.v ?? null, min, max };
}
