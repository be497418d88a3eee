// A strict parser for the Prometheus text exposition format 0.0.4, tolerant of the OpenMetrics
// additions exporters actually send (`# EOF`, `# UNIT`, `_created`, exemplars). It exists because
// parse-prometheus-text-format merges labelled histograms and drops their labels (terminal-ui-notes
// §9). Samples are grouped into series by their labels minus `le`/`quantile`, so a histogram's
// buckets, sum and count for one label set land together whatever order the labels came in.

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped' | 'gaugehistogram' | 'info' | 'stateset';

export interface ExpositionSample {
  /** The full sample name as written, e.g. `zaxy_query_duration_seconds_bucket`. */
  readonly name: string;
  /** What follows the family name: '', '_total', '_bucket', '_sum', '_count', '_created'… */
  readonly suffix: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
  /** Parsed `le` (histogram buckets) or `quantile` (summaries), if present. */
  readonly le?: number;
  readonly quantile?: number;
  /** Milliseconds since the epoch, when the exporter wrote a timestamp. */
  readonly timestampMs?: number;
}

export interface ExpositionSeries {
  /** Canonical `{a="x",b="y"}` of the labels minus `le`/`quantile`; `{}` when there are none. */
  readonly key: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly samples: readonly ExpositionSample[];
}

export interface ExpositionFamily {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string | null;
  /** Empty for a family that printed only HELP/TYPE: show it as "no data". */
  readonly series: ReadonlyMap<string, ExpositionSeries>;
}

export interface Exposition {
  readonly families: ReadonlyMap<string, ExpositionFamily>;
  /** True when the text ended with OpenMetrics' `# EOF` (its timestamps are in seconds). */
  readonly openMetrics: boolean;
}

export class ExpositionError extends Error {
  constructor(
    readonly line: number,
    readonly detail: string,
    readonly text: string,
  ) {
    super(`line ${line}: ${detail}: ${text.length > 80 ? `${text.slice(0, 77)}...` : text}`);
    this.name = 'ExpositionError';
  }
}

const TYPES: Readonly<Record<string, MetricType>> = {
  counter: 'counter',
  gauge: 'gauge',
  histogram: 'histogram',
  summary: 'summary',
  untyped: 'untyped',
  unknown: 'untyped',
  gaugehistogram: 'gaugehistogram',
  info: 'info',
  stateset: 'stateset',
};

// Which sample suffixes each family type may carry; the first match wins when resolving a name.
const SUFFIXES: Readonly<Record<MetricType, readonly string[]>> = {
  counter: ['_total', '_created', ''],
  gauge: [''],
  histogram: ['_bucket', '_sum', '_count', '_created'],
  gaugehistogram: ['_bucket', '_gsum', '_gcount'],
  summary: ['_sum', '_count', '_created', ''],
  untyped: [''],
  info: ['_info'],
  stateset: [''],
};

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses a float the way Go's ParseFloat does for exposition values, but refuses hex and junk. */
export function parseFloatValue(text: string): number | null {
  const lower = text.toLowerCase();
  if (lower === 'nan') return Number.NaN;
  if (lower === '+inf' || lower === 'inf' || lower === '+infinity' || lower === 'infinity') return Number.POSITIVE_INFINITY;
  if (lower === '-inf' || lower === '-infinity') return Number.NEGATIVE_INFINITY;
  return DECIMAL.test(text) ? Number(text) : null;
}

interface MutableFamily {
  name: string;
  type: MetricType;
  help: string | null;
  typeDeclared: boolean;
  series: Map<string, { key: string; labels: Record<string, string>; samples: ExpositionSample[] }>;
  seen: Set<string>;
}

