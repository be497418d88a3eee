// The demo's Prometheus endpoint: the zaxy_* families of zaxy-ops §2 in a private prom-client
// registry, served on a free loopback port and answering any path, as prometheus_client does.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Histogram, Registry } from 'prom-client';
import type { TrafficTick } from './traffic.js';

export interface DemoExporter {
  readonly url: string;
  recordAppend(eventType: string): void;
  record(tick: TrafficTick): void;
  close(): Promise<void>;
}

export async function startExporter(): Promise<DemoExporter> {
  const registry = new Registry();
  const appended = new Counter({ name: 'zaxy_events_appended_total', help: 'Total events appended to the event log', labelNames: ['event_type'], registers: [registry] });
  const queries = new Counter({ name: 'zaxy_queries_executed_total', help: 'Total memory queries executed', labelNames: ['source'], registers: [registry] });
  const duration = new Histogram({
    name: 'zaxy_query_duration_seconds',
    help: 'Memory query duration in seconds',
    labelNames: ['source'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
    registers: [registry],
  });
  const upserts = new Counter({ name: 'zaxy_graph_upserts_total', help: 'Total graph entity upserts', labelNames: ['entity_type'], registers: [registry] });
  const invalidations = new Counter({ name: 'zaxy_invalidations_total', help: 'Total fact invalidations', registers: [registry] });
  const degraded = new Counter({
    name: 'zaxy_degraded_operations_total',
    help: 'Operations that fell back to a degraded mode',
    labelNames: ['operation', 'reason'],
    registers: [registry],
  });

  const server: Server = createServer((_request, response) => {
    registry.metrics().then(
      (text) => {
        response.writeHead(200, { 'Content-Type': registry.contentType });
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
    recordAppend: (eventType) => appended.inc({ event_type: eventType }),
    record(tick) {
      for (const q of tick.queries) {
        queries.inc({ source: q.source });
        duration.observe({ source: q.source }, q.durationS);
      }
      for (const entityType of tick.upserts) upserts.inc({ entity_type: entityType });
      if (tick.invalidations > 0) invalidations.inc(tick.invalidations);
      for (const d of tick.degraded) degraded.inc({ operation: d.operation, reason: d.reason }, d.count);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
