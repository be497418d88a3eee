// The pure decisions of the Neo4j source: Zaxy's projection and migration verdicts, incident
// flags, error kinds. The figures against a running server are in neo4j-source.test.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { execa } from 'execa';
import fc from 'fast-check';
import neo4j from 'neo4j-driver';
import { ConsoleError } from '../../source/errors.js';
import { Neo4jQueryTimeoutError, Neo4jUnreachableError, classifyNeo4jError, describeNeo4jError, isConnectivityFailure } from '../../source/sources/neo4j-errors.js';
import {
  databaseProblem,
  databaseStatus,
  durationMs,
  indexStatus,
  longTransactions,
  serverStatus,
  serverVersion,
  supportsScopedSubqueries,
  supportsShowServers,
} from '../../source/sources/neo4j-health.js';
import { projectionStatusQuery } from '../../source/sources/neo4j-queries.js';
import { neo4jIncidents, ok, unavailable, unreachableSnapshot, type Neo4jSnapshot } from '../../source/sources/neo4j-snapshot.js';
import { createNeo4jCollector, graphCounts, targetUnavailable, withDeadline } from '../../source/sources/neo4j.js';
import { KNOWN_MIGRATIONS, migrationReport, projectionLagOf, projectionStatus, type GraphEventCounts } from '../../source/sources/projection-status.js';
import { zaxyInstall } from '../support/zaxy.js';

const graph = (over: Partial<GraphEventCounts> = {}): GraphEventCounts => ({
  eventCount: 5,
  latestSeq: 5,
  latestHash: 'h5',
  nextEventEdges: 4,
  previousEventEdges: 4,
  missingChainLinks: 0,
  ...over,
});