export function parseExposition(text: string): Exposition {
  const families = new Map<string, MutableFamily>();
  const lines = text.split('\n');
  const openMetrics = lines.some((l) => l.trimEnd() === '# EOF');
  let ended = false;

  const family = (name: string): MutableFamily => {
    let f = families.get(name);
    if (!f) {
      f = { name, type: 'untyped', help: null, typeDeclared: false, series: new Map(), seen: new Set() };
      families.set(name, f);
    }
    return f;
  };

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = (lines[i] ?? '').replace(/\r$/, '');
    const fail = (detail: string): never => {
      throw new ExpositionError(lineNo, detail, line);
    };
    if (line.trim() === '') continue;
    if (ended) fail('content after "# EOF"');
    if (line.startsWith('#')) {
      if (line.trimEnd() === '# EOF') {
        ended = true;
        continue;
      }
      const m = /^#\s+(HELP|TYPE|UNIT)\s+(\S+)(?:\s(.*))?$/.exec(line);
      if (!m) continue; // an ordinary comment
      const [, keyword, name = '', rest = ''] = m;
      if (!METRIC_NAME.test(name) || METRIC_NAME.exec(name)?.[0] !== name) fail(`invalid metric name "${name}"`);
      const f = family(name);
      if (keyword === 'HELP') {
        if (f.help !== null) fail(`second HELP for "${name}"`);
        f.help = unescapeHelp(rest, fail);
      } else if (keyword === 'TYPE') {
        const type = TYPES[rest.trim()];
        if (!type) fail(`unknown metric type "${rest.trim()}"`);
        if (f.typeDeclared) fail(`second TYPE for "${name}"`);
        if (f.series.size > 0) fail(`TYPE for "${name}" after its samples`);
        f.type = type as MetricType;
        f.typeDeclared = true;
      }
      continue;
    }
    const sample = parseSampleLine(line, openMetrics, fail);
    const owner = resolveFamily(families, sample.name) ?? family(sample.name);
    const suffix = sample.name.slice(owner.name.length);
    const { le, quantile, ...rest } = sample.labels;
    let parsedLe: number | undefined;
    let parsedQuantile: number | undefined;
    if (owner.type === 'histogram' || owner.type === 'gaugehistogram') {
      if (suffix === '_bucket') {
        if (le === undefined) fail('histogram bucket without an "le" label');
        parsedLe = parseFloatValue(le as string) ?? fail(`"le" is not a number ("${le}")`);
      }
    } else if (owner.type === 'summary' && suffix === '' && quantile !== undefined) {
      parsedQuantile = parseFloatValue(quantile) ?? fail(`"quantile" is not a number ("${quantile}")`);
    }
    // Only the label that belongs to the family type is dropped from the series key.
    const seriesLabels: Record<string, string> = { ...rest };
    if (le !== undefined && parsedLe === undefined) seriesLabels.le = le;
    if (quantile !== undefined && parsedQuantile === undefined) seriesLabels.quantile = quantile;
    const key = labelKey(seriesLabels);
    const identity = `${sample.name}${labelKey(sample.labels)}`;
    if (owner.seen.has(identity)) fail(`duplicate sample ${identity}`);
    owner.seen.add(identity);
    let series = owner.series.get(key);
    if (!series) {
      series = { key, labels: seriesLabels, samples: [] };
      owner.series.set(key, series);
    }
    series.samples.push({
      name: sample.name,
      suffix,
      labels: sample.labels,
      value: sample.value,
      ...(parsedLe !== undefined ? { le: parsedLe } : {}),
      ...(parsedQuantile !== undefined ? { quantile: parsedQuantile } : {}),
      ...(sample.timestampMs !== undefined ? { timestampMs: sample.timestampMs } : {}),
    });
  }

  const result = new Map<string, ExpositionFamily>();
  for (const f of families.values()) {
    result.set(f.name, { name: f.name, type: f.type, help: f.help, series: f.series });
  }
  return { families: result, openMetrics };
}

/** Canonical, order-independent key of a label set. */
export function labelKey(labels: Readonly<Record<string, string>>): string {
  const names = Object.keys(labels).sort();
  return `{${names.map((n) => `${n}=${JSON.stringify(labels[n])}`).join(',')}}`;
}

