// Snapshots as the sources produce them, built small so each test states only what it is about.
import type { Degradation, MetricSeries, MetricsSnapshot } from '../../source/metrics/snapshot.js';
import type { BackupEntry, BackupsSnapshot } from '../../source/sources/backups.js';
import type { SourceHealth } from '../../source/sources/poller.js';
import { ok, unavailable, type Neo4jSnapshot } from '../../source/sources/neo4j-snapshot.js';
import type { SessionStatus, WorkspaceSnapshot } from '../../source/sources/workspace.js';
import { createConsoleStore, type ConsoleState, type ConsoleStore } from '../../source/store/state.js';

export const NOW = Date.parse('2026-11-28T18:30:00Z');

export function health(overrides: Partial<SourceHealth> = {}): SourceHealth {
  return {
    name: 'test',
    state: 'ok',
    lastOkAt: NOW - 1000,
    staleSince: null,
    error: null,
    consecutiveFailures: 0,
    distinctErrors: [],
    nextPollAt: NOW + 1000,
    lastDurationMs: 12,
    slowWarning: null,
    intervalMs: 2000,
    ...overrides,
  };
}

export function session(overrides: Partial<SessionStatus> = {}): SessionStatus {
  return {
    session_id: 'alpha',
    path: '/srv/zaxy/.eventloom/alpha.jsonl',
    size_bytes: 20480,
    event_count: 42,
    latest_seq: 42,
    latest_hash: 'ab'.repeat(32),
    latest_type: 'decision.made',
    latest_actor: 'agent-1',
    latest_timestamp: new Date(NOW - 5 * 60_000).toISOString(),
    integrity: 'ok',
    integrity_ok: true,
    integrity_reason: null,
    reason_code: null,
    broken_at_seq: null,
    broken_line: null,
    dialect: 'v1',
    chain_restarted: null,
    chain_restarted_at: null,
    verify_mode: 'incremental',
    bytes_verified: 512,
    ...overrides,
  };
}

export function workspace(sessions: SessionStatus[], overrides: Partial<WorkspaceSnapshot> = {}): WorkspaceSnapshot {
  return {
    eventloom_path: '/srv/zaxy/.eventloom',
    session_count: sessions.length,
    total_events: sessions.reduce((n, s) => n + s.event_count, 0),
    sessions,
    skipped_logs: [],
    collected_at: new Date(NOW).toISOString(),
    ...overrides,
  };
}

export function series(overrides: Partial<MetricSeries> = {}): MetricSeries {
  return {
    id: 'append_rate',
    label: 'append rate',
    unit: 'per_second',
    total: 1200,
    current: 3.5,
    min: 0.5,
    max: 9,
    level: 'none',
    target: null,
    noData: false,
    points: [1, 2, 3, 4, 5, 6, 7, 8].map((v, i) => ({ t: NOW - (8 - i) * 2000, v })),
    display: { current: '3.50/s', min: '0.50/s', max: '9.00/s', total: '1,200' },
    ...overrides,
  };
}

export function degradation(overrides: Partial<Degradation> = {}): Degradation {
  return {
    key: '{operation="query",reason="graph_unavailable"}',
    operation: 'query',
    reason: 'graph_unavailable',
    total: 17,
    rate: 0.2,
    points: [0, 0, 1, 3, 2].map((v, i) => ({ t: NOW - (5 - i) * 2000, v })),
    firstSeenAt: NOW - 120_000,
    createdAt: null,
    isNew: false,
    alert: {
      rule: { name: 'ZaxyGraphFallbacks', severity: 'warning', forSeconds: 300, selector: 'reason=~"graph_.*"' },
      condition: true,
      state: 'firing',
      since: NOW - 400_000,
    },
    knownReason: true,
    advice: 'Queries fell back because the graph projection could not be reached.',
    display: { total: '17', rate: '0.20/s' },
    ...overrides,
  };
}

