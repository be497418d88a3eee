// The Neo4j source as `status` needs it: built only for PROJECTION_BACKEND=neo4j, fed the
// Eventloom heads of the same round (so projection lag compares graph and log at one moment), and
// reduced to the stable snake_case summary. An unreachable server is a `down` outcome whose
// error code says which kind (auth, TLS, refused, timeout).
import type { ConsoleConfig } from '../config.js';
import { ConsoleError, EXIT } from '../errors.js';
import { createNeo4jCollector, neo4jSourceConfig } from '../sources/neo4j.js';
import { Neo4jUnreachableError } from '../sources/neo4j-errors.js';
import { neo4jIncidents, unavailable, type Neo4jSnapshot } from '../sources/neo4j-snapshot.js';
import type { Collector } from '../sources/poller.js';
import type { SessionHead } from '../sources/projection-status.js';
import type { Neo4jSummary } from './types.js';

/** Transactions open at least this long are incidents (the runbook's "slow" checklist). */


/** Pure. Projection problems are judged from `projection`; `incidents` holds everything else. */
export function summarizeNeo4j(snapshot: Neo4jSnapshot): Neo4jSummary {
  const projection = snapshot.projection.state === 'ok' ? snapshot.projection.value : [];
  return {
    uri: snapshot.uri,
    version: snapshot.server?.version ?? null,
    edition: snapshot.server?.edition ?? null,
    latency_ms: snapshot.latencyMs,
    projection: projection.map((p) => ({
      session_id: p.sessionId,
      projection_lag: p.projectionLag,
      integrity_ok: p.integrityOk,
      missing_chain_links: p.missingChainLinks,
      event_count: p.eventCount,
      latest_seq: p.latestSeq,
      eventloom_latest_seq: p.eventloomLatestSeq,
      latest_hash_matches: p.latestHashMatches,
      next_event_edges: p.nextEventEdges,
      previous_event_edges: p.previousEventEdges,
    })),
    projection_state: snapshot.projection.state === 'ok' ? 'ok' : snapshot.projection.state === 'error' ? `error: ${snapshot.projection.error}` : `unavailable: ${snapshot.projection.reason}`,
    incidents: neo4jIncidents({ ...snapshot, projection: unavailable('judged separately') }),
    detail: snapshot,
  };
}

export function createStatusNeo4j(
  config: ConsoleConfig,
  timeoutMs: number,
  heads: () => Promise<readonly SessionHead[]>,
): Collector<Neo4jSummary> {
  const collector = createNeo4jCollector(neo4jSourceConfig(config, timeoutMs, heads));
  return {
    async collect(signal) {
      try {
        return summarizeNeo4j(await collector.collect(signal));
      } catch (error) {
        if (error instanceof Neo4jUnreachableError) {
          throw new ConsoleError(`NEO4J_${error.kind.toUpperCase()}`, `${error.message} (${config.neo4j.uri.value})`, { exitCode: EXIT.failure, cause: error });
        }
        throw error;
      }
    },
    close: () => collector.close?.() ?? Promise.resolve(),
  };
}
