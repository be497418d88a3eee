// Metrics and degradations, both from the metrics snapshot. The snapshot already carries display
// text and semantic levels; this maps them to rows and adds the detail views (alert rules).
import type { Degradation, MetricSeries, MetricsSnapshot } from '../../metrics/snapshot.js';
import type { ThresholdLevel, UnmeasuredTarget } from '../../metrics/targets.js';
import type { SourceSlot } from '../state.js';
import { toDisplayText } from '../sanitize.js';
import type { Cell, Field, ListPaneView, Mark, RowView, Tone } from '../view-model.js';
import { MINUTE, preciseAge, shortAge, sourceStatus, noDataText } from './common.js';
import { formatSeconds } from '../../metrics/display.js';

const LEVEL: Record<ThresholdLevel, { tone: Tone; mark?: Mark; word: string }> = {
  ok: { tone: 'ok', mark: 'ok', word: 'meets target' },
  warn: { tone: 'warn', mark: 'warn', word: 'above target' },
  alert: { tone: 'error', mark: 'bad', word: 'above alert threshold' },
  'no-data': { tone: 'muted', mark: 'unknown', word: 'no data' },
  none: { tone: 'normal', word: 'no runbook target' },
};

const points = (ring: readonly { v: number | null }[]) => ring.map((p) => p.v ?? Number.NaN);

function seriesRow(s: MetricSeries): RowView {
  const level = LEVEL[s.level];
  const label = toDisplayText(s.label, { maxLength: 60 });
  const target = s.target ? `< ${formatSeconds(s.target.targetBelow)}` : '';
  const current: Cell = s.noData ? { text: 'no data', tone: 'muted', mark: 'unknown' } : { text: s.display.current, tone: level.tone, ...(level.mark ? { mark: level.mark } : {}) };
  const fields: Field[] = [
    { label: 'series', value: toDisplayText(s.id) },
    { label: 'now', value: s.noData ? 'no data' : s.display.current, tone: level.tone },
    { label: 'min / max', value: `${s.display.min} / ${s.display.max}` },
    { label: 'total', value: s.display.total ?? '—' },
    { label: 'level', value: level.word, tone: level.tone, ...(level.mark ? { mark: level.mark } : {}) },
  ];
  if (s.target) {
    fields.push({ label: 'target', value: `${toDisplayText(s.target.metric)} < ${formatSeconds(s.target.targetBelow)}, alert > ${formatSeconds(s.target.alertAbove)}` });
  }
  return {
    key: s.id,
    cells: {
      label: { text: label },
      current,
      trend: { text: '', spark: points(s.points), tone: level.tone },
      range: { text: `${s.display.min}–${s.display.max}`, tone: 'muted' },
      target: target ? { text: target, tone: level.tone, ...(level.mark ? { mark: level.mark } : {}) } : { text: '—', tone: 'muted' },
    },
    search: `${label} ${s.id}`.toLowerCase(),
    highlight: s.level === 'alert',
    detail: { title: `Metric ${label}`, fields },
  };
}

/** A runbook target Zaxy exports no metric for: shown, so its absence is visible, not guessed. */
function unmeasuredRow(target: UnmeasuredTarget): RowView {
  const label = toDisplayText(target.metric, { maxLength: 60 });
  const why = toDisplayText(target.why);
  return {
    key: `unmeasured:${target.metric}`,
    cells: {
      label: { text: label, tone: 'muted' },
      current: { text: 'n/a', tone: 'muted', mark: 'unknown' },
      trend: { text: 'not exported', tone: 'muted' },
      range: { text: '—', tone: 'muted' },
      target: { text: toDisplayText(target.target), tone: 'muted' },
    },
    search: `${label} not exported`.toLowerCase(),
    detail: {
      title: `Target ${label}`,
      fields: [
        { label: 'target', value: toDisplayText(target.target) },
        { label: 'alert at', value: toDisplayText(target.alertAt) },
        { label: 'measured', value: 'no', tone: 'muted', mark: 'unknown' },
      ],
      body: [why],
    },
  };
}

