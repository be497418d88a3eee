// Neo4j going away under a running poller: the source reports it down with the driver's reason,
// backs off ×2 per failure up to the cap, keeps one copy of a repeated error, and recovers when
// the same server comes back on the same port. While it is down the default database's store is
// damaged, so it comes back with `neo4j` failed to start: Community has no STOP DATABASE, and a
// database that fails to start is how an operator meets an offline default database there. The
// source must still report from `system`.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { describeNeo4jError } from '../../source/sources/neo4j-errors.js';
import { neo4jIncidents, type Neo4jSnapshot } from '../../source/sources/neo4j-snapshot.js';
import { createNeo4jCollector } from '../../source/sources/neo4j.js';
import { createPoller, type SourceHealth } from '../../source/sources/poller.js';
import type { Collector } from '../../source/sources/poller.js';
import { startNeo4j, type Neo4jServer } from '../support/neo4j.js';

let server: Neo4jServer;
let collector: Collector<Neo4jSnapshot>;

before(async () => {
  // Its own server, not the run's shared one: this file stops it.
  server = await startNeo4j();
  collector = createNeo4jCollector({
    uri: server.uri,
    user: server.user,
    password: server.password,
    database: server.database,
    queryTimeoutMs: 5000,
    longTransactionMs: 60_000,
    sessions: () => [],
  });
});

after(async () => {
  await collector?.close?.();
  await server?.dispose();
});

/** Resolves with the first health update from index `from` on that satisfies `predicate`. */
function waitForHealth(updates: readonly SourceHealth[], from: number, predicate: (h: SourceHealth) => boolean, timeoutMs: number): Promise<SourceHealth> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = () => {
      const hit = updates.slice(from).find(predicate);
      if (hit) return resolve(hit);
      if (Date.now() - started > timeoutMs) return reject(new Error(`no matching health within ${timeoutMs} ms; last: ${JSON.stringify(updates.at(-1))}`));
      setTimeout(check, 100);
    };
    check();
  });
}

test('down with back-off while Neo4j is stopped, back when it restarts on the same port', async (t) => {
  const intervalMs = 400;
  const maxBackoffMs = 3200;
  const updates: SourceHealth[] = [];
  // [consecutive failures, delay until the next poll] as the poller schedules it.
  const delays: Array<[number, number]> = [];
  let latest: Neo4jSnapshot | null = null;
  const poller = createPoller<Neo4jSnapshot>({
    name: 'neo4j',
    intervalMs,
    timeoutMs: 10_000,
    maxBackoffMs,
    poll: (signal) => collector.collect(signal),
    onData: (snapshot) => {
      latest = snapshot;
    },
    onHealth: (health) => {
      const previous = updates.at(-1);
      if (health.nextPollAt !== null && health.nextPollAt !== previous?.nextPollAt) {
        delays.push([health.consecutiveFailures, health.nextPollAt - Date.now()]);
      }
      updates.push(health);
    },
    describeError: describeNeo4jError,
  });
  poller.start();
  try {
    await waitForHealth(updates, 0, (h) => h.state === 'ok', 30_000);
    assert.equal(latest!.reachable, true);

    t.diagnostic(`first start ${server.startMs()} ms`);
    const stopBegan = Date.now();
    await server.stop();
    t.diagnostic(`stop ${Date.now() - stopBegan} ms`);
    const stoppedAt = updates.length;
    const down = await waitForHealth(updates, stoppedAt, (h) => h.state === 'down' && h.consecutiveFailures >= 4, 120_000);
    assert.match(down.error ?? '', /^Neo4j connection refused: connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
    assert.equal(down.distinctErrors.length, 1, 'the same failure is reported once');
    assert.ok(down.staleSince !== null && down.lastOkAt !== null && down.staleSince <= Date.now());

    const backoff = new Map<number, number>();
    for (const [failures, delay] of delays) if (failures > 0 && !backoff.has(failures)) backoff.set(failures, delay);
    for (const [failures, expected] of [[1, 800], [2, 1600], [3, 3200], [4, 3200]] as const) {
      const delay = backoff.get(failures);
      assert.ok(delay !== undefined && Math.abs(delay - expected) < 50, `after ${failures} failures the next poll is in ${delay} ms, expected ${expected}`);
    }

    // An offline default database on Community: a damaged store header makes `neo4j` fail to
    // start while `system` comes up. (Removing its transaction logs does the same but costs a
    // 30 s internal thread-pool wait inside Neo4j's failed recovery.)
    const metadataStore = join(server.home, 'data', 'databases', 'neo4j', 'neostore');
    const store = readFileSync(metadataStore);
    store.fill(0, 0, 64);
    writeFileSync(metadataStore, store);
    await server.start();
    t.diagnostic(`restart ${server.startMs()} ms`);
    const restartedAt = updates.length;
    poller.refresh();
    const recovered = await waitForHealth(updates, restartedAt, (h) => h.state === 'ok', 60_000);
    assert.equal(recovered.consecutiveFailures, 0);
    assert.equal(recovered.staleSince, null);

    const snapshot = latest as unknown as Neo4jSnapshot;
    assert.equal(snapshot.reachable, true);
    assert.equal(snapshot.databases.state, 'ok');
    const neo4jDb = snapshot.databases.state === 'ok' ? snapshot.databases.value.find((d) => d.name === 'neo4j') : undefined;
    assert.equal(neo4jDb?.requestedStatus, 'online');
    assert.equal(neo4jDb?.currentStatus, 'offline');
    assert.match(neo4jDb?.problem ?? '', /^offline, requested online: /);
    for (const part of [snapshot.indexes, snapshot.migrations, snapshot.projection]) {
      assert.equal(part.state, 'unavailable');
      assert.match(part.state === 'unavailable' ? part.reason : '', /^database neo4j is offline/);
    }
    assert.ok(neo4jIncidents(snapshot).some((line) => line.startsWith('database neo4j: offline, requested online')));
  } finally {
    poller.stop();
    await poller.settled();
  }
});
