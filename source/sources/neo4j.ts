// The Neo4j source: one driver, read-only queries against `system` first (so an offline default
// database still shows up as a finding, not as "Neo4j down"), then the default database's
// indexes, Zaxy's schema migrations and per-session projection status.
import { existsSync } from 'node:fs';
import neo4j, { type Driver, type EagerResult } from 'neo4j-driver';
import type { ConsoleConfig } from '../config.js';
import { ConsoleError } from '../errors.js';
import { Neo4jQueryTimeoutError, Neo4jUnreachableError, classifyNeo4jError, isConnectivityFailure } from './neo4j-errors.js';
import {
  databaseStatus,
  indexStatus,
  longTransactions,
  serverStatus,
  serverVersion,
  supportsScopedSubqueries,
  supportsShowServers,
  type DatabaseStatus,
  type Row,
  type ServerStatus,
  type ServerVersion,
} from './neo4j-health.js';
import { APP_NAME, COMPONENTS, DATABASES, INDEXES, MIGRATIONS, PING, SERVERS, TRANSACTIONS, projectionStatusQuery } from './neo4j-queries.js';
import { failed, ok, unavailable, type Neo4jSnapshot, type Section, type ServerIdentity } from './neo4j-snapshot.js';
import type { Collector } from './poller.js';
import { migrationReport, projectionStatus, type GraphEventCounts, type MigrationRecord, type SessionHead } from './projection-status.js';
import { readSessionHead } from './session-head.js';

export interface Neo4jSourceConfig {
  readonly uri: string;
  readonly user: string;
  readonly password: string;
  /** Zaxy's projection database (NEO4J_DATABASE, default `neo4j`). */
  readonly database: string;
  /** NEO4J_CA_CERT: a private CA for a plain bolt:// or neo4j:// URI. */
  readonly caCert?: string;
  /** NEO4J_TRUST_ALL: encrypt but accept any certificate. */
  readonly trustAll?: boolean;
  /** Deadline for each query, enforced client-side and sent as the transaction timeout. */
  readonly queryTimeoutMs: number;
  /** Transactions open at least this long are reported. */
  readonly longTransactionMs: number;
  /** The Eventloom heads to compare the graph against (from the workspace source). */
  readonly sessions: () => readonly SessionHead[] | Promise<readonly SessionHead[]>;
}

/** Transactions open at least this long are listed as long-running (the console's own excluded). */
export const LONG_TRANSACTION_MS = 30_000;

/** Zaxy's NEO4J_* settings as the collector takes them: one mapping for the console and `status`. */
export function neo4jSourceConfig(
  config: ConsoleConfig,
  queryTimeoutMs: number,
  sessions: Neo4jSourceConfig['sessions'],
): Neo4jSourceConfig {
  const { neo4j: settings } = config;
  return {
    uri: settings.uri.value,
    user: settings.user.value,
    password: settings.password.reveal() ?? '',
    database: settings.database.value,
    ...(settings.caCert.value ? { caCert: settings.caCert.value } : {}),
    trustAll: settings.trustAll.value,
    queryTimeoutMs,
    longTransactionMs: LONG_TRANSACTION_MS,
    sessions,
  };
}

const SYSTEM = 'system';

export function createNeo4jCollector(config: Neo4jSourceConfig): Collector<Neo4jSnapshot> {
  const driver = createDriver(config);
  return {
    collect: (signal) => collectSnapshot(driver, config, signal),
    close: () => driver.close(),
  };
}

/** Driver settings from terminal-ui-notes.md §8: a dead server must be reported in ~3 s, not 33 s. */
/**
 * The heads come from the workspace's last scan. A graph ahead of one is most often a log that grew
 * since (Zaxy projects as it appends), so that log's head is read again before the two are judged.
 */
async function currentHead(head: SessionHead, graph: GraphEventCounts): Promise<SessionHead> {
  if (head.path === undefined || graph.latestSeq === null || (head.latestSeq !== null && graph.latestSeq <= head.latestSeq)) return head;
  return (await readSessionHead(head.sessionId, head.path)) ?? head;
}

