import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createViewSelector,
  formatAction,
  formatBackups,
  formatDegradations,
  formatHeader,
  formatMetrics,
  formatNeo4j,
  formatSessions,
  neo4jFindings,
  preciseAge,
  shortAge,
  formatBytes,
  sourceStatus,
  viewTickMs,
} from '../../source/store/format.js';
import { reduceActionRun } from '../../source/actions/run-state.js';
import { createConsoleStore } from '../../source/store/state.js';
import { backup, backups, degradation, health, metrics, neo4jSnapshot, NOW, populatedStore, series, session, workspace } from '../ui/fixtures.js';

test('ages: seconds precision for staleness, minutes for data', () => {
  assert.equal(preciseAge(12_400), '12s');
  assert.equal(preciseAge(65_000), '1m 5s');
  assert.equal(preciseAge(2 * 3600_000 + 180_000), '2h 3m');
  assert.equal(preciseAge(-5), '0s');
  assert.equal(shortAge(30_000), '<1m');
  assert.equal(shortAge(5 * 60_000), '5m');
  assert.equal(shortAge(49 * 3600_000), '2d');
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(3 * 1024 * 1024), '3.0 MB');
  assert.equal(formatBytes(Number.MAX_SAFE_INTEGER), '8.0 PB');
  assert.equal(formatBytes(5e20), '444089 PB');
});

test('source status: waiting, ok, stale, down with retry, paused, disabled', () => {
  assert.equal(sourceStatus(null, NOW).text, 'waiting for first poll');
  assert.deepEqual(sourceStatus(health(), NOW), { text: 'ok', tone: 'ok', mark: 'ok', aging: false });
  const stale = sourceStatus(health({ lastOkAt: NOW - 12_000 }), NOW);
  assert.equal(stale.text, 'stale 12s');
  assert.equal(stale.tone, 'warn');
  const down = sourceStatus(health({ state: 'down', error: 'connect ECONNREFUSED 127.0.0.1:7687', nextPollAt: NOW + 7_500, staleSince: NOW - 40_000, lastOkAt: NOW - 40_000 }), NOW);
  assert.equal(down.text, 'down for 40s, retry in 8s: connect ECONNREFUSED 127.0.0.1:7687');
  assert.equal(down.mark, 'bad');
  assert.equal(sourceStatus(health({ state: 'paused', lastOkAt: NOW - 3000 }), NOW).text, 'paused, data 3s old');
  assert.equal(sourceStatus(health({ state: 'disabled', error: 'not configured (demo)' }), NOW).text, 'off');
});

test('an error message from a source cannot carry escape sequences into the status line', () => {
  const status = sourceStatus(health({ state: 'down', error: 'boom\x1b]0;owned\x07\x1b[2J' }), NOW);
  assert.equal(status.text, 'down, retry in 1s: boom');
  assert.ok(!status.text.includes('\x1b'));
});

test('sessions: broken chains first, with the seq; a rotated log is a new chain', () => {
  const view = formatSessions(
    {
      data: workspace([
        session({ session_id: 'a' }),
        session({ session_id: 'b', integrity: 'broken', broken_at_seq: 17, integrity_reason: 'Event 17 hash mismatch' }),
        session({ session_id: 'c', chain_restarted: 'truncated' }),
      ]),
      health: health(),
    },
    NOW,
    (id) => (id === 'a' ? 3 : null),
  );
  assert.deepEqual(view.rows.map((r) => r.key), ['b', 'a', 'c']);
  assert.equal(view.rows[0]!.cells.chain!.text, 'BROKEN at seq 17');
  assert.equal(view.rows[0]!.cells.chain!.mark, 'bad');
  assert.ok(view.rows[0]!.detail.body!.some((l) => l.includes('hash mismatch')));
  assert.equal(view.rows[2]!.cells.chain!.text, 'OK (new chain)');
  assert.equal(view.rows[2]!.cells.chain!.mark, 'ok');
  assert.equal(view.rows[1]!.cells.lag!.text, '3');
  assert.equal(view.rows[1]!.cells.lag!.mark, 'up');
  assert.equal(view.rows[1]!.cells.age!.text, '5m');
  assert.deepEqual(view.rows[0]!.target, { kind: 'session', sessionId: 'b', path: '/srv/zaxy/.eventloom/alpha.jsonl' });
});

test('sessions: hostile event types and ids are sanitised where they enter the view', () => {
  const view = formatSessions({ data: workspace([session({ session_id: 's\x1b[2J1', latest_type: 'x\x1b]0;t\x07y\u202e', latest_actor: '\x9b31mred' })]), health: health() }, NOW);
  const row = view.rows[0]!;
  assert.equal(row.cells.session!.text, 's1');
  assert.equal(row.cells.type!.text, 'xy');
  assert.equal(row.cells.actor!.text, 'red');
  assert.equal(row.key, 's\x1b[2J1', 'the key stays the raw id so actions get the real session');
});

