import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeStatus } from '../../source/status/verdict.js';
import { summarizeMetrics } from '../../source/status/metrics-summary.js';
import type { Neo4jSummary, ProjectionSessionSummary, StatusSources } from '../../source/status/types.js';
import type { SessionStatus, WorkspaceSnapshot } from '../../source/sources/workspace.js';
import type { BackupEntry, BackupsSnapshot } from '../../source/sources/backups.js';
import type { MetricsSnapshot, Degradation } from '../../source/metrics/snapshot.js';

const session = (over: Partial<SessionStatus> = {}): SessionStatus => ({
  session_id: 's', path: '/x/s.jsonl', size_bytes: 10, event_count: 3, latest_seq: 3, latest_hash: 'ab', latest_type: 't.x', latest_actor: 'a',
  latest_timestamp: 'z', integrity: 'ok', integrity_ok: true, integrity_reason: null, reason_code: null, broken_at_seq: null, broken_line: null,
  dialect: 'zaxy', chain_restarted: null, chain_restarted_at: null, verify_mode: 'full', bytes_verified: 10, ...over,
});
const workspace = (sessions: SessionStatus[]): WorkspaceSnapshot => ({ eventloom_path: '/x', session_count: sessions.length, total_events: 3, sessions, skipped_logs: [], collected_at: 'now' });
const backup = (over: Partial<BackupEntry> = {}): BackupEntry => ({
  name: 'zaxy-backup-a.tar.gz', path: '/b/zaxy-backup-a.tar.gz', size_bytes: 1, created_at: 'c', age_seconds: 60, manifest: 'ok', manifest_path: '/b/a.sha256', sha256: 'h', contents: null, ...over,
});
const backups = (entries: BackupEntry[], freshness: BackupsSnapshot['freshness'] = 'ok'): BackupsSnapshot => ({
  backup_dir: '/b', dir_exists: true, count: entries.length, newest: entries[0]?.name ?? null, newest_age_seconds: entries[0]?.age_seconds ?? null, max_age_seconds: 93600, freshness, backups: entries, collected_at: 'now',
});
const projected = (over: Partial<ProjectionSessionSummary>): ProjectionSessionSummary => ({
  session_id: 's', projection_lag: 0, integrity_ok: true, missing_chain_links: 0, event_count: 3, latest_seq: 3, eventloom_latest_seq: 3, latest_hash_matches: true, next_event_edges: 2, previous_event_edges: 2, ...over,
});
const neo4j = (over: Partial<Neo4jSummary>): Neo4jSummary => ({
  uri: 'bolt://x', version: '5.26.0', edition: 'community', latency_ms: 1, projection: [], projection_state: 'ok', incidents: [], detail: null, ...over,
});
const ok = <T>(data: T) => ({ state: 'ok' as const, duration_ms: 1, data });
const off = { state: 'not_configured' as const, reason: 'off' };
const healthy = (): StatusSources => ({
  neo4j: off, prometheus: off, pathlight: off,
  metrics: ok({ url: 'u', scrape_duration_ms: 1, sample_gap_ms: 1000, series: [], degradations: [], degradations_rising: false, missing_families: [] }),
  workspace: ok(workspace([session()])),
  backups: ok(backups([backup()])),
});

const cases: Array<[string, (s: StatusSources) => StatusSources, string[]]> = [
  ['all fine, unconfigured sources do not count', (s) => s, []],
  ['a source down', (s) => ({ ...s, metrics: { state: 'down', duration_ms: 5, error: 'refused', error_code: 'X' } }), ['source_down']],
  ['a broken chain', (s) => ({ ...s, workspace: ok(workspace([session({ integrity: 'broken', integrity_ok: false, broken_at_seq: 2, broken_line: 2, integrity_reason: 'Event 2 hash mismatch' })])) }), ['chain_broken']],
  ['a torn line being written is not a break', (s) => ({ ...s, workspace: ok(workspace([session({ integrity: 'pending', reason_code: 'partial_trailing_line' })])) }), []],
  ['an unreadable log', (s) => ({ ...s, workspace: ok({ ...workspace([session()]), skipped_logs: [{ path: '/x/u.jsonl', reason: 'could not read log: EACCES', kind: 'unreadable' }] }) }), ['log_unreadable']],
  ['a non-event jsonl is skipped like Zaxy does, not degraded', (s) => ({ ...s, workspace: ok({ ...workspace([session()]), skipped_logs: [{ path: '/x/n.jsonl', reason: 'first non-empty line is not valid JSON', kind: 'invalid' }] }) }), []],
  ['no backups', (s) => ({ ...s, backups: ok(backups([], 'missing')) }), ['backup_missing']],
  ['newest backup too old', (s) => ({ ...s, backups: ok(backups([backup({ age_seconds: 100_000 })], 'too_old')) }), ['backup_too_old']],
  ['newest manifest missing', (s) => ({ ...s, backups: ok(backups([backup({ manifest: 'missing' })])) }), ['backup_manifest']],
  ['corrupted contents', (s) => ({ ...s, backups: ok(backups([backup({ contents: { archive: 'a', ok: false, member_count: 1, logs: [], unsafe_members: [], error: 'x', checked_at: 'c' } })])) }), ['backup_contents']],
  ['projection lag (Zaxy marks it integrity_ok=false too; reported once)', (s) => ({ ...s, neo4j: ok(neo4j({ projection: [projected({ projection_lag: 2, integrity_ok: false })] })) }), ['projection_lag']],
  ['hash differs at equal seq', (s) => ({ ...s, neo4j: ok(neo4j({ projection: [projected({ integrity_ok: false, latest_hash_matches: false })] })) }), ['projection_integrity']],
  ['projection caught up', (s) => ({ ...s, neo4j: ok(neo4j({ projection: [projected({})] })) }), []],
  ['missing chain links', (s) => ({ ...s, neo4j: ok(neo4j({ projection: [projected({ integrity_ok: false, missing_chain_links: 1 })] })) }), ['projection_integrity']],
  ['a Neo4j incident (failed index)', (s) => ({ ...s, neo4j: ok(neo4j({ incidents: ['index event_hash FAILED'] })) }), ['neo4j_incident']],
  ['projection unreadable', (s) => ({ ...s, neo4j: ok(neo4j({ projection_state: 'unavailable: database neo4j is offline' })) }), ['projection_unreadable']],
  ['degradations rising', (s) => ({ ...s, metrics: ok({ url: 'u', scrape_duration_ms: 1, sample_gap_ms: 1000, series: [], degradations: [{ operation: 'query', reason: 'graph_unavailable', total: 3, increase: 1, rising: true, alert: 'ZaxyGraphFallbacks', alert_severity: 'warning', advice: 'a' }], degradations_rising: true, missing_families: [] }) }), ['degradations_rising']],
];

