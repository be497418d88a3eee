// A real prom-client exporter for tests: its own Registry with the zaxy_* families (Zaxy's bucket
// layout), served over HTTP on a free loopback port. Tests move the counters and histograms and
// scrape it like the console would, in text 0.0.4 or OpenMetrics.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import client from 'prom-client';

/** Zaxy's Histogram buckets (prometheus_client defaults), zaxy-ops.md §2. */
export const ZAXY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

export interface PromFixture {
  readonly url: string;
  /** `host:port`, for a Prometheus scrape target. */
  readonly target: string;
  readonly registry: client.Registry<client.RegistryContentType>;
  readonly appended: client.Counter<'event_type'>;
  readonly queries: client.Counter<'source'>;
  readonly queryDuration: client.Histogram<'source'>;
  readonly upserts: client.Counter<'entity_type'>;
  readonly invalidations: client.Counter;
  readonly degraded: client.Counter<'operation' | 'reason'>;
  /** Records a query like Zaxy's `record_query`: count and duration together. */
  recordQuery(seconds: number, source?: string): void;
  /** Switches the exposition between text 0.0.4 and OpenMetrics. */
  useOpenMetrics(on: boolean): void;
  /** Resets every metric, like an exporter restart. */
  reset(): void;
  /** Scrapes served so far. */
  scrapes(): number;
  /** Stops listening (connections refused) until `restart`, keeping the port. */
  stopServing(): Promise<void>;
  /** Listens again on the same port, with every metric reset like a restarted process. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

const closeServer = (server: Server) =>
  new Promise<void>((resolve, reject) => {
    server.closeAllConnections();
    server.close((error) => (error ? reject(error) : resolve()));
  });

export async function startPromFixture(): Promise<PromFixture> {
  const registry = new client.Registry<client.RegistryContentType>();
  const registers = [registry];
  const appended = new client.Counter({ name: 'zaxy_events_appended_total', help: 'Total events appended to Eventloom', labelNames: ['event_type'], registers });
  const queries = new client.Counter({ name: 'zaxy_queries_executed_total', help: 'Total queries executed', labelNames: ['source'], registers });
  const queryDuration = new client.Histogram({ name: 'zaxy_query_duration_seconds', help: 'Query execution time', labelNames: ['source'], buckets: ZAXY_BUCKETS, registers });
  const upserts = new client.Counter({ name: 'zaxy_graph_upserts_total', help: 'Total graph upserts', labelNames: ['entity_type'], registers });
  const invalidations = new client.Counter({ name: 'zaxy_invalidations_total', help: 'Total entity invalidations', registers });
  const degraded = new client.Counter({ name: 'zaxy_degraded_operations_total', help: 'Total degraded operations and fallback paths', labelNames: ['operation', 'reason'], registers });
  let served = 0;
  const server: Server = createServer((_request, response) => {
    served++;
    registry.metrics().then(
      (text) => {
        response.writeHead(200, { 'content-type': registry.contentType });
        response.end(text);
      },
      (error: unknown) => {
        response.writeHead(500);
        response.end(String(error));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/metrics`,
    target: `127.0.0.1:${port}`,
    registry,
    appended,
    queries,
    queryDuration,
    upserts,
    invalidations,
    degraded,
    recordQuery(seconds, source = 'hybrid') {
      queries.inc({ source });
      queryDuration.observe({ source }, seconds);
    },
    useOpenMetrics(on) {
      registry.setContentType(on ? client.openMetricsContentType : client.prometheusContentType);
    },
    reset() {
      registry.resetMetrics();
    },
    scrapes: () => served,
    stopServing: () => closeServer(server),
    async restart() {
      registry.resetMetrics();
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
    close: () => (server.listening ? closeServer(server) : Promise.resolve()),
  };
}
