// The demo's projector: which lines it takes (pure), and, against the real Neo4j 5.26 of the test
// run, that what it writes is a projection Zaxy itself calls intact (`zaxy memory status --graph`).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createHash } from 'node:crypto';
import { execa } from 'execa';
import neo4j, { type Driver } from 'neo4j-driver';
import { pyDigest } from '../../source/demo/digest.js';
import { tamperLine } from '../../source/demo/envelope.js';
import { backfill, createSessionChain } from '../../source/demo/history.js';
import { NOTHING_PROJECTED, projectionStep, startDemoProjector } from '../../source/demo/projector.js';
import { createRng } from '../../source/demo/rng.js';
import { DEMO_SESSIONS } from '../../source/demo/sessions.js';
import { migrationChecksum, ZAXY_MIGRATIONS } from '../../source/demo/zaxy-schema.js';
import { KNOWN_MIGRATIONS, migrationReport } from '../../source/sources/projection-status.js';
import { testNeo4j, zaxyGraphStatus, type Neo4jConnection } from '../support/neo4j.js';
import { zaxyInstall } from '../support/zaxy.js';

/** A demo session's log text: `count` events of the profile, legacy or v1. */
function demoLog(profileIndex: number, count: number, seed = 3): string[] {
  const profile = { ...DEMO_SESSIONS[profileIndex]!, history: count };
  const chain = createSessionChain(profile, createRng(seed), pyDigest);
  return backfill(chain, Date.UTC(2026, 4, 20), Date.UTC(2026, 4, 21)).map((l) => l.line);
}
const text = (lines: readonly string[]) => lines.map((l) => `${l}\n`).join('');

