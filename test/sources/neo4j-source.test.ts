// The Neo4j source against a real Neo4j 5.26 Community, seeded by the real Zaxy: its schema
// migrations and projections come from Zaxy's reproject code, and the per-session figures are
// compared with what `zaxy memory status --graph --json` prints for the same server and logs.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { execa } from 'execa';
import neo4j, { type Driver } from 'neo4j-driver';
import { Neo4jUnreachableError } from '../../source/sources/neo4j-errors.js';
import { neo4jIncidents, type Neo4jSnapshot } from '../../source/sources/neo4j-snapshot.js';
import { createNeo4jCollector, type Neo4jSourceConfig } from '../../source/sources/neo4j.js';
import type { ProjectionStatus, SessionHead } from '../../source/sources/projection-status.js';
import { appendZaxyEvents, freePort, testNeo4j, zaxyGraphStatus, zaxyReproject, type Neo4jConnection } from '../support/neo4j.js';
import { zaxyInstall } from '../support/zaxy.js';

// Session ids and the probe index carry this file's name: the server may be shared by the run.
const SYNCED = 'nsrc-synced';
const LAGGING = 'nsrc-lagging';
const BROKEN = 'nsrc-broken';
const FAILED_INDEX = 'nsrc_failed_probe';

let connection: Neo4jConnection;
let release: () => Promise<void>;
let admin: Driver;
let logs: string;

/** The Eventloom heads as Zaxy's own `memory status` reads them (the workspace source's job). */
async function eventloomHeads(): Promise<SessionHead[]> {
  const { stdout } = await execa(zaxyInstall().zaxy, ['memory', 'status', '--eventloom-path', logs, '--json']);
  const status = JSON.parse(stdout) as { sessions: Array<{ session_id: string; latest_seq: number | null; latest_hash: string | null }> };
  return status.sessions.map((s) => ({ sessionId: s.session_id, latestSeq: s.latest_seq, latestHash: s.latest_hash }));
}

function collectorFor(over: Partial<Neo4jSourceConfig> = {}, heads: readonly SessionHead[] = []) {
  return createNeo4jCollector({
    uri: connection.uri,
    user: connection.user,
    password: connection.password,
    database: connection.database,
    queryTimeoutMs: 10_000,
    longTransactionMs: 60_000,
    sessions: () => heads,
    ...over,
  });
}

async function collectOnce(over: Partial<Neo4jSourceConfig> = {}, heads: readonly SessionHead[] = []): Promise<Neo4jSnapshot> {
  const collector = collectorFor(over, heads);
  try {
    return await collector.collect(new AbortController().signal);
  } finally {
    await collector.close?.();
  }
}

async function unreachable(over: Partial<Neo4jSourceConfig>): Promise<Neo4jUnreachableError> {
  const collector = collectorFor(over);
  try {
    await collector.collect(new AbortController().signal);
  } catch (error) {
    assert.ok(error instanceof Neo4jUnreachableError, `expected Neo4jUnreachableError, got ${String(error)}`);
    return error;
  } finally {
    await collector.close?.();
  }
  assert.fail('collect() succeeded against a server it should not reach');
}

/** Zaxy's to_dict field names for our ProjectionStatus. */
function asZaxy(p: ProjectionStatus): Record<string, unknown> {
  return {
    session_id: p.sessionId,
    event_count: p.eventCount,
    latest_seq: p.latestSeq,
    latest_hash: p.latestHash,
    eventloom_latest_seq: p.eventloomLatestSeq,
    eventloom_latest_hash: p.eventloomLatestHash,
    projection_lag: p.projectionLag,
    latest_hash_matches: p.latestHashMatches,
    next_event_edges: p.nextEventEdges,
    previous_event_edges: p.previousEventEdges,
    missing_chain_links: p.missingChainLinks,
    integrity_ok: p.integrityOk,
  };
}

function section<T>(s: { state: string; value?: T; reason?: string; error?: string }): T {
  assert.equal(s.state, 'ok', `section not ok: ${s.reason ?? s.error ?? ''}`);
  return s.value as T;
}

