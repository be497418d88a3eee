// Runbook metric targets (zaxy-ops.md §5) and the level a value reaches against them. Only the
// hybrid query latency can be checked: Zaxy exports no append or upsert latency metric, so those
// targets are reported as unmeasurable instead of being guessed from something else.

export type ThresholdLevel = 'ok' | 'warn' | 'alert' | 'no-data' | 'none';

export interface RunbookTarget {
  readonly metric: string;
  /** Below this the metric meets its target (seconds). */
  readonly targetBelow: number;
  /** Above this the runbook alerts (seconds). */
  readonly alertAbove: number;
}

export const HYBRID_QUERY_TARGET: RunbookTarget = { metric: 'hybrid query latency', targetBelow: 0.2, alertAbove: 0.5 };

export interface UnmeasuredTarget {
  readonly metric: string;
  readonly target: string;
  readonly alertAt: string;
  readonly why: string;
}

export const UNMEASURED_TARGETS: readonly UnmeasuredTarget[] = [
  { metric: 'append latency', target: '< 50 ms', alertAt: '> 100 ms', why: 'Zaxy exports no append latency metric (only zaxy_events_appended_total)' },
  { metric: 'upsert latency', target: '< 100 ms', alertAt: '> 200 ms', why: 'Zaxy exports no upsert latency metric (only zaxy_graph_upserts_total)' },
];

/** ok below the target, warn between target and alert, alert above; no-data without a value. */
export function thresholdLevel(value: number | null, target: RunbookTarget | null): ThresholdLevel {
  if (target === null) return 'none';
  if (value === null || Number.isNaN(value)) return 'no-data';
  if (value > target.alertAbove) return 'alert';
  if (value >= target.targetBelow) return 'warn';
  return 'ok';
}
