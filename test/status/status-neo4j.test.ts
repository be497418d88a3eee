// `status --json` with PROJECTION_BACKEND=neo4j against the real Neo4j 5.26 (scripts/setup-neo4j.sh),
// seeded by Zaxy's own reproject: projection lag must agree with `zaxy memory status --graph`.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../support/zaxy.js';
import { testNeo4j, zaxyReproject, zaxyGraphStatus, type Neo4jConnection } from '../support/neo4j.js';
import { makeDeployment, runScript, zaxyAppend } from './deployment.js';

const run = promisify(execFile);
let release: (() => Promise<void>) | undefined;
after(async () => {
  await release?.();
});

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function status(root: string): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', join(projectRoot, 'source', 'bin.ts'), 'status', '--json', '--root', root, '--sample-gap', '0', '--timeout', '10'], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function envFile(root: string, c: Neo4jConnection, password: string): void {
  writeFileSync(join(root, '.env'), `PROJECTION_BACKEND=neo4j\nNEO4J_URI=${c.uri}\nNEO4J_USER=${c.user}\nNEO4J_PASSWORD=${password}\nNEO4J_DATABASE=${c.database}\n`);
}

test('status against real Neo4j: projection lag matches Zaxy, auth failure is its own kind, no password in output', async () => {
  const neo4j = await testNeo4j();
  release = neo4j.release;
  const c = neo4j.connection;
  const { root, eventloom } = makeDeployment({ projstatus: 5 });
  const log = join(eventloom, 'projstatus.jsonl');
  await zaxyReproject(c, [{ log, sessionId: 'projstatus' }]);
  zaxyAppend(log, 2, 'unprojected');
  runScript('backup.sh', ['--root', root]);
  envFile(root, c, c.password);

  const result = await status(root);
  assert.ok(!result.stdout.includes(c.password) && !result.stderr.includes(c.password), 'the Neo4j password never appears');
  const report = JSON.parse(result.stdout);
  assert.equal(report.sources.neo4j.state, 'ok', JSON.stringify(report.sources.neo4j));
  assert.match(report.sources.neo4j.data.version, /^5\.26/);
  const mine = report.sources.neo4j.data.projection.find((p: { session_id: string }) => p.session_id === 'projstatus');
  const zaxy = (await zaxyGraphStatus(c, eventloom)).find((p) => p.session_id === 'projstatus');
  assert.ok(zaxy, 'Zaxy reports the session');
  assert.deepEqual(
    [mine.projection_lag, mine.event_count, mine.latest_seq, mine.eventloom_latest_seq, mine.latest_hash_matches, mine.integrity_ok],
    [zaxy.projection_lag, zaxy.event_count, zaxy.latest_seq, zaxy.eventloom_latest_seq, zaxy.latest_hash_matches, zaxy.integrity_ok],
  );
  assert.equal(mine.projection_lag, 2);
  // Zaxy applied its migrations and indexes on reproject: the lag is the only Neo4j finding.
  assert.deepEqual(report.reasons.filter((r: { source: string }) => r.source === 'neo4j').map((r: { code: string }) => r.code), ['projection_lag']);
  assert.equal(result.code, 1);
  assert.ok(report.reasons.some((r: { code: string; message: string }) => r.code === 'projection_lag' && r.message.includes('projstatus')));
  assert.deepEqual(report.config.NEO4J_PASSWORD, { value: 'set (.env)', source: '.env' });

  const wrong = 'definitely-wrong-pw-5b1d';
  envFile(root, c, wrong);
  const denied = await status(root);
  assert.ok(!denied.stdout.includes(wrong) && !denied.stderr.includes(wrong));
  const deniedReport = JSON.parse(denied.stdout);
  assert.deepEqual([deniedReport.sources.neo4j.state, deniedReport.sources.neo4j.error_code, denied.code], ['down', 'NEO4J_AUTH', 1]);
});
