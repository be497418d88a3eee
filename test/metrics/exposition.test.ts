import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import client from 'prom-client';
import { ExpositionError, labelKey, parseExposition, parseFloatValue } from '../../source/metrics/exposition.js';
import { readCounter, readHistogram } from '../../source/metrics/readings.js';
import { ZAXY_BUCKETS } from '../support/prom-fixture.js';

const only = <T>(items: Iterable<T>): T => {
  const all = [...items];
  assert.equal(all.length, 1, `expected exactly one item, got ${all.length}`);
  return all[0]!;
};

describe('parseFloatValue', () => {
  const cases: [string, number | null][] = [
    ['1', 1],
    ['1.0', 1],
    ['-2.5e-3', -0.0025],
    ['1.7958897298523219e+09', 1795889729.8523219],
    ['.5', 0.5],
    ['+Inf', Infinity],
    ['Inf', Infinity],
    ['-Inf', -Infinity],
    ['NaN', NaN],
    ['nan', NaN],
    ['0x10', null],
    ['', null],
    ['1,5', null],
    ['one', null],
  ];
  for (const [text, expected] of cases) {
    test(JSON.stringify(text), () => assert.deepEqual(parseFloatValue(text), expected));
  }
});

describe('parseExposition: valid input', () => {
  test('a counter with escaped label values keeps the exact characters', () => {
    const text = '# HELP c A "counter"\\\\ with\\nnewline\n# TYPE c counter\nc{path="a\\\\b",q="say \\"hi\\"",nl="x\\ny"} 3\n';
    const family = parseExposition(text).families.get('c')!;
    assert.equal(family.type, 'counter');
    assert.equal(family.help, 'A "counter"\\ with\nnewline');
    const series = only(family.series.values());
    assert.deepEqual(series.labels, { path: 'a\\b', q: 'say "hi"', nl: 'x\ny' });
  });

  test('NaN, +Inf and -Inf values and an optional millisecond timestamp', () => {
    const text = '# TYPE g gauge\ng{k="nan"} NaN\ng{k="pinf"} +Inf\ng{k="ninf"} -Inf 1700000000000\n';
    const series = parseExposition(text).families.get('g')!.series;
    const value = (k: string) => series.get(labelKey({ k }))!.samples[0]!;
    assert.ok(Number.isNaN(value('nan').value));
    assert.equal(value('pinf').value, Infinity);
    assert.equal(value('ninf').value, -Infinity);
    assert.equal(value('ninf').timestampMs, 1_700_000_000_000);
    assert.equal(value('pinf').timestampMs, undefined);
  });

  test('histogram buckets group by labels minus le, with le in any position and as float text', () => {
    const text = [
      '# TYPE h histogram',
      'h_bucket{le="0.5",source="hybrid"} 1.0',
      'h_bucket{source="hybrid",le="1.0"} 2.0',
      'h_bucket{ le = "+Inf" , source="hybrid", } 3.0',
      'h_count{source="hybrid"} 3.0',
      'h_sum{source="hybrid"} 1.7',
      'h_bucket{le="+Inf",source="eventloom"} 0',
      '',
    ].join('\n');
    const readings = readHistogram(parseExposition(text), 'h')!;
    const hybrid = readings.find((r) => r.labels.source === 'hybrid')!;
    assert.deepEqual(hybrid.buckets, [
      { le: 0.5, count: 1 },
      { le: 1, count: 2 },
      { le: Infinity, count: 3 },
    ]);
    assert.equal(hybrid.count, 3);
    assert.equal(hybrid.sum, 1.7);
    assert.equal(readings.length, 2);
  });

  test('a labelled family with only HELP/TYPE has no series ("no data"), an unused unlabelled one has its zero', () => {
    const text = '# HELP d x\n# TYPE d counter\n# HELP i y\n# TYPE i counter\ni 0.0\n';
    const exposition = parseExposition(text);
    assert.equal(exposition.families.get('d')!.series.size, 0);
    assert.deepEqual(readCounter(exposition, 'd'), []);
    assert.equal(readCounter(exposition, 'i')![0]!.value, 0);
    assert.equal(readCounter(exposition, 'absent'), null);
  });

  test('separate <base>_created gauge families attach creation times to counter series', () => {
    const text = [
      '# TYPE zaxy_degraded_operations_total counter',
      'zaxy_degraded_operations_total{operation="query",reason="graph_unavailable"} 2.0',
      '# TYPE zaxy_degraded_operations_created gauge',
      'zaxy_degraded_operations_created{operation="query",reason="graph_unavailable"} 1.79e+09',
    ].join('\n');
    const exposition = parseExposition(text);
    assert.equal(exposition.families.get('zaxy_degraded_operations_created')!.type, 'gauge');
    const reading = only(readCounter(exposition, 'zaxy_degraded_operations_total')!);
    assert.equal(reading.value, 2);
    assert.equal(reading.created, 1.79e9);
  });

  test('OpenMetrics: _total and _created belong to the base family, timestamps are seconds, # EOF ends', () => {
    const text = [
      '# TYPE c counter',
      '# UNIT c requests',
      'c_total{a="1"} 5.0 1700000000.5',
      'c_created{a="1"} 1.6e+09',
      '# EOF',
      '',
    ].join('\n');
    const exposition = parseExposition(text);
    assert.equal(exposition.openMetrics, true);
    const family = exposition.families.get('c')!;
    const series = only(family.series.values());
    assert.deepEqual(
      series.samples.map((s) => s.suffix),
      ['_total', '_created'],
    );
    assert.equal(series.samples[0]!.timestampMs, 1_700_000_000_500);
    const reading = only(readCounter(exposition, 'c_total')!);
    assert.deepEqual([reading.value, reading.created], [5, 1.6e9]);
  });

  test('samples without TYPE form untyped families; comments are ignored', () => {
    const exposition = parseExposition('# just a comment\nup 1\n#\n');
    assert.equal(exposition.families.get('up')!.type, 'untyped');
  });

  test('a summary groups quantiles into one series', () => {
    const text = '# TYPE s summary\ns{quantile="0.5"} 1\ns{quantile="0.99"} 2\ns_sum 3\ns_count 2\n';
    const series = only(parseExposition(text).families.get('s')!.series.values());
    assert.deepEqual(
      series.samples.map((s) => s.quantile),
      [0.5, 0.99, undefined, undefined],
    );
  });
});

