// What one Neo4j poll produced, and which parts of it are incidents. Each part is a Section so a
// refused SHOW SERVERS (Community, 4.4) or an offline default database shows as "not available"
// next to the parts that did answer, instead of failing the whole source.
import type { Neo4jFailure } from './neo4j-errors.js';
import type { DatabaseStatus, IndexStatus, LongTransaction, ServerStatus, ServerVersion } from './neo4j-health.js';
import type { MigrationReport, ProjectionStatus } from './projection-status.js';

export type Section<T> =
  | { readonly state: 'ok'; readonly value: T }
  | { readonly state: 'unavailable'; readonly reason: string }
  | { readonly state: 'error'; readonly error: string };

export interface ServerIdentity extends ServerVersion {
  /** Bolt agent string, e.g. "Neo4j/5.26.30". */
  readonly agent: string | null;
  readonly address: string | null;
  readonly protocolVersion: string | null;
}

export interface Neo4jSnapshot {
  readonly checkedAt: number;
  /** The configured URI; Neo4j URIs carry no credentials, the password is never included. */
  readonly uri: string;
  readonly database: string;
  readonly reachable: boolean;
  readonly error: Neo4jFailure | null;
  /** Round trip of `RETURN 1` on the system database. */
  readonly latencyMs: number | null;
  readonly server: ServerIdentity | null;
  readonly databases: Section<readonly DatabaseStatus[]>;
  readonly servers: Section<readonly ServerStatus[]>;
  readonly indexes: Section<readonly IndexStatus[]>;
  readonly longTransactions: Section<readonly LongTransaction[]>;
  readonly migrations: Section<MigrationReport>;
  readonly projection: Section<readonly ProjectionStatus[]>;
}

export function ok<T>(value: T): Section<T> {
  return { state: 'ok', value };
}

export function unavailable<T>(reason: string): Section<T> {
  return { state: 'unavailable', reason };
}

export function failed<T>(error: string): Section<T> {
  return { state: 'error', error };
}

/** The snapshot the status command shows when the collector threw Neo4jUnreachableError. */
export function unreachableSnapshot(uri: string, database: string, failure: Neo4jFailure, checkedAt = Date.now()): Neo4jSnapshot {
  const reason = 'Neo4j is unreachable';
  return {
    checkedAt,
    uri,
    database,
    reachable: false,
    error: failure,
    latencyMs: null,
    server: null,
    databases: unavailable(reason),
    servers: unavailable(reason),
    indexes: unavailable(reason),
    longTransactions: unavailable(reason),
    migrations: unavailable(reason),
    projection: unavailable(reason),
  };
}

/**
 * One line per incident, for the status exit code and the TUI's alert list. "Not available"
 * sections are not incidents (Community has no SHOW SERVERS); failed queries are.
 */
export function neo4jIncidents(snapshot: Neo4jSnapshot): string[] {
  if (!snapshot.reachable) return [`neo4j unreachable (${snapshot.error?.kind ?? 'unknown'}): ${snapshot.error?.message ?? ''}`];
  const incidents: string[] = [];
  const sectionError = (name: string, section: Section<unknown>) => {
    if (section.state === 'error') incidents.push(`${name}: ${section.error}`);
  };
  sectionError('databases', snapshot.databases);
  sectionError('servers', snapshot.servers);
  sectionError('indexes', snapshot.indexes);
  sectionError('transactions', snapshot.longTransactions);
  sectionError('migrations', snapshot.migrations);
  sectionError('projection', snapshot.projection);
  if (snapshot.databases.state === 'ok') {
    for (const db of snapshot.databases.value) if (db.problem) incidents.push(`database ${db.name}: ${db.problem}`);
  }
  if (snapshot.servers.state === 'ok') {
    for (const server of snapshot.servers.value) if (server.problem) incidents.push(`server ${server.name}: ${server.problem}`);
  }
  if (snapshot.indexes.state === 'ok') {
    for (const index of snapshot.indexes.value) {
      if (index.flag === 'failed') incidents.push(`index ${index.name} FAILED${index.failureMessage ? `: ${index.failureMessage}` : ''}`);
    }
  }
  if (snapshot.longTransactions.state === 'ok') {
    for (const tx of snapshot.longTransactions.value) {
      incidents.push(`transaction ${tx.transactionId} on ${tx.database} running ${(tx.elapsedMs / 1000).toFixed(1)}s`);
    }
  }
  if (snapshot.migrations.state === 'ok') {
    for (const m of snapshot.migrations.value.migrations) if (m.state !== 'applied') incidents.push(`schema migration ${m.name}: ${m.state}`);
  }
  if (snapshot.projection.state === 'ok') {
    for (const p of snapshot.projection.value) {
      if (!p.integrityOk) {
        incidents.push(
          `projection ${p.sessionId}: lag=${p.projectionLag ?? 'n/a'} missing_chain_links=${p.missingChainLinks} hash_matches=${p.latestHashMatches}`,
        );
      }
    }
  }
  return incidents;
}
