// Whether a runbook degraded-mode alert would be pending or firing, from the times a pair's counter
// was seen to increase. The rule `increase(…[10m]) > 0` holds at τ when some increase falls in
// (τ − 10 min, τ]; it fires once it has held for the rule's `for:` duration without a gap.

import { ALERT_LOOKBACK_SECONDS, type DegradationAlertRule } from './degradations.js';

export type AlertState = 'inactive' | 'pending' | 'firing';

export interface DegradationAlert {
  readonly rule: DegradationAlertRule;
  /** The rule's expression is true now: the pair increased within the last 10 minutes. */
  readonly condition: boolean;
  readonly state: AlertState;
  /** Since when the condition has held without a gap (ms), when it holds. */
  readonly since: number | null;
}

/** How far back increase times must be kept to tell pending from firing for any rule. */
export const ALERT_MEMORY_MS = (ALERT_LOOKBACK_SECONDS + 600) * 1000;

export function evaluateAlert(rule: DegradationAlertRule, increaseTimes: readonly number[], now: number): DegradationAlert {
  const lookback = ALERT_LOOKBACK_SECONDS * 1000;
  const times = increaseTimes.filter((t) => t <= now).sort((a, b) => a - b);
  const last = times[times.length - 1];
  if (last === undefined || now - last >= lookback) return { rule, condition: false, state: 'inactive', since: null };
  let since = last;
  for (let i = times.length - 2; i >= 0; i--) {
    const t = times[i] as number;
    if (since - t >= lookback) break;
    since = t;
  }
  const state: AlertState = now - since >= rule.forSeconds * 1000 ? 'firing' : 'pending';
  return { rule, condition: true, state, since };
}