describe('projectionStep', () => {
  test('takes a whole log, then only what was appended, with bare-hex hashes linked by prev_hash', () => {
    for (const profileIndex of [0, 1]) {
      const lines = demoLog(profileIndex, 12);
      const first = projectionStep(text(lines.slice(0, 8)), NOTHING_PROJECTED);
      assert.equal(first.restart, false);
      assert.deepEqual(first.events.map((e) => e.seq), [1, 2, 3, 4, 5, 6, 7, 8]);
      assert.equal(first.events[0]!.prev_hash, null);
      for (let i = 1; i < first.events.length; i++) assert.equal(first.events[i]!.prev_hash, first.events[i - 1]!.hash);
      assert.match(first.events[7]!.hash, /^[0-9a-f]{64}$/);
      const next = projectionStep(text(lines), first.mark);
      assert.deepEqual(next.events.map((e) => e.seq), [9, 10, 11, 12]);
      assert.deepEqual(projectionStep(text(lines), next.mark).events, []);
    }
  });

  test('stops at the first break, and a break behind what was taken changes nothing', () => {
    const lines = demoLog(1, 10);
    const broken = [...lines];
    broken[6] = tamperLine(broken[6]!);
    const step = projectionStep(text(broken), NOTHING_PROJECTED);
    assert.deepEqual(step.events.map((e) => e.seq), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(projectionStep(text(broken), step.mark).events, [], 'it stays stuck at the break');
    const whole = projectionStep(text(lines), NOTHING_PROJECTED);
    const tamperedBehind = [...lines];
    tamperedBehind[3] = tamperLine(tamperedBehind[3]!);
    assert.equal(projectionStep(text(tamperedBehind), whole.mark).restart, false);
  });

  test('a log rewritten from the start (a rotation, a restore) starts the session over', () => {
    const lines = demoLog(0, 10);
    const taken = projectionStep(text(lines), NOTHING_PROJECTED).mark;
    const rotated = demoLog(0, 3, 99);
    const step = projectionStep(text(rotated), taken);
    assert.equal(step.restart, true);
    assert.deepEqual(step.events.map((e) => e.seq), [1, 2, 3]);
    assert.equal(projectionStep(text(lines.slice(0, 4)), taken).restart, true, 'a shorter log too');
  });
});

test('the demo applies Zaxy\'s own migrations: the installed Zaxy\'s statements, the checksums the console checks', async () => {
  const { stdout } = await execa(zaxyInstall().python, [
    '-c',
    'import json; from zaxy.schema import SCHEMA_MIGRATIONS as M; print(json.dumps([{"name": m.name, "statements": list(m.statements)} for m in M]))',
  ]);
  assert.deepEqual(JSON.parse(stdout), ZAXY_MIGRATIONS);
  const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
  assert.deepEqual(
    ZAXY_MIGRATIONS.map((m) => ({ name: m.name, statementCount: m.statements.length, checksum: migrationChecksum(m, sha256) })),
    KNOWN_MIGRATIONS,
  );
});

describe('the demo projector against a real Neo4j 5.26', () => {
  let connection: Neo4jConnection;
  let release: () => Promise<void>;
  let admin: Driver;
  const dir = mkdtempSync(join(tmpdir(), 'demo-projector-'));
  // Session ids carry this file's name: the server may be shared by the run.
  const sessions = ['dproj-v1', 'dproj-legacy'];
  // The legacy log grows to 40 events during the test (backfill spreads a history over one day,
  // so a log must be cut from one history to be a prefix of it).
  const legacy = demoLog(1, 40);

  before(async () => {
    ({ connection, release } = await testNeo4j());
    admin = neo4j.driver(connection.uri, neo4j.auth.basic(connection.user, connection.password));
    writeFileSync(join(dir, 'dproj-v1.jsonl'), text(demoLog(0, 25)));
    writeFileSync(join(dir, 'dproj-legacy.jsonl'), text(legacy.slice(0, 30)));
  });

  after(async () => {
    await admin?.executeQuery('MATCH (e:Event) WHERE e.session_id STARTS WITH "dproj-" DETACH DELETE e', {}, { database: connection.database });
    await admin?.executeQuery('MATCH (s:Session) WHERE s.id STARTS WITH "dproj-" DETACH DELETE s', {}, { database: connection.database });
    await admin?.close();
    await release?.();
    rmSync(dir, { recursive: true, force: true });
  });

  const status = async () => new Map((await zaxyGraphStatus(connection, dir)).map((s) => [s.session_id as string, s]));

  test('Zaxy calls the projection intact; appends follow; a break and a rewrite are handled as a replay would', async () => {
    const env = { NEO4J_URI: connection.uri, NEO4J_USER: connection.user, NEO4J_PASSWORD: connection.password, NEO4J_DATABASE: connection.database };
    const projector = startDemoProjector({ logDir: dir, sessions, env, seed: 1, intervalMs: 50, skipChance: 0 });
    try {
      await projector.round();
      const records = (await admin.executeQuery('MATCH (m:ZaxySchemaMigration) RETURN m.name AS name, m.checksum AS checksum, m.statement_count AS count, toString(m.applied_at) AS at', {}, { database: connection.database })).records;
      const report = migrationReport(records.map((r) => ({ name: r.get('name') as string, checksum: r.get('checksum') as string, statementCount: Number(r.get('count')), appliedAt: r.get('at') as string })));
      assert.deepEqual(report.migrations.map((m) => m.state), KNOWN_MIGRATIONS.map(() => 'applied'));
      let byId = await status();
      for (const [session, count] of [['dproj-v1', 25], ['dproj-legacy', 30]] as const) {
        const s = byId.get(session);
        assert.ok(s, `Zaxy reports ${session}`);
        assert.equal(s.event_count, count, session);
        assert.equal(s.projection_lag, 0, session);
        assert.equal(s.integrity_ok, true, `${session}: ${JSON.stringify(s)}`);
      }

      // Appended events are followed; a tampered event among them stops the projection there.
      const grown = [...legacy];
      grown[34] = tamperLine(grown[34]!);
      writeFileSync(join(dir, 'dproj-legacy.jsonl'), text(grown));
      await projector.round();
      await projector.round();
      byId = await status();
      assert.equal(byId.get('dproj-legacy')?.event_count, 34);
      assert.equal(byId.get('dproj-legacy')?.projection_lag, 6);

      // A rotation: the log starts over at seq 1, and so does the session's projection.
      const rotated = demoLog(0, 4, 77);
      writeFileSync(join(dir, 'dproj-v1.jsonl'), text(rotated));
      await projector.round();
      await projector.round();
      byId = await status();
      assert.equal(byId.get('dproj-v1')?.event_count, 4);
      assert.equal(byId.get('dproj-v1')?.integrity_ok, true, JSON.stringify(byId.get('dproj-v1')));
      assert.equal(readFileSync(join(dir, 'dproj-v1.jsonl'), 'utf8'), text(rotated), 'the projector only reads the logs');
    } finally {
      await projector.stop();
    }
  });
});