/**
 * How far back the sparklines reach: to the second in the first minute, then in minutes counted
 * to `now`, which is the minute the clock shows, so "3m" turns into "4m" in the same redraw as the
 * clock rather than in a redraw of its own some seconds later.
 */
function windowText(data: MetricsSnapshot, now: number): string {
  const observedMs = data.observedSeconds * 1000;
  return observedMs < MINUTE ? preciseAge(observedMs) : shortAge(Math.max(MINUTE, now - data.observedFrom));
}

export function formatMetrics(slot: SourceSlot<MetricsSnapshot>, now: number): ListPaneView {
  const status = sourceStatus(slot.health, now);
  const data = slot.data;
  if (!data) return { status, summary: [], rows: [], empty: noDataText(slot.health, { waiting: 'waiting for the first scrape…', disabled: 'metrics not configured' }) };
  const summary: Field[] = [{ label: 'window', value: windowText(data, now) }];
  if (data.missingFamilies.length > 0) summary.push({ label: 'missing', value: data.missingFamilies.map((f) => toDisplayText(f)).join(', '), tone: 'warn', mark: 'warn' });
  return { status, summary, rows: [...data.series.map(seriesRow), ...data.unmeasuredTargets.map(unmeasuredRow)], empty: 'the exporter reports no Zaxy series' };
}

function severityCell(d: Degradation): Cell {
  const alert = d.alert;
  if (!alert) return { text: 'none', tone: 'muted' };
  const severity = alert.rule.severity;
  if (alert.state === 'firing') return { text: severity === 'warning' ? 'WARNING' : 'INFO', tone: severity === 'warning' ? 'error' : 'info', mark: 'bad' };
  if (alert.state === 'pending') return { text: 'pending', tone: 'warn', mark: 'warn' };
  return { text: severity, tone: 'muted' };
}

function degradationRow(d: Degradation, now: number): RowView {
  const operation = toDisplayText(d.operation, { maxLength: 60 });
  const reason = toDisplayText(d.reason, { maxLength: 120 });
  const advice = toDisplayText(d.advice, { maxLength: 400 });
  const severity = severityCell(d);
  const fields: Field[] = [
    { label: 'operation', value: operation },
    { label: 'reason', value: reason, ...(d.knownReason ? {} : { tone: 'warn' as const, mark: 'unknown' as const }) },
    { label: 'total', value: d.display.total },
    { label: 'rate', value: d.display.rate },
    { label: 'first seen', value: `${shortAge(now - d.firstSeenAt)} ago${d.isNew ? ' (new since the console started)' : ''}`, ...(d.isNew ? { tone: 'new' as const, mark: 'new' as const } : {}) },
  ];
  if (d.createdAt !== null) fields.push({ label: 'series created', value: new Date(d.createdAt).toISOString() });
  if (d.alert) {
    const rule = d.alert.rule;
    fields.push(
      { label: 'alert rule', value: rule.name },
      { label: 'expression', value: `increase(zaxy_degraded_operations_total{${rule.selector}}[10m]) > 0` },
      { label: 'for', value: preciseAge(rule.forSeconds * 1000) },
      { label: 'severity', value: rule.severity },
      { label: 'state', value: `${d.alert.state}${d.alert.since !== null ? ` since ${preciseAge(now - d.alert.since)} ago` : ''}`, tone: severity.tone ?? 'normal' },
    );
  } else {
    fields.push({ label: 'alert rule', value: 'none selects this reason', tone: 'muted' });
  }
  return {
    key: d.key,
    cells: {
      severity,
      operation: { text: operation },
      reason: { text: reason, ...(d.isNew ? { tone: 'new' as const, mark: 'new' as const } : {}) },
      total: { text: d.display.total },
      rate: { text: d.display.rate, tone: d.rate !== null && d.rate > 0 ? 'warn' : 'muted' },
      trend: { text: '', spark: points(d.points), tone: severity.tone ?? 'normal' },
      meaning: { text: advice, tone: 'muted' },
    },
    search: `${operation} ${reason} ${severity.text} ${advice}`.toLowerCase(),
    highlight: d.isNew,
    detail: { title: `Degradation ${operation} / ${reason}`, fields, body: [advice] },
  };
}