export function metrics(overrides: Partial<MetricsSnapshot> = {}): MetricsSnapshot {
  return {
    url: 'http://127.0.0.1:9464/metrics',
    scrapedAt: NOW,
    scrapeDurationMs: 8,
    openMetrics: false,
    observedSeconds: 300,
    observedFrom: NOW - 300_000,
    series: [series()],
    degradations: [degradation()],
    degradationsRising: true,
    appendsByType: [],
    noDataFamilies: [],
    missingFamilies: [],
    unmeasuredTargets: [],
    ...overrides,
  };
}

export function backup(overrides: Partial<BackupEntry> = {}): BackupEntry {
  return {
    name: 'zaxy-backup-20261128T120000Z.tar.gz',
    path: '/srv/zaxy/backups/zaxy-backup-20261128T120000Z.tar.gz',
    size_bytes: 3 * 1024 * 1024,
    created_at: new Date(NOW - 6.5 * 3600_000).toISOString(),
    age_seconds: 6.5 * 3600,
    manifest: 'ok',
    manifest_path: '/srv/zaxy/backups/zaxy-backup-20261128T120000Z.sha256',
    sha256: 'cd'.repeat(32),
    contents: null,
    ...overrides,
  };
}

export function backups(entries: BackupEntry[], overrides: Partial<BackupsSnapshot> = {}): BackupsSnapshot {
  const newest = entries[0];
  return {
    backup_dir: '/srv/zaxy/backups',
    dir_exists: true,
    count: entries.length,
    newest: newest?.name ?? null,
    newest_age_seconds: newest?.age_seconds ?? null,
    max_age_seconds: 26 * 3600,
    freshness: newest ? (newest.age_seconds > 26 * 3600 ? 'too_old' : 'ok') : 'missing',
    backups: entries,
    collected_at: new Date(NOW).toISOString(),
    ...overrides,
  };
}

/** A store with every source healthy and a little data in each. */
export function populatedStore(options: { readOnly?: boolean } = {}): ConsoleStore {
  const store = createConsoleStore({ publishIntervalMs: 0, meta: { root: '/srv/zaxy', env: 'production', backend: 'neo4j', readOnly: options.readOnly ?? false } });
  store.set('workspace', {
    data: workspace([
      session(),
      session({ session_id: 'beta', path: '/srv/zaxy/.eventloom/beta.jsonl', integrity: 'broken', integrity_ok: false, broken_at_seq: 17, broken_line: 17, reason_code: 'hash_mismatch', integrity_reason: 'Event 17 hash mismatch: expected sha256:aaaa found sha256:bbbb' }),
      session({ session_id: 'gamma', path: '/srv/zaxy/.eventloom/gamma.jsonl', chain_restarted: 'truncated', latest_seq: 3, event_count: 3 }),
    ]),
    health: health(),
  });
  store.set('metrics', { data: metrics(), health: health() });
  store.set('backups', { data: backups([backup(), backup({ name: 'zaxy-backup-20261127T120000Z.tar.gz', path: '/srv/zaxy/backups/zaxy-backup-20261127T120000Z.tar.gz', manifest: 'mismatch', created_at: new Date(NOW - 30.5 * 3600_000).toISOString(), age_seconds: 30.5 * 3600 })]), health: health() });
  return store;
}

