// Typed views over a parsed exposition: counter values and histogram buckets per series, with the
// series' creation time wherever the exporter put it (an in-family `_created` sample in
// OpenMetrics, or a separate `<base>_created` gauge family in text 0.0.4 from prometheus_client).

import type { Exposition, ExpositionFamily, ExpositionSeries } from './exposition.js';

export interface CounterReading {
  readonly key: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
  /** Series creation time in seconds since the epoch, when exported. */
  readonly created: number | null;
}

export interface Bucket {
  /** Upper bound (`le`); the last bucket is +Inf. */
  readonly le: number;
  /** Cumulative count of observations ≤ `le`. */
  readonly count: number;
}

export interface HistogramReading {
  readonly key: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly buckets: readonly Bucket[];
  readonly sum: number | null;
  readonly count: number | null;
  readonly created: number | null;
}

/** A family present with HELP/TYPE but no samples reads as `[]`; an absent family as `null`. */
export type Readings<T> = readonly T[] | null;

function baseName(name: string): string {
  return name.endsWith('_total') ? name.slice(0, -'_total'.length) : name;
}

/** Finds a family by its 0.0.4 name (`x_total`) or its OpenMetrics name (`x`). */
export function findFamily(exposition: Exposition, name: string): ExpositionFamily | undefined {
  return exposition.families.get(name) ?? exposition.families.get(baseName(name));
}

function createdBySeries(exposition: Exposition, family: ExpositionFamily, name: string): Map<string, number> {
  const created = new Map<string, number>();
  const separate = exposition.families.get(`${baseName(name)}_created`);
  for (const series of separate?.series.values() ?? []) {
    const sample = series.samples[0];
    if (sample) created.set(series.key, sample.value);
  }
  for (const series of family.series.values()) {
    const sample = series.samples.find((s) => s.suffix === '_created');
    if (sample) created.set(series.key, sample.value);
  }
  return created;
}

export function readCounter(exposition: Exposition, name: string): Readings<CounterReading> {
  const family = findFamily(exposition, name);
  if (!family) return null;
  const created = createdBySeries(exposition, family, name);
  const readings: CounterReading[] = [];
  for (const series of family.series.values()) {
    const sample = series.samples.find((s) => s.suffix === '_total' || s.suffix === '');
    if (!sample) continue;
    readings.push({ key: series.key, labels: series.labels, value: sample.value, created: created.get(series.key) ?? null });
  }
  return readings;
}

export function readHistogram(exposition: Exposition, name: string): Readings<HistogramReading> {
  const family = exposition.families.get(name);
  if (!family) return null;
  const created = createdBySeries(exposition, family, name);
  return [...family.series.values()].map((series) => histogramOf(series, created.get(series.key) ?? null));
}

function histogramOf(series: ExpositionSeries, created: number | null): HistogramReading {
  const buckets: Bucket[] = [];
  let sum: number | null = null;
  let count: number | null = null;
  for (const sample of series.samples) {
    if (sample.suffix === '_bucket' && sample.le !== undefined) buckets.push({ le: sample.le, count: sample.value });
    else if (sample.suffix === '_sum') sum = sample.value;
    else if (sample.suffix === '_count') count = sample.value;
  }
  buckets.sort((a, b) => a.le - b.le);
  return { key: series.key, labels: series.labels, buckets, sum, count, created };
}