describe('projection status (zaxy graph.py semantics)', () => {
  test('a fully projected session is intact', () => {
    const status = projectionStatus({ sessionId: 's', latestSeq: 5, latestHash: 'h5' }, graph());
    assert.equal(status.projectionLag, 0);
    assert.equal(status.latestHashMatches, true);
    assert.equal(status.integrityOk, true);
  });

  test('a log ahead of the graph lags by the difference and fails integrity', () => {
    const status = projectionStatus({ sessionId: 's', latestSeq: 7, latestHash: 'h7' }, graph());
    assert.equal(status.projectionLag, 2);
    assert.equal(status.latestHashMatches, false);
    assert.equal(status.integrityOk, false);
  });

  test('an empty graph lags by the whole log; an empty log has no lag at all', () => {
    const empty = graph({ eventCount: 0, latestSeq: null, latestHash: null, nextEventEdges: 0, previousEventEdges: 0 });
    assert.equal(projectionStatus({ sessionId: 's', latestSeq: 3, latestHash: 'h3' }, empty).projectionLag, 3);
    const none = projectionStatus({ sessionId: 's', latestSeq: null, latestHash: null }, empty);
    assert.equal(none.projectionLag, null);
    assert.equal(none.latestHashMatches, true, 'no log hash means nothing contradicts the graph');
    assert.equal(none.integrityOk, true);
  });

  test('a graph ahead of its log is not negative lag', () => {
    assert.equal(projectionLagOf(3, 5), 0);
  });

  test('a missing chain link or a missing edge breaks integrity even with zero lag', () => {
    const head = { sessionId: 's', latestSeq: 5, latestHash: 'h5' };
    assert.equal(projectionStatus(head, graph({ missingChainLinks: 1 })).integrityOk, false);
    assert.equal(projectionStatus(head, graph({ nextEventEdges: 3 })).integrityOk, false);
    assert.equal(projectionStatus(head, graph({ previousEventEdges: 5 })).integrityOk, false);
  });

  test('integrity_ok holds exactly when all four of Zaxy conditions hold', () => {
    const counts = fc.record({
      eventCount: fc.nat(20),
      latestSeq: fc.option(fc.nat(25), { nil: null }),
      latestHash: fc.option(fc.constantFrom('a', 'b'), { nil: null }),
      nextEventEdges: fc.nat(20),
      previousEventEdges: fc.nat(20),
      missingChainLinks: fc.nat(3),
    });
    const head = fc.record({ sessionId: fc.constant('s'), latestSeq: fc.option(fc.nat(25), { nil: null }), latestHash: fc.option(fc.constantFrom('a', 'b'), { nil: null }) });
    fc.assert(
      fc.property(head, counts, (h, g) => {
        const s = projectionStatus(h, g);
        const expectedEdges = Math.max(0, g.eventCount - 1);
        const lagOk = h.latestSeq === null || h.latestSeq <= (g.latestSeq ?? 0);
        const hashOk = h.latestHash === null || h.latestHash === g.latestHash;
        assert.equal(s.integrityOk, g.missingChainLinks === 0 && hashOk && lagOk && g.nextEventEdges === expectedEdges && g.previousEventEdges === expectedEdges);
        assert.ok(s.projectionLag === null || s.projectionLag >= 0);
      }),
    );
  });

  test('graph rows read like Zaxy reads them: non-numbers count as 0 / null', () => {
    assert.deepEqual(graphCounts({ event_count: 2, latest_seq: null, latest_hash: 7, next_event_edges: 1 }), {
      eventCount: 2,
      latestSeq: null,
      latestHash: null,
      nextEventEdges: 1,
      previousEventEdges: 0,
      missingChainLinks: 0,
    });
  });

  test('the subquery form follows the server version', () => {
    assert.match(projectionStatusQuery(true), /CALL \(\) \{/);
    assert.doesNotMatch(projectionStatusQuery(false), /CALL \(\)/);
    assert.equal(supportsScopedSubqueries(serverVersion([{ name: 'Neo4j Kernel', versions: ['5.22.0'], edition: 'enterprise' }])), false);
    assert.equal(supportsScopedSubqueries(serverVersion([{ name: 'Neo4j Kernel', versions: ['5.26.30'], edition: 'community' }])), true);
    assert.equal(supportsScopedSubqueries(serverVersion([{ name: 'Neo4j Kernel', versions: ['2025.06.0'], edition: 'community' }])), true);
    assert.equal(supportsShowServers(serverVersion([{ name: 'Neo4j Kernel', versions: ['4.4.40'], edition: 'enterprise' }])), false);
  });
});

describe('schema migrations (zaxy schema.py semantics)', () => {
  test('the known migrations match the installed Zaxy, checksum for checksum', async () => {
    const { stdout } = await execa(zaxyInstall().python, [
      '-c',
      'import json; from zaxy.schema import SCHEMA_MIGRATIONS as M; print(json.dumps([{"name": m.name, "statementCount": len(m.statements), "checksum": m.checksum} for m in M]))',
    ]);
    assert.deepEqual(JSON.parse(stdout), KNOWN_MIGRATIONS);
  });

  test('applied, pending, partial, checksum_mismatch and unknown names', () => {
    const [m1, m2, m3, m4] = KNOWN_MIGRATIONS;
    const report = migrationReport([
      { name: m1!.name, checksum: m1!.checksum, statementCount: m1!.statementCount, appliedAt: 't1' },
      { name: m2!.name, checksum: 'other', statementCount: m2!.statementCount, appliedAt: 't2' },
      { name: m3!.name, checksum: m3!.checksum, statementCount: 99, appliedAt: null },
      { name: m4!.name, checksum: 'other', statementCount: null, appliedAt: null },
      { name: '007_from_the_future', checksum: 'x', statementCount: 1, appliedAt: null },
    ]);
    assert.deepEqual(
      report.migrations.map((m) => m.state),
      ['applied', 'checksum_mismatch', 'partial', 'partial', 'pending', 'pending'],
    );
    assert.deepEqual(report.unknown, ['007_from_the_future']);
    assert.equal(report.currentVersion, m1!.name);
    assert.equal(report.ok, false);
  });

  test('an empty graph has every migration pending and no version', () => {
    const report = migrationReport([]);
    assert.equal(report.currentVersion, null);
    assert.ok(report.migrations.every((m) => m.state === 'pending'));
  });
});

describe('health rows', () => {
  test('a database whose status differs from the requested one is an incident', () => {
    assert.equal(databaseProblem('online', 'online', ''), null);
    assert.equal(databaseProblem('online', 'offline', 'Unable to start'), 'offline, requested online: Unable to start');
    assert.equal(databaseProblem('offline', 'offline', ''), null);
    assert.equal(databaseProblem('online', 'unknown', 'Server is unavailable'), 'status unknown: Server is unavailable');
    assert.equal(databaseProblem('online', 'online', 'quarantined'), 'quarantined');
  });

  test('4.4 rows name the status message `error`', () => {
    const db = databaseStatus({ name: 'neo4j', requestedStatus: 'online', currentStatus: 'offline', error: 'boom', default: true });
    assert.equal(db.statusMessage, 'boom');
    assert.equal(db.isDefault, true);
    assert.match(db.problem ?? '', /boom/);
  });

  test('FAILED and POPULATING indexes are flagged, with the first line of the failure', () => {
    const failed = indexStatus({ name: 'i', type: 'RANGE', state: 'FAILED', populationPercent: 0, failureMessage: 'too large\n\tat x' });
    assert.equal(failed.flag, 'failed');
    assert.equal(failed.failureMessage, 'too large');
    assert.equal(indexStatus({ name: 'i', state: 'POPULATING', populationPercent: 41.5 }).flag, 'populating');
    assert.equal(indexStatus({ name: 'i', state: 'ONLINE', failureMessage: '' }).failureMessage, null);
  });

  test('servers that are not Available and Enabled are incidents', () => {
    assert.equal(serverStatus({ name: 'a', state: 'Enabled', health: 'Available', hosting: ['neo4j'] }).problem, null);
    assert.equal(serverStatus({ name: 'a', state: 'Cordoned', health: 'Unavailable' }).problem, 'Unavailable, Cordoned');
  });

  test('long transactions: over the threshold, longest first, our own left out', () => {
    const tx = (id: string, seconds: number, app = 'other') => ({
      database: 'neo4j',
      transactionId: id,
      status: 'Running',
      elapsedTime: { months: 0, days: 0, seconds, nanoseconds: 500_000_000 },
      metaData: { app },
    });
    const long = longTransactions([tx('a', 2), tx('b', 30), tx('c', 0), tx('own', 99, 'zaxy-console')], 1000, 'zaxy-console');
    assert.deepEqual(long.map((t) => [t.transactionId, t.elapsedMs]), [['b', 30_500], ['a', 2500]]);
    assert.equal(durationMs({ months: 0, days: 1, seconds: 1, nanoseconds: 0 }), 86_401_000);
  });

  test('the target database is unavailable when missing or not online', () => {
    const dbs = ok([databaseStatus({ name: 'neo4j', requestedStatus: 'online', currentStatus: 'offline', statusMessage: 'x' })]);
    assert.equal(targetUnavailable('neo4j', dbs), 'database neo4j is offline: x');
    assert.equal(targetUnavailable('zaxy', dbs), 'database zaxy does not exist');
    assert.equal(targetUnavailable('neo4j', unavailable('n/a')), null);
  });
});

// The driver's own error class, as it arrives from a failed connection or query.
const driverError = (message: string, code: string) => new neo4j.Neo4jError(message, code, '50N42', 'error: general processing exception');

describe('errors and deadlines', () => {
  test('driver errors are sorted into kinds with the cause kept', () => {
    const refused = driverError(
      'Failed to connect to server. Please ensure that your database is listening on the correct host and port. Caused by: connect ECONNREFUSED 127.0.0.1:1',
      'ServiceUnavailable',
    );
    assert.deepEqual(classifyNeo4jError(refused), { kind: 'refused', code: 'ServiceUnavailable', message: 'connect ECONNREFUSED 127.0.0.1:1' });
    const auth = driverError('The client is unauthorized due to authentication failure.', 'Neo.ClientError.Security.Unauthorized');
    assert.equal(classifyNeo4jError(auth).kind, 'auth');
    assert.equal(isConnectivityFailure(auth), true);
    const tls = driverError('Failed to connect to server. Caused by: Client network socket disconnected before secure TLS connection was established', 'ServiceUnavailable');
    assert.equal(classifyNeo4jError(tls).kind, 'tls');
    assert.equal(classifyNeo4jError(new Neo4jQueryTimeoutError('ping', 500)).kind, 'timeout');
    assert.equal(isConnectivityFailure(new Neo4jQueryTimeoutError('SHOW INDEXES', 500)), false, 'one slow query is not an outage');
    assert.equal(isConnectivityFailure(refused), true);
    const syntax = driverError('Invalid input', 'Neo.ClientError.Statement.SyntaxError');
    assert.equal(classifyNeo4jError(syntax).kind, 'unknown');
    assert.equal(isConnectivityFailure(syntax), false);
  });

  test('the poller line names the kind once', () => {
    const error = new Neo4jUnreachableError({ kind: 'refused', message: 'connect ECONNREFUSED 127.0.0.1:1', code: 'ServiceUnavailable' });
    assert.equal(describeNeo4jError(error), 'Neo4j connection refused: connect ECONNREFUSED 127.0.0.1:1');
    assert.deepEqual(classifyNeo4jError(error), { kind: 'refused', message: 'connect ECONNREFUSED 127.0.0.1:1', code: 'ServiceUnavailable' });
  });

  test('a query that never settles is cut off at its deadline, and abort wins too', async () => {
    const never = new Promise<never>(() => undefined);
    await assert.rejects(withDeadline(never, 20, 'SHOW INDEXES'), /SHOW INDEXES did not answer within 0\.0s/);
    const controller = new AbortController();
    const pending = withDeadline(never, 10_000, 'x', controller.signal);
    controller.abort(new Error('poll timed out'));
    await assert.rejects(pending, /poll timed out/);
    assert.equal(await withDeadline(Promise.resolve(3), 1000, 'x'), 3);
  });

  test('bad connection settings are one-line ConsoleErrors naming the key', () => {
    const base = { user: 'neo4j', password: 'p', database: 'neo4j', queryTimeoutMs: 1000, longTransactionMs: 1000, sessions: () => [] };
    const expectError = (over: object, code: string, pattern: RegExp) =>
      assert.throws(() => createNeo4jCollector({ ...base, uri: 'bolt://127.0.0.1:7687', ...over }), (e: unknown) => e instanceof ConsoleError && e.code === code && pattern.test(e.message));
    expectError({ uri: 'http://127.0.0.1:7474' }, 'NEO4J_URI_INVALID', /NEO4J_URI/);
    expectError({ uri: 'bolt+s://db:7687', caCert: '/etc/ca.pem' }, 'NEO4J_TLS_CONFLICT', /NEO4J_CA_CERT/);
    expectError({ caCert: '/nonexistent/ca.pem' }, 'NEO4J_CA_CERT_MISSING', /NEO4J_CA_CERT does not exist: \/nonexistent\/ca\.pem/);
  });
});

describe('incidents', () => {
  test('an unreachable server is one incident, with its kind', () => {
    const snapshot = unreachableSnapshot('bolt://db:7687', 'neo4j', { kind: 'auth', message: 'unauthorized', code: null });
    assert.deepEqual(neo4jIncidents(snapshot), ['neo4j unreachable (auth): unauthorized']);
    assert.equal(snapshot.projection.state, 'unavailable');
  });

  test('"not available" is not an incident; failed indexes, lag and mismatches are', () => {
    const snapshot: Neo4jSnapshot = {
      ...unreachableSnapshot('bolt://db:7687', 'neo4j', { kind: 'unknown', message: '', code: null }),
      reachable: true,
      error: null,
      databases: ok([databaseStatus({ name: 'neo4j', requestedStatus: 'online', currentStatus: 'online' })]),
      indexes: ok([indexStatus({ name: 'big', state: 'FAILED', failureMessage: 'too large' })]),
      projection: ok([projectionStatus({ sessionId: 's', latestSeq: 7, latestHash: 'h7' }, graph())]),
    };
    assert.deepEqual(neo4jIncidents(snapshot), ['index big FAILED: too large', 'projection s: lag=2 missing_chain_links=0 hash_matches=false']);
  });
});