test('sessions: no data yet, and a down source', () => {
  assert.equal(formatSessions({ data: null, health: null }, NOW).empty, 'reading Eventloom logs…');
  const down = formatSessions({ data: null, health: health({ state: 'down', error: 'ENOENT' }) }, NOW);
  assert.match(down.empty, /no data yet: the source has not answered/);
  assert.equal(down.status.tone, 'error');
});

test('backups: the newest one is judged against the threshold; checksum ✓/✗ in words too', () => {
  const old = backups([backup({ created_at: new Date(NOW - 30 * 3600_000).toISOString(), age_seconds: 30 * 3600, manifest: 'mismatch' })]);
  const view = formatBackups({ data: old, health: health() }, NOW);
  assert.equal(view.rows[0]!.cells.age!.tone, 'warn');
  assert.equal(view.rows[0]!.cells.age!.mark, 'warn');
  assert.deepEqual(view.rows[0]!.cells.checksum, { text: 'MISMATCH', tone: 'error', mark: 'bad' });
  assert.equal(view.rows[0]!.cells.contents!.text, 'unchecked');
  assert.equal(view.summary.find((f) => f.label === 'newest')!.tone, 'warn');
  const fresh = formatBackups({ data: backups([backup()]), health: health() }, NOW);
  assert.equal(fresh.rows[0]!.cells.age!.tone, 'muted');
  assert.equal(formatBackups({ data: backups([]), health: health() }, NOW).empty, 'no backups in /srv/zaxy/backups — b creates one');
});

test('backups: verified contents list each log, broken ones with their seq', () => {
  const entry = backup({
    contents: {
      archive: 'x',
      ok: false,
      member_count: 4,
      logs: [
        { name: '.eventloom/a.jsonl', ok: true, event_count: 10, latest_seq: 10, reason_code: null, broken_reason: null, broken_at_seq: null, broken_line: null },
        { name: '.eventloom/b.jsonl', ok: false, event_count: 5, latest_seq: 5, reason_code: 'hash_mismatch', broken_reason: 'Event 3 hash mismatch', broken_at_seq: 3, broken_line: 3 },
      ],
      unsafe_members: [],
      error: null,
      checked_at: new Date(NOW).toISOString(),
    },
  });
  const row = formatBackups({ data: backups([entry]), health: health() }, NOW).rows[0]!;
  assert.equal(row.cells.contents!.text, 'BROKEN');
  assert.ok(row.detail.body!.includes('BROKEN  .eventloom/b.jsonl at seq 3: Event 3 hash mismatch'));
  assert.equal(row.highlight, true);
});

test('metrics: level becomes tone and mark; no-data says so', () => {
  const view = formatMetrics(
    {
      data: metrics({
        series: [
          series({ id: 'query_p95:hybrid', label: 'query p95', level: 'alert', target: { metric: 'hybrid query latency', targetBelow: 0.2, alertAbove: 0.5 }, display: { current: '620 ms', min: '80 ms', max: '700 ms', total: null } }),
          series({ id: 'upsert_rate', label: 'upserts', noData: true, level: 'no-data' }),
        ],
      }),
      health: health(),
    },
    NOW,
  );
  assert.deepEqual(view.rows[0]!.cells.current, { text: '620 ms', tone: 'error', mark: 'bad' });
  assert.equal(view.rows[0]!.cells.target!.text, '< 200 ms');
  assert.equal(view.rows[1]!.cells.current!.text, 'no data');
  assert.equal(view.rows[0]!.cells.trend!.spark!.length, 8);
});

test('degradations: firing severity, new pairs highlighted, alert rule in the detail', () => {
  const view = formatDegradations({ data: metrics({ degradations: [degradation({ isNew: true })] }), health: health() }, NOW);
  const row = view.rows[0]!;
  assert.deepEqual(row.cells.severity, { text: 'WARNING', tone: 'error', mark: 'bad' });
  assert.equal(row.highlight, true);
  assert.equal(row.cells.reason!.mark, 'new');
  const expression = row.detail.fields.find((f) => f.label === 'expression')!;
  assert.equal(expression.value, 'increase(zaxy_degraded_operations_total{reason=~"graph_.*"}[10m]) > 0');
  assert.ok(view.summary.some((f) => f.label === 'new' && f.value === '1'));
  const unknown = formatDegradations({ data: metrics({ degradations: [degradation({ alert: null, reason: 'weird\x1b[5m', knownReason: false })] }), health: health() }, NOW);
  assert.equal(unknown.rows[0]!.cells.severity!.text, 'none');
  assert.equal(unknown.rows[0]!.cells.reason!.text, 'weird');
});

