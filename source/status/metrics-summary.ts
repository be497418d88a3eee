// Pure: the metrics snapshot (camelCase, with sparkline points) reduced to the stable snake_case
// summary `status` prints. "Rising" is decided here, from two scrapes a short gap apart: a
// degradation pair is rising when its counter total grew between them, or it first appeared in
// the second one with a non-zero total.
import type { MetricsSnapshot } from '../metrics/snapshot.js';
import type { MetricsSummary } from './types.js';

export function summarizeMetrics(first: MetricsSnapshot | null, second: MetricsSnapshot): MetricsSummary {
  const before = new Map((first?.degradations ?? []).map((d) => [d.key, d.total]));
  const degradations = second.degradations.map((d) => {
    const previous = first ? (before.get(d.key) ?? 0) : d.total;
    const increase = Math.max(0, d.total - previous);
    return {
      operation: d.operation,
      reason: d.reason,
      total: d.total,
      increase,
      rising: increase > 0,
      alert: d.alert?.rule.name ?? null,
      alert_severity: d.alert?.rule.severity ?? null,
      advice: d.advice,
    };
  });
  return {
    url: second.url,
    scrape_duration_ms: second.scrapeDurationMs,
    sample_gap_ms: first ? second.scrapedAt - first.scrapedAt : 0,
    series: second.series.map((s) => ({ id: s.id, unit: s.unit, current: s.current, total: s.total, level: s.level })),
    degradations,
    degradations_rising: degradations.some((d) => d.rising),
    missing_families: second.missingFamilies,
  };
}