function createDriver(config: Neo4jSourceConfig): Driver {
  const scheme = /^(neo4j|bolt)(\+s|\+ssc)?:\/\//.exec(config.uri);
  if (!scheme) {
    throw new ConsoleError('NEO4J_URI_INVALID', `NEO4J_URI is not a Neo4j URI: ${config.uri}`, {
      hint: 'use bolt://host:7687 or neo4j://host:7687 (+s / +ssc for TLS)',
    });
  }
  const tlsInUri = scheme[2] !== undefined;
  if (tlsInUri && (config.trustAll || config.caCert)) {
    throw new ConsoleError('NEO4J_TLS_CONFLICT', `NEO4J_URI ${config.uri} already selects TLS, so NEO4J_CA_CERT / NEO4J_TRUST_ALL cannot also be set`, {
      hint: 'use a plain bolt:// or neo4j:// URI with the certificate settings, or drop them',
    });
  }
  if (config.caCert && !config.trustAll && !existsSync(config.caCert)) {
    throw new ConsoleError('NEO4J_CA_CERT_MISSING', `NEO4J_CA_CERT does not exist: ${config.caCert}`, {
      hint: 'unset NEO4J_CA_CERT for a plain local bolt:// Neo4j or point it at the CA file',
    });
  }
  // Zaxy's precedence: trust-all wins over a CA file.
  const tls = config.trustAll
    ? { encrypted: 'ENCRYPTION_ON' as const, trust: 'TRUST_ALL_CERTIFICATES' as const }
    : config.caCert
      ? { encrypted: 'ENCRYPTION_ON' as const, trust: 'TRUST_CUSTOM_CA_SIGNED_CERTIFICATES' as const, trustedCertificates: [config.caCert] }
      : {};
  try {
    return neo4j.driver(config.uri, neo4j.auth.basic(config.user, config.password), {
      ...tls,
      connectionTimeout: Math.min(3000, config.queryTimeoutMs),
      connectionAcquisitionTimeout: 3000,
      // No driver retries: the poller already retries with back-off, and a retried refusal
      // would report a dead server seconds late.
      maxTransactionRetryTime: 0,
      maxConnectionPoolSize: 4,
      disableLosslessIntegers: true,
    });
  } catch (error) {
    throw new ConsoleError('NEO4J_URI_INVALID', `NEO4J_URI cannot be used: ${classifyNeo4jError(error).message}`, { cause: error });
  }
}

type Run = (query: string, database: string, what: string, params?: Record<string, unknown>) => Promise<EagerResult>;

async function collectSnapshot(driver: Driver, config: Neo4jSourceConfig, signal: AbortSignal): Promise<Neo4jSnapshot> {
  const checkedAt = Date.now();
  const run: Run = (query, database, what, params = {}) => {
    const pending = driver.executeQuery(query, params, {
      database,
      routing: neo4j.routing.READ,
      transactionConfig: { timeout: config.queryTimeoutMs, metadata: { app: APP_NAME } },
    });
    return withDeadline(pending, config.queryTimeoutMs, what, signal);
  };

  let components: EagerResult;
  try {
    components = await run(COMPONENTS, SYSTEM, 'dbms.components()');
  } catch (error) {
    throw new Neo4jUnreachableError(classifyNeo4jError(error));
  }
  const version = serverVersion(rows(components));
  const server = identity(version, components);
  const pingStart = performance.now();
  await section(() => run(PING, SYSTEM, 'ping'));
  const latencyMs = Math.round((performance.now() - pingStart) * 10) / 10;

  const databases = await section(async () => rows(await run(DATABASES, SYSTEM, 'SHOW DATABASES')).map(databaseStatus));
  const servers = await serversSection(run, version);
  const longTx = await section(async () =>
    longTransactions(rows(await run(TRANSACTIONS, SYSTEM, 'SHOW TRANSACTIONS')), config.longTransactionMs, APP_NAME),
  );

  const offline = targetUnavailable(config.database, databases);
  const db = config.database;
  const indexes = offline
    ? unavailable<never>(offline)
    : await section(async () => rows(await run(INDEXES, db, 'SHOW INDEXES')).map(indexStatus));
  const migrations = offline
    ? unavailable<never>(offline)
    : await section(async () => migrationReport(rows(await run(MIGRATIONS, db, 'schema migrations')).map(migrationRecord)));
  const projection = offline
    ? unavailable<never>(offline)
    : await section(async () => {
        const query = projectionStatusQuery(supportsScopedSubqueries(version));
        const heads = await config.sessions();
        const statuses = [];
        for (const head of heads) {
          const result = await run(query, db, `projection status of ${head.sessionId}`, { session_id: head.sessionId });
          const counts = graphCounts(rows(result)[0] ?? {});
          statuses.push(projectionStatus(await currentHead(head, counts), counts));
        }
        return statuses;
      });

  return {
    checkedAt,
    uri: config.uri,
    database: db,
    reachable: true,
    error: null,
    latencyMs,
    server,
    databases,
    servers,
    indexes,
    longTransactions: longTx,
    migrations,
    projection,
  };
}