test('header: OK, DEGRADED with the first reason, DOWN when Eventloom is unreadable', () => {
  const store = createConsoleStore({ publishIntervalMs: 0, meta: { root: '/srv/zaxy', env: 'production', backend: 'neo4j' } });
  store.set('workspace', { data: workspace([session()]), health: health() });
  store.set('backups', { data: backups([backup()]), health: health() });
  assert.equal(formatHeader(store.getState(), NOW).healthText, 'OK');
  assert.equal(formatHeader(store.getState(), NOW).clock, '18:30Z');
  const degraded = formatHeader(populatedStore().getState(), NOW);
  assert.equal(degraded.health, 'degraded');
  assert.equal(degraded.healthText, 'DEGRADED: chain broken in beta (+1 more)');
  store.set('workspace', { data: null, health: health({ state: 'down', error: 'EACCES' }) });
  assert.equal(formatHeader(store.getState(), NOW).healthText, 'DOWN: Eventloom unreadable: EACCES');
  store.set('workspace', { data: workspace([session()]), health: health() });
  store.set('neo4j', { data: null, health: health({ state: 'down', error: 'refused' }) });
  assert.equal(formatHeader(store.getState(), NOW).health, 'down');
});

test('action: a running step, bounded output, and the flow’s typed confirmation', () => {
  assert.equal(formatAction(null, NOW).running, false);
  let run = reduceActionRun(null, { type: 'action-start', runId: 'r', actionId: 'restore', title: 'Restore from backup', steps: [{ id: 'restore.verify', title: 'verify' }, { id: 'restore.run', title: 'run restore.sh' }], at: NOW - 4000, logFile: null });
  run = reduceActionRun(run, { type: 'step-start', stepId: 'restore.verify', title: 'verify', uninterruptible: false, at: NOW - 3000 });
  run = reduceActionRun(run, { type: 'line', stepId: 'restore.verify', stream: 'stderr', text: 'warn\x1b[31m!', at: NOW });
  run = reduceActionRun(run, { type: 'confirm', stepId: 'restore.verify', request: { prompt: 'Overwrite?', expected: 'zaxy-backup-1' } });
  const view = formatAction(run, NOW);
  assert.equal(view.title, 'Restore from backup · step 1/2 verify');
  assert.deepEqual(view.lines, ['! warn!']);
  assert.deepEqual(view.confirm, { prompt: 'Overwrite?', expected: 'zaxy-backup-1' });
  assert.equal(view.status.text, 'running 4s');
  assert.equal(view.status.aging, true);
});

test('the selector keeps each pane view identical until its own source changes', () => {
  const store = populatedStore();
  const select = createViewSelector();
  const first = select(store.getState(), NOW);
  assert.equal(select(store.getState(), NOW + 10), first, 'nothing changed: the same view object');
  store.set('backups', { data: backups([backup()]), health: health() });
  const second = select(store.getState(), NOW + 10);
  assert.notEqual(second.backups, first.backups);
  assert.equal(second.sessions, first.sessions);
  assert.equal(second.metrics, first.metrics);
  assert.equal(viewTickMs(second), 60_000, 'nothing counts seconds: tick once a minute');
  store.set('metrics', { data: store.getState().metrics.data, health: health({ state: 'down', error: 'x', nextPollAt: NOW + 5000 }) });
  assert.equal(viewTickMs(select(store.getState(), NOW + 20)), 1000);
});

test('neo4j: incidents first — status mismatch, FAILED index, long transaction, pending migration, lag', () => {
  const view = formatNeo4j({ data: neo4jSnapshot(), health: health() }, NOW);
  const incidents = view.rows.filter((r) => r.highlight).map((r) => r.key);
  assert.deepEqual(incidents, ['db:archive', 'idx:entity_vector', 'idx:entity_fulltext', 'tx:neo4j:neo4j-transaction-42', 'mig:006_source_citation_identity', 'lag:alpha']);
  assert.equal(view.rows.findIndex((r) => !r.highlight), incidents.length, 'healthy rows come after every incident');
  const archive = view.rows[0]!;
  assert.deepEqual(archive.cells.status, { text: 'offline', tone: 'error', mark: 'bad' });
  assert.equal(archive.cells.detail!.text, 'requested online but offline');
  assert.equal(view.rows.find((r) => r.key === 'idx:entity_vector')!.cells.detail!.text, 'Index population failed: out of disk');
  assert.equal(view.rows.find((r) => r.key === 'idx:entity_fulltext')!.cells.status!.text, 'POPULATING 45%');
  assert.equal(view.rows.find((r) => r.key === 'lag:alpha')!.cells.status!.text, 'lag 2');
  // Behind with its chain whole: the detail says how far, not that the head hash differs.
  assert.match(view.rows.find((r) => r.key === 'lag:alpha')!.cells.detail!.text, /^graph at seq \d+ of \d+ · chain intact$/);
  assert.equal(view.rows.find((r) => r.key === 'srv:(section)')!.cells.status!.text, 'n/a');
  assert.deepEqual(view.summary.map((f) => `${f.label}=${f.value}`), ['reachable=yes', 'latency=3 ms', 'version=5.26.0 community', 'schema=001_entity_version_identity']);
});

