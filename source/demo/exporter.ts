// The demo's Prometheus endpoint: the zaxy_* families of zaxy-ops §2 in a private prom-client
// registry, served on a free loopback port and answering any path, as prometheus_client does.
// prom-client takes ~60–90 ms to load and `zaxy-console demo` starts the exporter before the
// console opens, so the server listens at once (its URL goes into the demo's .env) and loads
// prom-client on the first scrape, which comes after the console's first frame. Records made
// before that are kept in order and replayed.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TrafficTick } from './traffic.js';

export interface DemoExporter {
  readonly url: string;
  recordAppend(eventType: string): void;
  record(tick: TrafficTick): void;
  close(): Promise<void>;
}

/** Records kept before prom-client is loaded; past this many it is loaded anyway (no scrape yet). */
const MAX_EARLY_RECORDS = 1000;

type Families = Awaited<ReturnType<typeof createFamilies>>;
type Recording = (families: Families) => void;

async function createFamilies() {
  const { Counter, Histogram, Registry } = await import('prom-client');
  const registry = new Registry();
  return {
    registry,
    appended: new Counter({ name: 'zaxy_events_appended_total', help: 'Total events appended to the event log', labelNames: ['event_type'], registers: [registry] }),
    queries: new Counter({ name: 'zaxy_queries_executed_total', help: 'Total memory queries executed', labelNames: ['source'], registers: [registry] }),
    duration: new Histogram({
      name: 'zaxy_query_duration_seconds',
      help: 'Memory query duration in seconds',
      labelNames: ['source'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
      registers: [registry],
    }),
    upserts: new Counter({ name: 'zaxy_graph_upserts_total', help: 'Total graph entity upserts', labelNames: ['entity_type'], registers: [registry] }),
    invalidations: new Counter({ name: 'zaxy_invalidations_total', help: 'Total fact invalidations', registers: [registry] }),
    degraded: new Counter({
      name: 'zaxy_degraded_operations_total',
      help: 'Operations that fell back to a degraded mode',
      labelNames: ['operation', 'reason'],
      registers: [registry],
    }),
  };
}

export async function startExporter(): Promise<DemoExporter> {
  let families: Families | null = null;
  let loading: Promise<Families> | null = null;
  const early: Recording[] = [];
  const load = () =>
    (loading ??= createFamilies().then((created) => {
      for (const apply of early.splice(0)) apply(created);
      families = created;
      return created;
    }));
  const apply = (record: Recording) => {
    if (families) return record(families);
    early.push(record);
    if (early.length >= MAX_EARLY_RECORDS) void load();
  };

  const server: Server = createServer((_request, response) => {
    load()
      .then(async ({ registry }) => ({ text: await registry.metrics(), contentType: registry.contentType }))
      .then(
        ({ text, contentType }) => {
          response.writeHead(200, { 'Content-Type': contentType });
          response.end(text);
        },
        (error: unknown) => {
          response.writeHead(500);
          response.end(String(error));
        },
      );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/metrics`,
    recordAppend: (eventType) => apply((f) => f.appended.inc({ event_type: eventType })),
    record: (tick) =>
      apply((f) => {
        for (const q of tick.queries) {
          f.queries.inc({ source: q.source });
          f.duration.observe({ source: q.source }, q.durationS);
        }
        for (const entityType of tick.upserts) f.upserts.inc({ entity_type: entityType });
        if (tick.invalidations > 0) f.invalidations.inc(tick.invalidations);
        for (const d of tick.degraded) f.degraded.inc({ operation: d.operation, reason: d.reason }, d.count);
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