export function formatDegradations(slot: SourceSlot<MetricsSnapshot>, now: number): ListPaneView {
  const status = sourceStatus(slot.health, now);
  const data = slot.data;
  if (!data) return { status, summary: [], rows: [], empty: noDataText(slot.health, { waiting: 'waiting for the first scrape…', disabled: 'metrics not configured' }) };
  const firing = data.degradations.filter((d) => d.alert?.state === 'firing').length;
  const fresh = data.degradations.filter((d) => d.isNew).length;
  const summary: Field[] = [
    { label: 'pairs', value: String(data.degradations.length) },
    firing > 0 ? { label: 'alerts', value: `${firing} firing`, tone: 'error', mark: 'bad' } : { label: 'alerts', value: data.degradationsRising ? 'pending' : 'none', tone: data.degradationsRising ? 'warn' : 'ok', mark: data.degradationsRising ? 'warn' : 'ok' },
  ];
  if (fresh > 0) summary.push({ label: 'new', value: String(fresh), tone: 'new', mark: 'new' });
  const noSamples = data.noDataFamilies.includes('zaxy_degraded_operations_total') || data.noDataFamilies.includes('zaxy_degraded_operations');
  return {
    status,
    summary,
    rows: data.degradations.map((d) => degradationRow(d, now)),
    empty: noSamples ? 'no degraded operations since the exporter started' : 'no degraded operations recorded',
  };
}


/** Snapshot fields that say when and how fast a scrape ran: never on screen. */
const TIMING_KEYS: ReadonlySet<string> = new Set(['scrapedAt', 'scrapeDurationMs']);

/**
 * Whether two metrics snapshots make the same Metrics and Degradations panes: equal in everything
 * but when they were scraped, their points' times and the window's length past its first minute
 * (its minutes follow the clock, not the scrape). An idle deployment's scrapes differ in nothing
 * else, and this check costs a quarter of formatting both panes to find that out (issue 5).
 */
export function sameMetricsShown(a: MetricsSnapshot, b: MetricsSnapshot): boolean {
  if (a === b) return true;
  // Past its first minute the window is shown from observedFrom (compared below) and the clock.
  if ((a.observedSeconds < 60 || b.observedSeconds < 60) && preciseAge(a.observedSeconds * 1000) !== preciseAge(b.observedSeconds * 1000)) return false;
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  for (const key in x) {
    if (key === 'observedSeconds' || TIMING_KEYS.has(key)) continue;
    if (!deepEqual(x[key], y[key])) return false;
  }
  return ownKeyCount(a) === ownKeyCount(b);
}

/**
 * Structural equality of plain data; a ring point's time `t` is ignored, its value `v` is not. It
 * runs on every scrape, so it walks keys with for-in, which allocates nothing (Object.keys did).
 */
function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    if (a.length > 0 && isRingPoint(a[0]) && isRingPoint(b[0])) return sameValues(a, b);
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const key in x) {
    if (!Object.hasOwn(x, key)) continue;
    count++;
    if (key === 't' && isRingPoint(x) && isRingPoint(y)) continue;
    if (!Object.hasOwn(y, key) || !deepEqual(x[key], y[key])) return false;
  }
  for (const key in y) if (Object.hasOwn(y, key)) count--;
  return count === 0;
}

const isRingPoint = (o: unknown): boolean =>
  typeof o === 'object' && o !== null && typeof (o as { t?: unknown }).t === 'number' && 'v' in o && ownKeyCount(o) === 2;

/**
 * Sparkline points (the first of each list checked to be a `{t, v}` ring point, as all of a list
 * are): only their values are drawn, so only those are compared, in one tight loop.
 */
function sameValues(a: readonly unknown[], b: readonly unknown[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as { t: unknown; v: unknown };
    const y = b[i] as { t: unknown; v: unknown };
    if (typeof x.t === 'number' && typeof y.t === 'number' ? !Object.is(x.v, y.v) : !deepEqual(x, y)) return false;
  }
  return true;
}

function ownKeyCount(o: object): number {
  let n = 0;
  for (const key in o) if (Object.hasOwn(o, key)) n++;
  return n;
}
