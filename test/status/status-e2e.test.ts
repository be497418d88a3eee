// `zaxy-console status` as a user runs it (a child process, real stdout/stderr and exit code)
// against a temp deployment: logs and backups written by the real Zaxy and its scripts, Zaxy's
// real metrics exporter, a real Prometheus, and a stand-in Pathlight collector /health.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../support/zaxy.js';
import { startZaxyExporter, type ZaxyExporter } from '../support/zaxy-exporter.js';
import { startPrometheus } from '../support/prometheus.js';
import { makeDeployment, runScript } from './deployment.js';

const PASSWORD = 'planted-Neo4j-pw-7f3a9c';
const TOKEN = 'planted-pathlight-token-c0ffee';
const bin = join(projectRoot, 'source', 'bin.ts');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: Record<string, string>, onStart?: (kill: (s: NodeJS.Signals) => void, stdout: () => string) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', bin, ...args], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    onStart?.((s) => child.kill(s), () => stdout);
  });
}

async function pathlightStandIn(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    res.writeHead(req.url === '/health' ? 200 : 404, { 'content-type': 'application/json' });
    res.end(req.url === '/health' ? '{"status":"ok","service":"pathlight-collector"}' : '{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const cleanups: Array<() => Promise<void>> = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

function assertNoSecrets(run: Run): void {
  for (const secret of [PASSWORD, TOKEN]) {
    assert.ok(!run.stdout.includes(secret), `secret in stdout`);
    assert.ok(!run.stderr.includes(secret), `secret in stderr`);
  }
}

let exporter: ZaxyExporter;

test('status --json on a healthy deployment: exit 0, every source reported, no secrets', async () => {
  exporter = await startZaxyExporter();
  cleanups.push(() => exporter.close());
  await exporter.call({ call: 'record_event_append', args: ['decision.made'] });
  await exporter.call({ call: 'record_degraded_operation', args: ['query', 'reranker_unavailable'] });
  const prometheus = await startPrometheus([`127.0.0.1:${exporter.port}`]);
  cleanups.push(() => prometheus.stop());
  const pathlight = await pathlightStandIn();
  cleanups.push(() => new Promise((r) => pathlight.server.close(() => r())));

  const { root } = makeDeployment({ alpha: 4, beta: 2 });
  writeFileSync(join(root, 'pw.txt'), `${PASSWORD}\n`, { mode: 0o644 });
  writeFileSync(join(root, '.env'), `NEO4J_PASSWORD_FILE=pw.txt\nPATHLIGHT_ENABLED=true\nPATHLIGHT_URL=${pathlight.url}\n`);
  runScript('backup.sh', ['--root', root]);
  const run = await runCli(['status', '--json', '--verify-backups', '--root', root, '--metrics-url', exporter.url, '--sample-gap', '0.3'], {
    PROMETHEUS_URL: prometheus.url,
    PATHLIGHT_ACCESS_TOKEN: TOKEN,
  });
  assertNoSecrets(run);
  assert.equal(run.stderr, '');
  const report = JSON.parse(run.stdout);
  assert.equal(report.schema, 'zaxy-console.status.v1');
  assert.deepEqual(
    Object.fromEntries(Object.entries(report.sources as Record<string, { state: string }>).map(([k, v]) => [k, v.state])),
    { neo4j: 'not_configured', metrics: 'ok', prometheus: 'ok', workspace: 'ok', backups: 'ok', pathlight: 'ok' },
  );
  assert.deepEqual([report.verdict, report.exit_code, run.code], ['healthy', 0, 0]);
  assert.deepEqual(report.sources.workspace.data.sessions.map((s: { session_id: string; event_count: number; integrity: string }) => [s.session_id, s.event_count, s.integrity]), [
    ['alpha', 4, 'ok'],
    ['beta', 2, 'ok'],
  ]);
  assert.equal(report.sources.backups.data.backups[0].manifest, 'ok');
  assert.equal(report.sources.backups.data.freshness, 'ok');
  assert.deepEqual(report.sources.backups.data.backups[0].contents.logs.map((l: { name: string; ok: boolean }) => [l.name, l.ok]).sort(), [
    ['.eventloom/alpha.jsonl', true],
    ['.eventloom/beta.jsonl', true],
  ]);
  assert.match(report.sources.prometheus.data.version, /^\d+\.\d+/);
  const reranker = report.sources.metrics.data.degradations.find((d: { reason: string }) => d.reason === 'reranker_unavailable');
  assert.deepEqual([reranker.total, reranker.rising], [1, false]);
  assert.equal(report.sources.pathlight.data.service, 'pathlight-collector');
  assert.deepEqual(report.config.NEO4J_PASSWORD, { value: 'set (file)', source: 'file' });
  assert.deepEqual(report.config.PATHLIGHT_ACCESS_TOKEN, { value: 'set (env)', source: 'env' });
  assert.ok(report.config_findings.some((f: { key: string }) => f.key === 'NEO4J_PASSWORD_FILE'), 'mode 644 secret file is a finding');

  const text = await runCli(['status', '--root', root, '--metrics-url', exporter.url, '--sample-gap', '0'], { PATHLIGHT_ACCESS_TOKEN: TOKEN });
  assertNoSecrets(text);
  assert.equal(text.code, 0);
  assert.match(text.stdout, /^Zaxy status: HEALTHY/);
  assert.match(text.stdout, /NEO4J_PASSWORD +set \(file\)/);
});

test('status: broken chain, missing backup, metrics rising and a dead Pathlight are each degraded (exit 1)', async () => {
  const { root, eventloom } = makeDeployment({ good: 2, bad: 4 });
  const bad = join(eventloom, 'bad.jsonl');
  writeFileSync(bad, readFileSync(bad, 'utf8').replace('bad-1', 'bad-9'));
  writeFileSync(join(root, '.env'), `NEO4J_PASSWORD=${PASSWORD}\n`);
  const rising = setInterval(() => void exporter.call({ call: 'record_degraded_operation', args: ['query', 'graph_unavailable'] }), 100);
  let run: Run;
  try {
    run = await runCli(['status', '--json', '--root', root, '--metrics-url', exporter.url, '--sample-gap', '1'], {
      PATHLIGHT_ENABLED: '1',
      PATHLIGHT_URL: 'http://127.0.0.1:9',
    });
  } finally {
    clearInterval(rising);
  }
  assertNoSecrets(run);
  const report = JSON.parse(run.stdout);
  assert.deepEqual([report.verdict, run.code], ['degraded', 1]);
  const codes = report.reasons.filter((r: { severity: string }) => r.severity === 'degraded').map((r: { source: string; code: string }) => `${r.source}:${r.code}`);
  assert.deepEqual(codes.sort(), ['backups:backup_missing', 'metrics:degradations_rising', 'pathlight:source_down', 'workspace:chain_broken']);
  const badSession = report.sources.workspace.data.sessions.find((s: { session_id: string }) => s.session_id === 'bad');
  assert.deepEqual([badSession.integrity, badSession.broken_at_seq], ['broken', 2]);
});

test('status: configuration errors are one line and exit 2; unknown flags too', async () => {
  const { root } = makeDeployment({ s: 1 });
  const badUri = await runCli(['status', '--root', root], { NEO4J_URI: 'localhost:7687', NEO4J_PASSWORD: PASSWORD });
  assert.equal(badUri.code, 2);
  assert.equal(badUri.stdout, '');
  assert.match(badUri.stderr, /^zaxy-console: NEO4J_URI is not a valid .* \(from the environment\) — e\.g\. bolt:\/\/localhost:7687\n$/);
  const missingFile = await runCli(['status', '--root', root], { NEO4J_PASSWORD_FILE: 'nope.txt' });
  assert.equal(missingFile.code, 2);
  assert.match(missingFile.stderr, /NEO4J_PASSWORD_FILE could not be read: .*nope\.txt/);
  const unknown = await runCli(['status', '--bogus'], {});
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown flag for `status`: --bogus/);
});

test('status --watch repeats at the refresh interval and exits 130 on Ctrl-C', async () => {
  const { root } = makeDeployment({ s: 1 });
  runScript('backup.sh', ['--root', root]);
  rmSync(join(root, 'backups'), { recursive: true });
  const run = await runCli(['status', '--watch', '--json', '--refresh', '0.3', '--sample-gap', '0', '--root', root, '--metrics-url', exporter.url], { NEO4J_PASSWORD: PASSWORD }, (kill, stdout) => {
    const wait = setInterval(() => {
      if (stdout().split('\n').filter(Boolean).length >= 2) {
        clearInterval(wait);
        kill('SIGINT');
      }
    }, 50);
  });
  assertNoSecrets(run);
  assert.equal(run.code, 130);
  const reports = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { sources: { workspace: { data: { sessions: Array<{ verify_mode: string }> } } } });
  assert.ok(reports.length >= 2);
  assert.equal(reports[1]?.sources.workspace.data.sessions[0]?.verify_mode, 'cached', 'the second round reuses the first verification');
});
