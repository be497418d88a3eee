// Zaxy's own verdicts on its Neo4j projection, recomputed here so the console agrees with
// `zaxy memory status --graph` and `zaxy schema` to the field. The formulas follow zaxy/graph.py
// (inspect_event_projection_status) and zaxy/schema.py (schema_migration_status) of zaxy-memory 3.2.
import type { WorkspaceSnapshot } from './workspace.js';

/** The Eventloom side of one session: what the log says its head is. */
export interface SessionHead {
  readonly sessionId: string;
  /** null when the log has no events. */
  readonly latestSeq: number | null;
  readonly latestHash: string | null;
  /** The log, to read its head again when the graph is ahead of this one. */
  readonly path?: string;
}

/** The heads of a workspace scan's sessions (with their paths, to be read again if need be). */
export function sessionHeads(workspace: WorkspaceSnapshot | null): SessionHead[] {
  return (workspace?.sessions ?? []).map((s) => ({ sessionId: s.session_id, latestSeq: s.latest_seq, latestHash: s.latest_hash, path: s.path }));
}

/** What the projection-status query reads from the graph for one session. */
export interface GraphEventCounts {
  readonly eventCount: number;
  readonly latestSeq: number | null;
  readonly latestHash: string | null;
  readonly nextEventEdges: number;
  readonly previousEventEdges: number;
  readonly missingChainLinks: number;
}

/** One session's projection status; field meanings match Zaxy's GraphEventProjectionStatus. */
export interface ProjectionStatus extends GraphEventCounts {
  readonly sessionId: string;
  readonly eventloomLatestSeq: number | null;
  readonly eventloomLatestHash: string | null;
  /** Events in the log not yet in the graph; null when the log is empty. */
  readonly projectionLag: number | null;
  readonly latestHashMatches: boolean;
  readonly integrityOk: boolean;
}

export function projectionStatus(head: SessionHead, graph: GraphEventCounts): ProjectionStatus {
  const projectionLag = projectionLagOf(head.latestSeq, graph.latestSeq);
  // Zaxy treats an unknown log hash as a match: there is nothing to contradict the graph.
  const latestHashMatches = head.latestHash === null ? true : graph.latestHash === head.latestHash;
  const expectedEdges = Math.max(0, graph.eventCount - 1);
  const integrityOk =
    graph.missingChainLinks === 0 &&
    latestHashMatches &&
    (projectionLag === null || projectionLag === 0) &&
    graph.nextEventEdges === expectedEdges &&
    graph.previousEventEdges === expectedEdges;
  return {
    sessionId: head.sessionId,
    ...graph,
    eventloomLatestSeq: head.latestSeq,
    eventloomLatestHash: head.latestHash,
    projectionLag,
    latestHashMatches,
    integrityOk,
  };
}

/** max(0, log − graph): a graph ahead of its log (e.g. a restored older log) is not "negative lag". */
export function projectionLagOf(logLatestSeq: number | null, graphLatestSeq: number | null): number | null {
  if (logLatestSeq === null) return null;
  return Math.max(0, logLatestSeq - (graphLatestSeq ?? 0));
}

export interface KnownMigration {
  readonly name: string;
  readonly statementCount: number;
  /** sha256 of the statements joined by a blank line, as Zaxy records it. */
  readonly checksum: string;
}

/** zaxy-memory 3.2's SCHEMA_MIGRATIONS; a test recomputes these from the installed Zaxy. */
export const KNOWN_MIGRATIONS: readonly KnownMigration[] = [
  { name: '001_entity_version_identity', statementCount: 4, checksum: '6102e97439b59de0ba40dd4ec7e85d97102e3098841bcb7bdb61c01828260a2c' },
  { name: '002_entity_vector', statementCount: 1, checksum: 'ae94238a86b6d4c0f2bd5cc73552925f596cb8e38cbb2011631414d5d7cf5a90' },
  { name: '003_entity_fulltext', statementCount: 1, checksum: '0f6f97ec2c9f37fe8fe3cc2e9abecdde5515c8143df57d346627fde4c0a88458' },
  { name: '004_provenance_backbone', statementCount: 3, checksum: '8871c58fe193d59a2cb7bb9067f1e76607aae0e5a5074c4b3cd15357b8426c63' },
  { name: '005_event_hash_chain', statementCount: 1, checksum: 'f924edf53079eee6e96024d86190cf747ca65ca691737ec8948926141e161f96' },
  { name: '006_source_citation_identity', statementCount: 1, checksum: 'c6c644c66636486992da9b7067374661572fb5961dbb63089c9f1d244935181f' },
];

/** A `ZaxySchemaMigration` node as read from the graph. */
export interface MigrationRecord {
  readonly name: string;
  readonly checksum: string | null;
  readonly statementCount: number | null;
  /** ISO text of `applied_at`, when present. */
  readonly appliedAt: string | null;
}

export type MigrationState = 'applied' | 'pending' | 'partial' | 'checksum_mismatch';

export interface MigrationStatus {
  readonly name: string;
  readonly state: MigrationState;
  readonly appliedAt: string | null;
}

export interface MigrationReport {
  readonly migrations: readonly MigrationStatus[];
  /** Recorded names this console does not know: a newer Zaxy wrote them. */
  readonly unknown: readonly string[];
  /** The last known migration in order that is applied, like `zaxy schema-plan`'s version line. */
  readonly currentVersion: string | null;
  readonly ok: boolean;
}

/** Zaxy's schema_migration_status classification, plus names we do not know. */
export function migrationReport(records: readonly MigrationRecord[], known: readonly KnownMigration[] = KNOWN_MIGRATIONS): MigrationReport {
  const byName = new Map(records.map((r) => [r.name, r]));
  const migrations = known.map((migration): MigrationStatus => {
    const record = byName.get(migration.name);
    if (!record) return { name: migration.name, state: 'pending', appliedAt: null };
    const checksumOk = record.checksum === migration.checksum;
    const countOk = record.statementCount === migration.statementCount;
    const state: MigrationState = checksumOk && countOk ? 'applied' : !checksumOk && countOk ? 'checksum_mismatch' : 'partial';
    return { name: migration.name, state, appliedAt: record.appliedAt };
  });
  const knownNames = new Set(known.map((m) => m.name));
  const unknown = records.map((r) => r.name).filter((name) => !knownNames.has(name)).sort();
  const applied = migrations.filter((m) => m.state === 'applied');
  return {
    migrations,
    unknown,
    currentVersion: applied.at(-1)?.name ?? null,
    ok: migrations.every((m) => m.state === 'applied'),
  };
}