export function neo4jSnapshot(overrides: Partial<Neo4jSnapshot> = {}): Neo4jSnapshot {
  const db = (name: string, current = 'online', requested = 'online', problem: string | null = null) => ({
    name, address: 'localhost:7687', role: 'primary', access: 'read-write', requestedStatus: requested, currentStatus: current, statusMessage: '', isDefault: name === 'neo4j', isHome: name === 'neo4j', problem,
  });
  const index = (name: string, state = 'ONLINE', flag: 'failed' | 'populating' | null = null, populationPercent: number | null = 100) => ({
    name, type: 'RANGE', entityType: 'NODE', labelsOrTypes: ['Event'], properties: ['hash'], state, populationPercent, owningConstraint: null, failureMessage: flag === 'failed' ? 'Index population failed: out of disk' : null, flag,
  });
  const lag = (sessionId: string, graphSeq: number, logSeq: number) => ({
    sessionId, eventCount: graphSeq, latestSeq: graphSeq, latestHash: 'h', nextEventEdges: graphSeq - 1, previousEventEdges: graphSeq - 1, missingChainLinks: 0,
    eventloomLatestSeq: logSeq, eventloomLatestHash: 'h', projectionLag: Math.max(0, logSeq - graphSeq), latestHashMatches: true, integrityOk: logSeq === graphSeq,
  });
  return {
    checkedAt: NOW,
    uri: 'bolt://127.0.0.1:7687',
    database: 'neo4j',
    reachable: true,
    error: null,
    latencyMs: 3.2,
    server: { name: 'Neo4j Kernel', version: '5.26.0', edition: 'community', major: 5, minor: 26, agent: 'Neo4j/5.26.0', address: '127.0.0.1:7687', protocolVersion: '5.6' },
    databases: ok([db('neo4j'), db('system'), db('archive', 'offline', 'online', 'requested online but offline')]),
    servers: unavailable('SHOW SERVERS needs Enterprise'),
    indexes: ok([index('event_hash'), index('entity_vector', 'FAILED', 'failed', 0), index('entity_fulltext', 'POPULATING', 'populating', 45.5)]),
    longTransactions: ok([{ database: 'neo4j', transactionId: 'neo4j-transaction-42', username: 'neo4j', clientAddress: '10.0.0.5:5555', status: 'Running', elapsedMs: 95_000, currentQuery: 'MATCH (n) RETURN count(n)' }]),
    migrations: ok({ migrations: [{ name: '001_entity_version_identity', state: 'applied', appliedAt: '2026-11-01T00:00:00Z' }, { name: '006_source_citation_identity', state: 'pending', appliedAt: null }], unknown: [], currentVersion: '001_entity_version_identity', ok: false }),
    projection: ok([lag('alpha', 40, 42), lag('gamma', 3, 3)]),
    ...overrides,
  };
}

const later = (h: SourceHealth | null, dt: number): SourceHealth | null =>
  h && { ...h, lastOkAt: (h.lastOkAt ?? NOW) + dt, nextPollAt: (h.nextPollAt ?? NOW) + dt, lastDurationMs: (h.lastDurationMs ?? 0) + 7 };
const iso = (at: string, dt: number) => new Date(Date.parse(at) + dt).toISOString();

/**
 * One more poll of every source, `dt` ms later, that found nothing new: the store gets fresh
 * objects with new timings (lastOkAt, nextPollAt, durations, observed seconds, collection times,
 * sparkline point times).
 */
export function pollNothingNew(store: ConsoleStore, dt: number): void {
  const { workspace, metrics, backups } = structuredClone(store.getState());
  const next: Pick<ConsoleState, 'workspace' | 'metrics' | 'backups'> = {
    workspace: { data: workspace.data && { ...workspace.data, collected_at: iso(workspace.data.collected_at, dt) }, health: later(workspace.health, dt) },
    metrics: {
      data: metrics.data && {
        ...metrics.data,
        scrapedAt: metrics.data.scrapedAt + dt,
        scrapeDurationMs: metrics.data.scrapeDurationMs + 3,
        observedSeconds: metrics.data.observedSeconds + dt / 1000,
        // The rings move on by one scrape; at an idle exporter each value is the one it replaces.
        series: metrics.data.series.map((s) => ({ ...s, points: s.points.map((p) => ({ ...p, t: p.t + dt })) })),
        degradations: metrics.data.degradations.map((d) => ({ ...d, points: d.points.map((p) => ({ ...p, t: p.t + dt })) })),
      },
      health: later(metrics.health, dt),
    },
    backups: {
      data: backups.data && {
        ...backups.data,
        collected_at: iso(backups.data.collected_at, dt),
        newest_age_seconds: backups.data.newest_age_seconds === null ? null : backups.data.newest_age_seconds + dt / 1000,
        backups: backups.data.backups.map((b) => ({ ...b, age_seconds: b.age_seconds + dt / 1000 })),
      },
      health: later(backups.health, dt),
    },
  };
  store.set('workspace', next.workspace);
  store.set('metrics', next.metrics);
  store.set('backups', next.backups);
}
