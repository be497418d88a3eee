// Counter arithmetic between two scrapes, following Prometheus `rate`: a counter that went down was
// reset (the process restarted), so its whole new value is the increase since the reset.

export interface CounterSample {
  readonly value: number;
  /** Series creation time (seconds); a change means the series was recreated, i.e. reset. */
  readonly created?: number | null;
}

/** How much a counter grew from `previous` to `current`; a series first seen after a scrape grew from 0. */
export function counterIncrease(previous: CounterSample | undefined, current: CounterSample): number {
  if (!Number.isFinite(current.value)) return 0;
  if (previous === undefined) return Math.max(0, current.value);
  const recreated = previous.created != null && current.created != null && current.created !== previous.created;
  if (recreated || current.value < previous.value) return Math.max(0, current.value);
  return current.value - previous.value;
}

/** Per-second rate of an increase over `seconds`; null when no time passed (no rate can be told). */
export function perSecond(increase: number, seconds: number): number | null {
  return seconds > 0 ? increase / seconds : null;
}
