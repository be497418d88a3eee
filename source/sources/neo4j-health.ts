// Turns rows of Neo4j's administration commands into the console's health records, and decides
// what is an incident (neo4j-health.md §3, §5). Rows arrive as plain objects (record.toObject())
// with integers already numbers, so everything here is pure and testable without a server.

export type Row = Readonly<Record<string, unknown>>;

export interface ServerVersion {
  readonly name: string;
  /** e.g. "5.26.28" or "2025.06.0". */
  readonly version: string;
  readonly edition: string;
  readonly major: number;
  readonly minor: number;
}

export interface DatabaseStatus {
  readonly name: string;
  readonly address: string | null;
  readonly role: string | null;
  readonly access: string | null;
  readonly requestedStatus: string;
  readonly currentStatus: string;
  readonly statusMessage: string;
  readonly isDefault: boolean;
  readonly isHome: boolean;
  /** Why this row is an incident, or null when current == requested and nothing is reported. */
  readonly problem: string | null;
}

export interface ServerStatus {
  readonly name: string;
  readonly address: string | null;
  readonly state: string | null;
  readonly health: string | null;
  readonly hosting: readonly string[];
  readonly problem: string | null;
}

export type IndexFlag = 'failed' | 'populating' | null;

export interface IndexStatus {
  readonly name: string;
  readonly type: string;
  readonly entityType: string | null;
  readonly labelsOrTypes: readonly string[];
  readonly properties: readonly string[];
  readonly state: string;
  readonly populationPercent: number | null;
  readonly owningConstraint: string | null;
  /** First line of the server's reason for a FAILED index (5.x); null when there is none. */
  readonly failureMessage: string | null;
  readonly flag: IndexFlag;
}

export interface LongTransaction {
  readonly database: string;
  readonly transactionId: string;
  readonly username: string | null;
  readonly clientAddress: string | null;
  readonly status: string;
  readonly elapsedMs: number;
  readonly currentQuery: string;
}

/** Reads `CALL dbms.components()`; the "Neo4j Kernel" row carries the DBMS version. */
export function serverVersion(rows: readonly Row[]): ServerVersion {
  const row = rows.find((r) => text(r.name) === 'Neo4j Kernel') ?? rows[0];
  const versions = Array.isArray(row?.versions) ? row.versions : [];
  const version = text(versions[0]) ?? 'unknown';
  const [major, minor] = version.split('.').map((part) => Number.parseInt(part, 10));
  return {
    name: text(row?.name) ?? 'Neo4j',
    version,
    edition: text(row?.edition) ?? 'unknown',
    major: Number.isFinite(major) ? major! : 0,
    minor: Number.isFinite(minor) ? minor! : 0,
  };
}

/** `CALL () { … }` scoped subqueries arrived in 5.23; older servers need the `CALL { … }` form. */
export function supportsScopedSubqueries(version: ServerVersion): boolean {
  return version.major > 5 || (version.major === 5 && version.minor >= 23);
}

/** SHOW SERVERS exists from 5.0 on (CalVer 2025.x counts as newer). */
export function supportsShowServers(version: ServerVersion): boolean {
  return version.major >= 5;
}

export function databaseStatus(row: Row): DatabaseStatus {
  const requestedStatus = text(row.requestedStatus) ?? 'unknown';
  const currentStatus = text(row.currentStatus) ?? 'unknown';
  // 4.4 calls the field `error`.
  const statusMessage = text(row.statusMessage) ?? text(row.error) ?? '';
  return {
    name: text(row.name) ?? '?',
    address: text(row.address),
    role: text(row.role),
    access: text(row.access),
    requestedStatus,
    currentStatus,
    statusMessage,
    isDefault: row.default === true,
    isHome: row.home === true,
    problem: databaseProblem(requestedStatus, currentStatus, statusMessage),
  };
}

/** Any mismatch, an `unknown` status, or a status message is an incident (Halin, ops manual). */
export function databaseProblem(requested: string, current: string, statusMessage: string): string | null {
  const detail = statusMessage.trim() === '' ? '' : `: ${statusMessage.trim()}`;
  if (current.toLowerCase() === 'unknown') return `status unknown${detail}`;
  if (current.toLowerCase() !== requested.toLowerCase()) return `${current}, requested ${requested}${detail}`;
  if (detail !== '') return statusMessage.trim();
  return null;
}

export function serverStatus(row: Row): ServerStatus {
  const state = text(row.state);
  const health = text(row.health);
  const problems = [
    health !== null && health.toLowerCase() !== 'available' ? health : null,
    state !== null && state.toLowerCase() !== 'enabled' && state.toLowerCase() !== 'free' ? state : null,
  ].filter((p): p is string => p !== null);
  return {
    name: text(row.name) ?? '?',
    address: text(row.address),
    state,
    health,
    hosting: strings(row.hosting),
    problem: problems.length > 0 ? problems.join(', ') : null,
  };
}

export function indexStatus(row: Row): IndexStatus {
  const state = text(row.state) ?? 'UNKNOWN';
  return {
    name: text(row.name) ?? '?',
    type: text(row.type) ?? '?',
    entityType: text(row.entityType),
    labelsOrTypes: strings(row.labelsOrTypes),
    properties: strings(row.properties),
    state,
    populationPercent: typeof row.populationPercent === 'number' ? row.populationPercent : null,
    owningConstraint: text(row.owningConstraint),
    failureMessage: firstLine(text(row.failureMessage)),
    flag: indexFlag(state),
  };
}

/** A FAILED index is written to but never read and never recovers by itself: always an incident. */
export function indexFlag(state: string): IndexFlag {
  switch (state.toUpperCase()) {
    case 'FAILED':
      return 'failed';
    case 'POPULATING':
      return 'populating';
    default:
      return null;
  }
}

/** Transactions running at least `thresholdMs`, longest first; the console's own are left out. */
export function longTransactions(rows: readonly Row[], thresholdMs: number, ownApp: string): LongTransaction[] {
  return rows
    .filter((row) => !isOwnTransaction(row, ownApp))
    .map(
      (row): LongTransaction => ({
        database: text(row.database) ?? '?',
        transactionId: text(row.transactionId) ?? '?',
        username: text(row.username),
        clientAddress: text(row.clientAddress),
        status: text(row.status) ?? '?',
        elapsedMs: durationMs(row.elapsedTime),
        currentQuery: text(row.currentQuery) ?? '',
      }),
    )
    .filter((tx) => tx.elapsedMs >= thresholdMs)
    .sort((a, b) => b.elapsedMs - a.elapsedMs);
}

function isOwnTransaction(row: Row, ownApp: string): boolean {
  const metadata = row.metaData;
  return typeof metadata === 'object' && metadata !== null && (metadata as Row).app === ownApp;
}

/** A Cypher Duration (months, days, seconds, nanoseconds) in milliseconds; months count as 30 days. */
export function durationMs(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  const d = value as Row;
  const n = (key: string) => (typeof d[key] === 'number' ? d[key] : 0);
  return ((n('months') * 30 + n('days')) * 86_400 + n('seconds')) * 1000 + n('nanoseconds') / 1e6;
}

function firstLine(value: string | null): string | null {
  const line = value?.split('\n')[0]?.trim() ?? '';
  return line === '' ? null : line;
}

export function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