before(async () => {
  ({ connection, release } = await testNeo4j());
  admin = neo4j.driver(connection.uri, neo4j.auth.basic(connection.user, connection.password), { disableLosslessIntegers: true });
  logs = mkdtempSync(join(tmpdir(), 'zaxy-console-neo4j-logs-'));
  await appendZaxyEvents(join(logs, `${SYNCED}.jsonl`), 5);
  await appendZaxyEvents(join(logs, `${LAGGING}.jsonl`), 3);
  await appendZaxyEvents(join(logs, `${BROKEN}.jsonl`), 4);
  await zaxyReproject(connection, [SYNCED, LAGGING, BROKEN].map((sessionId) => ({ sessionId, log: join(logs, `${sessionId}.jsonl`) })));
  // The log moves on without the projector: two events the graph has not seen.
  await appendZaxyEvents(join(logs, `${LAGGING}.jsonl`), 2);
  // A lost write: the NEXT_EVENT edge into seq 3 is gone.
  await admin.executeQuery(
    'MATCH (:Event {session_id: $s, seq: 2})-[n:NEXT_EVENT]->(:Event {session_id: $s, seq: 3}) DELETE n',
    { s: BROKEN },
    { database: connection.database },
  );
});

after(async () => {
  await admin?.executeQuery(`DROP INDEX ${FAILED_INDEX} IF EXISTS`, {}, { database: connection.database });
  await admin?.executeQuery('MATCH (n:NsrcProbe) DETACH DELETE n', {}, { database: connection.database });
  await admin?.close();
  await release?.();
  if (logs) rmSync(logs, { recursive: true, force: true });
});

