// The metrics collector and parser against Zaxy's real exporter (zaxy-memory 3.2 in the project
// venv, Python prometheus_client), driven call by call.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parseExposition } from '../../source/metrics/exposition.js';
import { readCounter, readHistogram } from '../../source/metrics/readings.js';
import { createMetricsCollector } from '../../source/sources/metrics.js';
import { startZaxyExporter, type ZaxyExporter } from '../support/zaxy-exporter.js';

let zaxy: ZaxyExporter;
before(async () => {
  zaxy = await startZaxyExporter();
});
after(() => zaxy.close());

const scrapeText = async (path = '/metrics') => {
  const response = await fetch(`http://127.0.0.1:${zaxy.port}${path}`, { headers: { accept: 'text/plain;version=0.0.4' } });
  return { type: response.headers.get('content-type'), text: await response.text() };
};

test('a fresh exporter: labelled families are "no data", invalidations start at 0', async () => {
  const { type, text } = await scrapeText('/any/path/at/all');
  assert.match(type ?? '', /^text\/plain; version=0\.0\.4/);
  const exposition = parseExposition(text);
  assert.deepEqual(readCounter(exposition, 'zaxy_degraded_operations_total'), []);
  assert.deepEqual(readHistogram(exposition, 'zaxy_query_duration_seconds'), []);
  assert.equal(readCounter(exposition, 'zaxy_invalidations_total')![0]!.value, 0);
  assert.ok(exposition.families.has('process_cpu_seconds_total'), 'python_/process_ series come along');
});

test('recorded operations read back exactly, with _created, le first and an unknown reason', async () => {
  let clock = Date.now();
  const collector = createMetricsCollector({ url: zaxy.url, timeoutMs: 3000, ringCapacity: 30, now: () => clock });
  const first = await collector.collect(new AbortController().signal);
  assert.ok(first.noDataFamilies.includes('zaxy_degraded_operations_total'));

  for (const type of ['decision.made', 'decision.made', 'note.added']) await zaxy.call({ call: 'record_event_append', args: [type] });
  for (const seconds of [0.03, 0.03, 0.03, 0.03, 0.3]) await zaxy.call({ call: 'record_query', args: [seconds] });
  await zaxy.call({ call: 'record_query', args: [0.004, 'eventloom'] });
  await zaxy.call({ call: 'record_upsert', args: ['Person'] });
  await zaxy.call({ call: 'record_invalidation', args: [] });
  await zaxy.call({ call: 'record_degraded_operation', args: ['query', 'graph_unavailable'] });
  await zaxy.call({ call: 'record_degraded_operation', args: ['query', 'graph_unavailable'] });
  await zaxy.call({ call: 'record_degraded_operation', args: ['append', 'embedding_provider_unavailable'] });
  await zaxy.call({ call: 'record_degraded_operation', args: ['query', 'brand_new_reason'] });
  await zaxy.call({ call: 'record_degraded_operation', args: ['plugin_out_of_process', 'acme.tagger:Value"Error'] });

  // The raw text has the quirks the spec describes; check them so the parser is tested on them.
  const { text } = await scrapeText();
  assert.match(text, /^zaxy_query_duration_seconds_bucket\{le="1\.0",source="hybrid"\} 5\.0$/m, 'le first, float text');
  assert.match(text, /^# TYPE zaxy_degraded_operations_created gauge$/m);
  assert.ok(text.indexOf('zaxy_query_duration_seconds_count{') < text.indexOf('zaxy_query_duration_seconds_sum{'), '_count before _sum');
  assert.match(text, /reason="acme\.tagger:Value\\"Error"/, 'escaped quote in a label value');

  const exposition = parseExposition(text);
  const hybrid = readHistogram(exposition, 'zaxy_query_duration_seconds')!.find((h) => h.labels.source === 'hybrid')!;
  assert.deepEqual(
    hybrid.buckets.map((b) => b.le),
    [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, Infinity],
  );
  assert.equal(hybrid.count, 5);
  assert.ok(Math.abs(hybrid.sum! - 0.42) < 1e-9);
  const nowSeconds = Date.now() / 1000;
  for (const reading of readCounter(exposition, 'zaxy_degraded_operations_total')!) {
    assert.ok(reading.created !== null && Math.abs(reading.created - nowSeconds) < 120, `created ${reading.created}`);
  }

  clock += 2000;
  const snapshot = await collector.collect(new AbortController().signal);
  const get = (id: string) => snapshot.series.find((s) => s.id === id)!;
  assert.equal(get('append_rate').total, 3);
  assert.equal(get('append_rate').current, 1.5);
  assert.equal(get('query_rate').total, 6);
  assert.equal(get('query_rate:hybrid').total, 5);
  assert.equal(get('query_rate:eventloom').total, 1);
  assert.equal(get('upsert_rate').total, 1);
  assert.equal(get('invalidation_rate').total, 1);
  assert.equal(get('invalidation_rate').current, 0.5);
  // 5 hybrid queries: 4 in (0.025, 0.05], 1 in (0.25, 0.5]; p50 rank 2.5 → 0.025 + 0.025·2.5/4.
  assert.ok(Math.abs(get('query_p50:hybrid').current! - 0.040625) < 1e-9, String(get('query_p50:hybrid').current));
  assert.equal(get('query_p50:hybrid').level, 'ok');
  assert.deepEqual(snapshot.appendsByType, [
    { eventType: 'decision.made', total: 2 },
    { eventType: 'note.added', total: 1 },
  ]);

  const byReason = new Map(snapshot.degradations.map((d) => [d.reason, d]));
  assert.equal(byReason.size, 4);
  const graph = byReason.get('graph_unavailable')!;
  assert.deepEqual([graph.operation, graph.total, graph.rate, graph.isNew], ['query', 2, 1, true]);
  assert.equal(graph.alert?.rule.name, 'ZaxyGraphFallbacks');
  assert.equal(graph.alert?.condition, true);
  assert.ok(graph.createdAt !== null);
  assert.equal(byReason.get('embedding_provider_unavailable')!.alert?.rule.severity, 'warning');
  const unknown = byReason.get('brand_new_reason')!;
  assert.deepEqual([unknown.alert, unknown.knownReason], [null, false]);
  assert.equal(byReason.get('acme.tagger:Value"Error')!.operation, 'plugin_out_of_process');
  assert.equal(snapshot.degradationsRising, true);
  assert.deepEqual(snapshot.missingFamilies, []);
});