describe('parseExposition: malformed input names the line', () => {
  const cases: [string, string, number, RegExp][] = [
    ['missing value', '# TYPE a gauge\na{x="1"}\n', 2, /missing sample value/],
    ['bad value', 'a 1,5\n', 1, /value "1,5" is not a number/],
    ['unterminated label value', 'a{x="1} 2\n', 1, /unterminated value of label "x"/],
    ['label without quotes', 'a{x=1} 2\n', 1, /expected '"'/],
    ['invalid escape', 'a{x="\\t"} 2\n', 1, /invalid escape/],
    ['duplicate label', 'a{x="1",x="2"} 2\n', 1, /appears twice/],
    ['bucket without le', '# TYPE h histogram\nh_bucket{a="1"} 2\n', 2, /without an "le" label/],
    ['non-numeric le', '# TYPE h histogram\nh_bucket{le="big"} 2\n', 2, /"le" is not a number/],
    ['unknown type', '# TYPE a meter\n', 1, /unknown metric type "meter"/],
    ['second TYPE', '# TYPE a gauge\n# TYPE a counter\n', 2, /second TYPE/],
    ['duplicate sample', 'a{x="1"} 1\na{x="1"} 2\n', 2, /duplicate sample/],
    ['fractional 0.0.4 timestamp', 'a 1 12.5\n', 1, /integer milliseconds/],
    ['trailing junk', 'a 1 2 3\n', 1, /unexpected text/],
    ['content after EOF', 'a 1\n# EOF\nb 2\n', 3, /after "# EOF"/],
    ['garbage line', '<html>\n', 1, /expected a metric name/],
    ['no space before value', 'a{x="1"}2\n', 1, /expected a space/],
  ];
  for (const [name, text, line, message] of cases) {
    test(name, () => {
      assert.throws(
        () => parseExposition(text),
        (error: unknown) => error instanceof ExpositionError && error.line === line && message.test(error.message) && error.message.startsWith(`line ${line}: `),
      );
    });
  }
});