test('neo4j: a projection with lost links says so, with the head hash verdict', () => {
  const base = neo4jSnapshot();
  const projection = base.projection.state === 'ok' ? base.projection.value : [];
  const lost = projection.map((p) => ({ ...p, projectionLag: 0, missingChainLinks: 1, nextEventEdges: p.nextEventEdges - 1, latestHashMatches: false, integrityOk: false }));
  const view = formatNeo4j({ data: neo4jSnapshot({ projection: { state: 'ok', value: lost } }), health: health() }, NOW);
  const row = view.rows.find((r) => r.key === `lag:${lost[0]!.sessionId}`)!;
  assert.equal(row.cells.status!.text, 'MISMATCH');
  assert.equal(row.cells.detail!.text, 'missing links 1 · hash DIFFERS');
});

test('neo4j: unreachable says why; disabled says "not configured"; a failed query is its own row', () => {
  const down = formatNeo4j({ data: neo4jSnapshot({ reachable: false, error: { kind: 'unavailable', message: 'connect ECONNREFUSED', code: null } as never }), health: health() }, NOW);
  assert.equal(down.empty, 'Neo4j unreachable — unavailable: connect ECONNREFUSED');
  assert.equal(down.rows.length, 0);
  assert.equal(formatNeo4j({ data: null, health: health({ state: 'disabled', error: 'not configured (demo)' }) }, NOW).empty, 'not configured (demo)');
  const failed = formatNeo4j({ data: neo4jSnapshot({ indexes: { state: 'error', error: 'SHOW INDEXES: permission denied' } }), health: health() }, NOW);
  assert.deepEqual(failed.rows.find((r) => r.key === 'idx:(section)')!.cells.status, { text: 'ERROR', tone: 'error', mark: 'bad' });
});

test('neo4j feeds projection lag into the sessions pane and a finding into the header', () => {
  const store = populatedStore();
  store.set('neo4j', { data: neo4jSnapshot(), health: health() });
  const view = createViewSelector()(store.getState(), NOW);
  assert.equal(view.sessions.rows.find((r) => r.key === 'alpha')!.cells.lag!.text, '2');
  assert.equal(view.sessions.rows.find((r) => r.key === 'gamma')!.cells.lag!.text, '0');
  assert.equal(view.sessions.rows.find((r) => r.key === 'beta')!.cells.lag!.text, '—');
  assert.deepEqual(neo4jFindings(store.getState().neo4j), ['Neo4j: database archive: requested online but offline (5 issues)']);
});

test('metrics: runbook targets Zaxy does not export are rows saying so, not guesses', () => {
  const view = formatMetrics({ data: metrics({ unmeasuredTargets: [{ metric: 'append latency', target: '< 50 ms', alertAt: '> 100 ms', why: 'Zaxy exports no append latency metric' }] }), health: health() }, NOW);
  const row = view.rows.at(-1)!;
  assert.equal(row.cells.label!.text, 'append latency');
  assert.deepEqual(row.cells.current, { text: 'n/a', tone: 'muted', mark: 'unknown' });
  assert.equal(row.cells.target!.text, '< 50 ms');
  assert.deepEqual(row.detail.body, ['Zaxy exports no append latency metric']);
});

test('a poll that finds nothing new keeps every view identical (no re-render)', () => {
  const store = populatedStore();
  const select = createViewSelector();
  const first = select(store.getState(), NOW);
  const copy = structuredClone(store.getState().workspace);
  store.set('workspace', copy);
  store.set('metrics', structuredClone(store.getState().metrics));
  assert.equal(select(store.getState(), NOW), first);
});

test('backups are listed newest first whatever order they arrive in', () => {
  const older = backup({ name: 'old', created_at: new Date(NOW - 40 * 3600_000).toISOString() });
  const newer = backup({ name: 'new', created_at: new Date(NOW - 3600_000).toISOString() });
  const view = formatBackups({ data: backups([older, newer]), health: health() }, NOW);
  assert.deepEqual(view.rows.map((r) => r.key), ['new', 'old']);
  assert.equal(view.rows[1]!.cells.age!.tone, 'muted', 'only the newest is judged against the threshold');
});