for (const [name, change, codes] of cases) {
  test(`verdict: ${name}`, () => {
    const { verdict, reasons } = judgeStatus(change(healthy()));
    const degraded = reasons.filter((r) => r.severity === 'degraded').map((r) => r.code);
    assert.deepEqual(degraded, codes);
    assert.equal(verdict, codes.length > 0 ? 'degraded' : 'healthy');
  });
}

test('verdict: warnings (rotation, an old mismatched backup, config findings) keep it healthy', () => {
  const s = healthy();
  const { verdict, reasons } = judgeStatus(
    { ...s, workspace: ok(workspace([session({ chain_restarted: 'truncated' })])), backups: ok(backups([backup(), backup({ name: 'zaxy-backup-0.tar.gz', manifest: 'mismatch' })])) },
    [{ key: 'NEO4J_PASSWORD_FILE', severity: 'warning', message: 'loose' }],
  );
  assert.equal(verdict, 'healthy');
  assert.deepEqual(reasons.map((r) => r.code), ['chain_restarted', 'backup_manifest', 'config_warning']);
});

test('verdict: a collector that rejects Zaxy\'s unauthenticated traces is a warning', () => {
  const pathlight = { health_url: 'h', status: 'ok' as const, service: 'pathlight-collector', latency_ms: 1, dashboard_url: 'd', trace_link_template: 't', api_auth: 'token_required' as const, token_accepted: false, collected_at: 'c' };
  const { verdict, reasons } = judgeStatus({ ...healthy(), pathlight: ok(pathlight) });
  assert.equal(verdict, 'healthy');
  assert.deepEqual(reasons.map((r) => [r.code, r.severity]), [['pathlight_token_required', 'warning'], ['pathlight_token_rejected', 'warning']]);
});

test('summarizeMetrics: rising means the total grew between the two scrapes', () => {
  const deg = (key: string, total: number): Degradation => ({
    key, operation: key.split('/')[0]!, reason: key.split('/')[1]!, total, rate: null, points: [], firstSeenAt: 0, createdAt: null, isNew: false, alert: null, knownReason: true, advice: 'do x', display: { total: '', rate: '' },
  });
  const snap = (at: number, degradations: Degradation[]): MetricsSnapshot => ({
    url: 'u', scrapedAt: at, scrapeDurationMs: 2, openMetrics: false, observedSeconds: 0, observedFrom: at, series: [], degradations, degradationsRising: false, appendsByType: [], noDataFamilies: [], missingFamilies: [], unmeasuredTargets: [],
  });
  const summary = summarizeMetrics(snap(1000, [deg('query/graph_unavailable', 2), deg('append/x', 5)]), snap(2000, [deg('query/graph_unavailable', 4), deg('append/x', 5), deg('query/new', 1)]));
  assert.deepEqual(summary.degradations.map((d) => [d.operation, d.reason, d.increase, d.rising]), [
    ['query', 'graph_unavailable', 2, true],
    ['append', 'x', 0, false],
    ['query', 'new', 1, true],
  ]);
  assert.equal(summary.sample_gap_ms, 1000);
  assert.equal(summarizeMetrics(null, snap(0, [deg('a/b', 9)])).degradations_rising, false, 'one scrape cannot show a rise');
});