function resolveFamily(families: Map<string, MutableFamily>, sampleName: string): MutableFamily | undefined {
  const exact = families.get(sampleName);
  if (exact && SUFFIXES[exact.type].includes('')) return exact;
  for (const suffix of ['_bucket', '_sum', '_count', '_created', '_total', '_gsum', '_gcount', '_info']) {
    if (!sampleName.endsWith(suffix)) continue;
    const base = families.get(sampleName.slice(0, -suffix.length));
    if (base && SUFFIXES[base.type].includes(suffix)) return base;
  }
  return exact;
}

interface RawSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  timestampMs?: number;
}

function parseSampleLine(line: string, openMetrics: boolean, fail: (detail: string) => never): RawSample {
  const name = METRIC_NAME.exec(line)?.[0] ?? fail('expected a metric name');
  let pos = name.length;
  const labels: Record<string, string> = {};
  const skipSpaces = () => {
    while (line[pos] === ' ' || line[pos] === '\t') pos++;
  };
  skipSpaces();
  if (line[pos] !== '{') pos = name.length; // no labels: the space before the value stays
  else {
    pos++;
    for (;;) {
      skipSpaces();
      if (line[pos] === '}') break;
      const labelName = LABEL_NAME.exec(line.slice(pos))?.[0] ?? fail(`expected a label name at column ${pos + 1}`);
      pos += labelName.length;
      skipSpaces();
      if (line[pos] !== '=') fail(`expected '=' after label "${labelName}"`);
      pos++;
      skipSpaces();
      if (line[pos] !== '"') fail(`expected '"' to open the value of label "${labelName}"`);
      pos++;
      let value = '';
      for (;;) {
        const ch = line[pos];
        if (ch === undefined) fail(`unterminated value of label "${labelName}"`);
        if (ch === '"') break;
        if (ch === '\\') {
          const next = line[pos + 1];
          if (next === '\\') value += '\\';
          else if (next === '"') value += '"';
          else if (next === 'n') value += '\n';
          else fail(`invalid escape "\\${next ?? ''}" in label "${labelName}"`);
          pos += 2;
        } else {
          value += ch;
          pos++;
        }
      }
      pos++;
      if (Object.hasOwn(labels, labelName)) fail(`label "${labelName}" appears twice`);
      labels[labelName] = value;
      skipSpaces();
      if (line[pos] === ',') {
        pos++;
        continue;
      }
      if (line[pos] !== '}') fail(`expected ',' or '}' after label "${labelName}"`);
    }
    pos++;
  }
  let rest = line.slice(pos);
  if (rest !== '' && rest[0] !== ' ' && rest[0] !== '\t') fail('expected a space before the value');
  // OpenMetrics exemplars (` # {trace_id="…"} 1 …`) describe a single observation; the sample ignores them.
  const exemplar = openMetrics ? rest.indexOf(' # ') : -1;
  if (exemplar >= 0) rest = rest.slice(0, exemplar);
  const fields = rest.trim().split(/[ \t]+/).filter((f) => f !== '');
  if (fields.length === 0) fail('missing sample value');
  if (fields.length > 2) fail('unexpected text after the timestamp');
  const value = parseFloatValue(fields[0] ?? '') ?? fail(`value "${fields[0]}" is not a number`);
  const sample: RawSample = { name, labels, value };
  if (fields[1] !== undefined) {
    const ts = parseFloatValue(fields[1]);
    if (ts === null || !Number.isFinite(ts)) fail(`timestamp "${fields[1]}" is not a number`);
    if (!openMetrics && !Number.isInteger(ts)) fail(`timestamp "${fields[1]}" must be integer milliseconds`);
    sample.timestampMs = openMetrics ? ts * 1000 : ts;
  }
  return sample;
}

function unescapeHelp(text: string, fail: (detail: string) => never): string {
  return text.replace(/\\(.?)/g, (_, ch: string) => {
    if (ch === '\\') return '\\';
    if (ch === 'n') return '\n';
    if (ch === '"') return '"'; // OpenMetrics escapes quotes in HELP too
    return fail(`invalid escape "\\${ch}" in HELP`);
  });
}