describe('parseExposition against real prom-client 15 output', () => {
  const build = () => {
    const registry = new client.Registry<client.RegistryContentType>();
    const registers = [registry];
    const appended = new client.Counter({ name: 'zaxy_events_appended_total', help: 'Total "events" \\ appended\nsecond line', labelNames: ['event_type'], registers });
    const duration = new client.Histogram({ name: 'zaxy_query_duration_seconds', help: 'Query execution time', labelNames: ['source'], buckets: ZAXY_BUCKETS, registers });
    new client.Counter({ name: 'zaxy_degraded_operations_total', help: 'Degraded', labelNames: ['operation', 'reason'], registers });
    new client.Counter({ name: 'zaxy_invalidations_total', help: 'Invalidations', registers });
    appended.inc({ event_type: 'decision "made"\\\n' }, 3);
    appended.inc({ event_type: 'note' });
    for (const v of [0.003, 0.04, 0.2, 0.2, 12]) duration.observe({ source: 'hybrid' }, v);
    duration.observe({ source: 'eventloom' }, 0.01);
    return registry;
  };

  for (const format of ['text 0.0.4', 'OpenMetrics'] as const) {
    test(format, async () => {
      const registry = build();
      if (format === 'OpenMetrics') registry.setContentType(client.openMetricsContentType);
      const exposition = parseExposition(await registry.metrics());
      assert.equal(exposition.openMetrics, format === 'OpenMetrics');
      const appends = readCounter(exposition, 'zaxy_events_appended_total')!;
      assert.deepEqual(
        appends.map((r) => [r.labels.event_type, r.value]).sort(),
        [
          ['decision "made"\\\n', 3],
          ['note', 1],
        ],
      );
      const hybrid = readHistogram(exposition, 'zaxy_query_duration_seconds')!.find((h) => h.labels.source === 'hybrid')!;
      assert.equal(hybrid.buckets.length, ZAXY_BUCKETS.length + 1);
      assert.equal(hybrid.buckets.at(-1)!.le, Infinity);
      assert.equal(hybrid.buckets.find((b) => b.le === 0.25)!.count, 4);
      assert.equal(hybrid.count, 5);
      assert.ok(Math.abs(hybrid.sum! - 12.443) < 1e-9);
      assert.deepEqual(readCounter(exposition, 'zaxy_degraded_operations_total'), []);
      assert.equal(readCounter(exposition, 'zaxy_invalidations_total')![0]!.value, 0);
    });
  }
});

test("prom-client's default registry with its default Node metrics parses in both formats", async () => {
  const registry = new client.Registry<client.RegistryContentType>();
  client.collectDefaultMetrics({ register: registry });
  for (const contentType of [client.prometheusContentType, client.openMetricsContentType]) {
    registry.setContentType(contentType);
    const exposition = parseExposition(await registry.metrics());
    const gc = exposition.families.get('nodejs_gc_duration_seconds');
    assert.equal(gc?.type, 'histogram');
    assert.ok(exposition.families.get('nodejs_version_info')!.series.size === 1);
    assert.ok(readCounter(exposition, 'process_cpu_seconds_total')![0]!.value >= 0);
  }
  // The global `register` is what most exporters use; it must parse too (throws if not).
  assert.ok(parseExposition(await client.register.metrics()).families instanceof Map);
});

test('property: any label value prom-client escapes reads back unchanged, values exactly', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.uniqueArray(fc.string({ unit: fc.oneof(fc.constantFrom('\\', '"', '\n', '}', ',', '=', ' ', 'é', '🙂'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), maxLength: 12 }), {
        minLength: 1,
        maxLength: 5,
      }),
      fc.integer({ min: 1, max: 1_000_000 }),
      async (values, amount) => {
        const registry = new client.Registry();
        const counter = new client.Counter({ name: 'zaxy_events_appended_total', help: 'h', labelNames: ['event_type'], registers: [registry] });
        for (const v of values) counter.inc({ event_type: v }, amount);
        const readings = readCounter(parseExposition(await registry.metrics()), 'zaxy_events_appended_total')!;
        assert.deepEqual(readings.map((r) => r.labels.event_type).sort(), [...values].sort());
        assert.ok(readings.every((r) => r.value === amount));
      },
    ),
    { numRuns: 200 },
  );
});