/**
 * A failed query becomes that section's error, except a lost connection: then the server is gone
 * mid-poll and the poll as a whole fails, so the poller backs off.
 */
async function section<T>(work: () => Promise<T>): Promise<Section<T>> {
  try {
    return ok(await work());
  } catch (error) {
    if (isConnectivityFailure(error)) throw new Neo4jUnreachableError(classifyNeo4jError(error));
    return failed(classifyNeo4jError(error).message);
  }
}

async function serversSection(run: Run, version: ServerVersion): Promise<Section<readonly ServerStatus[]>> {
  if (!supportsShowServers(version)) return unavailable(`SHOW SERVERS needs Neo4j 5 or later (server is ${version.version})`);
  const result = await section(async () => rows(await run(SERVERS, SYSTEM, 'SHOW SERVERS')).map(serverStatus));
  if (result.state !== 'error') return result;
  if (/unsupported administration command/i.test(result.error)) return unavailable(`not available on ${version.edition} edition`);
  if (/permission|not allowed|denied/i.test(result.error)) return unavailable(`not permitted: ${result.error}`);
  return result;
}

/** Why the target database cannot be queried, or null when it looks online (or we cannot tell). */
export function targetUnavailable(name: string, databases: Section<readonly DatabaseStatus[]>): string | null {
  if (databases.state !== 'ok') return null;
  const rows = databases.value.filter((db) => db.name === name);
  if (rows.length === 0) return `database ${name} does not exist`;
  if (rows.some((db) => db.currentStatus.toLowerCase() === 'online')) return null;
  const row = rows[0]!;
  return `database ${name} is ${row.currentStatus}${row.statusMessage ? `: ${row.statusMessage}` : ''}`;
}

function rows(result: EagerResult): Row[] {
  return result.records.map((record) => record.toObject() as Row);
}

function identity(version: ServerVersion, result: EagerResult): ServerIdentity {
  const info = result.summary.server;
  const protocol = info.protocolVersion;
  return {
    ...version,
    agent: info.agent ?? null,
    address: info.address ?? null,
    protocolVersion: protocol ? `${protocol.getMajor()}.${protocol.getMinor()}` : null,
  };
}

function migrationRecord(row: Row): MigrationRecord {
  return {
    name: typeof row.name === 'string' ? row.name : '?',
    checksum: typeof row.checksum === 'string' ? row.checksum : null,
    statementCount: typeof row.statement_count === 'number' ? row.statement_count : null,
    appliedAt: typeof row.applied_at === 'string' ? row.applied_at : null,
  };
}

/** Mirrors Zaxy's _int_record_value / _optional_*: anything not of the expected type reads as 0 / null. */
export function graphCounts(row: Row): GraphEventCounts {
  const count = (key: string) => (typeof row[key] === 'number' ? row[key] : 0);
  return {
    eventCount: count('event_count'),
    latestSeq: typeof row.latest_seq === 'number' ? row.latest_seq : null,
    latestHash: typeof row.latest_hash === 'string' ? row.latest_hash : null,
    nextEventEdges: count('next_event_edges'),
    previousEventEdges: count('previous_event_edges'),
    missingChainLinks: count('missing_chain_links'),
  };
}

/** Settles with `work`, or rejects at the deadline or on abort; a late rejection is swallowed. */
export function withDeadline<T>(work: Promise<T>, timeoutMs: number, what: string, signal?: AbortSignal): Promise<T> {
  work.catch(() => undefined);
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason instanceof Error ? signal.reason : new Neo4jQueryTimeoutError(what, timeoutMs));
      return;
    }
    const onAbort = () => {
      cleanup();
      reject(signal?.reason instanceof Error ? signal.reason : new Neo4jQueryTimeoutError(what, timeoutMs));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Neo4jQueryTimeoutError(what, timeoutMs));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        cleanup();
        resolve(value);
      },
      (error: unknown) => {
        cleanup();
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