describe('Neo4j source against a real Neo4j 5.26 Community', () => {
  test('projection status equals `zaxy memory status --graph` field for field', async () => {
    const heads = await eventloomHeads();
    const snapshot = await collectOnce({}, heads);
    const ours = section<readonly ProjectionStatus[]>(snapshot.projection).map(asZaxy);
    const zaxys = await zaxyGraphStatus(connection, logs);
    assert.deepEqual(ours, zaxys);

    const byId = new Map(section<readonly ProjectionStatus[]>(snapshot.projection).map((p) => [p.sessionId, p]));
    assert.equal(byId.get(SYNCED)?.integrityOk, true);
    assert.equal(byId.get(LAGGING)?.projectionLag, 2);
    assert.equal(byId.get(LAGGING)?.integrityOk, false);
    assert.equal(byId.get(BROKEN)?.missingChainLinks, 1);
    assert.equal(byId.get(BROKEN)?.nextEventEdges, 2);
    assert.equal(byId.get(BROKEN)?.integrityOk, false);
  });

  test('a graph ahead of the scan it is compared with: the log is read again, no false "hash differs"', async () => {
    // The synced session as an older scan saw it: one event fewer than the log and the graph hold.
    const heads = await eventloomHeads();
    const synced = heads.find((h) => h.sessionId === SYNCED)!;
    const lines = readFileSync(join(logs, `${SYNCED}.jsonl`), 'utf8').trim().split('\n');
    const before = JSON.parse(lines[lines.length - 2]!) as { seq: number; hash: string };
    const stale = { ...synced, latestSeq: before.seq, latestHash: before.hash };
    const byId = async (head: SessionHead) => section<readonly ProjectionStatus[]>((await collectOnce({}, [head])).projection)[0]!;
    // Without the log's path there is nothing to read again: Zaxy's formula on the stale head.
    const judgedStale = await byId(stale);
    assert.equal(judgedStale.latestHashMatches, false);
    assert.equal(judgedStale.integrityOk, false);
    const reread = await byId({ ...stale, path: join(logs, `${SYNCED}.jsonl`) });
    assert.equal(reread.eventloomLatestSeq, synced.latestSeq);
    assert.equal(reread.eventloomLatestHash, synced.latestHash);
    assert.equal(reread.latestHashMatches, true);
    assert.equal(reread.integrityOk, true);
  });

  test('version, edition, databases, migrations and the Community gaps', async () => {
    const snapshot = await collectOnce();
    assert.equal(snapshot.reachable, true);
    assert.equal(snapshot.server?.edition, 'community');
    assert.match(snapshot.server?.version ?? '', /^5\.26\./);
    assert.ok((snapshot.latencyMs ?? -1) >= 0);
    const databases = section<readonly { name: string; problem: string | null; isDefault: boolean }[]>(snapshot.databases);
    assert.deepEqual(databases.map((d) => [d.name, d.problem]).sort(), [['neo4j', null], ['system', null]]);
    assert.equal(snapshot.servers.state, 'unavailable', 'Community has no SHOW SERVERS');
    assert.match(snapshot.servers.state === 'unavailable' ? snapshot.servers.reason : '', /community/);
    const migrations = section<{ ok: boolean; currentVersion: string | null }>(snapshot.migrations);
    assert.equal(migrations.ok, true);
    assert.equal(migrations.currentVersion, '006_source_citation_identity');
    const indexes = section<readonly { name: string; state: string }[]>(snapshot.indexes);
    for (const name of ['entity_vector', 'entity_fulltext', 'event_hash', 'event_prev_hash', 'entity_lookup']) {
      assert.equal(indexes.find((i) => i.name === name)?.state, 'ONLINE', name);
    }
  });

  test('a routing neo4j:// URI reads the same figures with READ routing', async () => {
    const heads = await eventloomHeads();
    const direct = await collectOnce({}, heads);
    const routed = await collectOnce({ uri: connection.uri.replace('bolt://', 'neo4j://') }, heads);
    assert.equal(routed.reachable, true);
    assert.deepEqual(routed.projection, direct.projection);
    assert.deepEqual(routed.migrations, direct.migrations);
  });

  test('an index whose population failed is reported FAILED with the server reason', async () => {
    // A RANGE index cannot hold a 20 000-byte string, so population fails: the way production
    // indexes end up FAILED, and they stay so until dropped and recreated.
    await admin.executeQuery('UNWIND range(1, 2) AS i CREATE (:NsrcProbe {big: reduce(s = "", x IN range(1, 20000) | s + "x")})', {}, { database: connection.database });
    await admin.executeQuery(`CREATE INDEX ${FAILED_INDEX} IF NOT EXISTS FOR (n:NsrcProbe) ON (n.big)`, {}, { database: connection.database });
    const deadline = Date.now() + 30_000;
    let index: { state: string; flag: string | null; failureMessage: string | null } | undefined;
    while (Date.now() < deadline) {
      const snapshot = await collectOnce();
      index = section<readonly { name: string; state: string; flag: string | null; failureMessage: string | null }[]>(snapshot.indexes).find((i) => i.name === FAILED_INDEX);
      if (index?.state === 'FAILED') {
        assert.ok(neo4jIncidents(snapshot).some((line) => line.startsWith(`index ${FAILED_INDEX} FAILED`)));
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(index?.flag, 'failed');
    assert.match(index?.failureMessage ?? '', /Property value is too large to index/);
  });

  test('a transaction open longer than the threshold is listed, ours are not', async () => {
    const session = admin.session({ database: connection.database });
    const tx = session.beginTransaction({ metadata: { app: 'nsrc-long-writer' } });
    try {
      await tx.run('MATCH (e:Event) RETURN count(e) AS n');
      await new Promise((r) => setTimeout(r, 700));
      const snapshot = await collectOnce({ longTransactionMs: 500 });
      const long = section<readonly { database: string; elapsedMs: number; currentQuery: string }[]>(snapshot.longTransactions);
      assert.equal(long.length, 1, JSON.stringify(long));
      assert.equal(long[0]!.database, connection.database, 'SHOW TRANSACTIONS on system lists the other databases too');
      assert.ok(long[0]!.elapsedMs >= 500);
    } finally {
      await tx.rollback();
      await session.close();
    }
  });

  test('a wrong password is an auth failure with the server message', async () => {
    // One attempt only: three in a row would lock the shared test user for a few seconds.
    const error = await unreachable({ password: 'not-the-password' });
    assert.equal(error.kind, 'auth');
    assert.equal(error.code, 'Neo.ClientError.Security.Unauthorized');
    assert.equal(error.message, 'Neo4j authentication failed: The client is unauthorized due to authentication failure.');
    assert.ok(!error.message.includes(connection.password));
  });

  test('nothing listening is "refused"', async () => {
    const port = await freePort();
    const error = await unreachable({ uri: `bolt://127.0.0.1:${port}` });
    assert.equal(error.kind, 'refused');
    assert.match(error.message, new RegExp(`ECONNREFUSED 127\\.0\\.0\\.1:${port}`));
  });

  test('TLS against a plain Bolt port is "tls", from the URI or from NEO4J_TRUST_ALL', async () => {
    const fromUri = await unreachable({ uri: connection.uri.replace('bolt://', 'bolt+ssc://') });
    assert.equal(fromUri.kind, 'tls');
    assert.match(fromUri.message, /TLS/);
    assert.equal((await unreachable({ trustAll: true })).kind, 'tls');
  });

  test('a port that accepts but never answers is "timeout" within the connection timeout', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const address = silent.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const error = await unreachable({ uri: `bolt://127.0.0.1:${port}`, queryTimeoutMs: 2000 });
      assert.equal(error.kind, 'timeout');
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});
