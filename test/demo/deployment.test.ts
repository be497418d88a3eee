// The live demo deployment checked by the real tools: Zaxy's own EventLog.verify() on every log
// (live, tampered, and inside each backup), GNU sha256sum on the manifests, GNU tar on the archives,
// and the exposition parser on the exporter's scrape.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startDemo, type DemoDeployment } from '../../source/demo/deployment.js';
import { verifyFile } from '../../source/eventloom/index.js';
import { parseExposition } from '../../source/metrics/exposition.js';
import { zaxyVerdicts } from '../support/zaxy-logs.js';

let parent: string;
let demo: DemoDeployment;

before(async () => {
  parent = mkdtempSync(join(tmpdir(), 'demo-test-'));
  demo = await startDemo({ seed: 11, tamperAfterMs: 1500, parentDir: parent });
});

after(async () => {
  await demo.close();
  rmSync(parent, { recursive: true, force: true });
});

const logs = () => readdirSync(join(demo.root, '.eventloom')).map((f) => join(demo.root, '.eventloom', f));

async function until<T>(what: string, fn: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('the deployment is a Zaxy root: .env names the exporter, logs sit in .eventloom, backups in backups/', () => {
  const env = readFileSync(join(demo.root, '.env'), 'utf8');
  assert.match(env, new RegExp(`^ZAXY_METRICS_URL=${demo.metricsUrl.replace(/[.]/g, '\\.')}$`, 'm'));
  assert.match(env, /^EVENTLOOM_PATH=\.eventloom$/m);
  assert.equal(statSync(join(demo.root, '.env')).mode & 0o077, 0, '.env is private like a real deployment');
  assert.deepEqual(readdirSync(parent), [demo.root.slice(parent.length + 1)], 'nothing written beside the temp dir');
  assert.equal(logs().length, 4);
});

test('live appends and the tamper: Zaxy verifies every log except the tampered one, broken at the tampered seq', async () => {
  const sizes = new Map(logs().map((p) => [p, statSync(p).size]));
  const tampered = await demo.tampered;
  await until('two logs to grow', () => (logs().filter((p) => statSync(p).size > (sizes.get(p) ?? 0)).length >= 2 ? true : undefined));
  const verdicts = await zaxyVerdicts(logs());
  for (const [path, verdict] of verdicts) {
    assert.equal(verdict.raised, null, `${path}: ${JSON.stringify(verdict.raised)}`);
    if (path.endsWith(`${tampered.session}.jsonl`)) {
      assert.equal(verdict.report?.ok, false);
      assert.equal(verdict.report?.broken_at_seq, tampered.seq);
      assert.match(verdict.report?.broken_reason ?? '', /hash mismatch/);
    } else {
      assert.equal(verdict.report?.ok, true, `${path}: ${verdict.report?.broken_reason}`);
    }
    const ours = await verifyFile(path);
    assert.equal(ours.ok, verdict.report?.ok, `the console's engine agrees with Zaxy on ${path}`);
    assert.equal(ours.broken_at_seq, verdict.report?.broken_at_seq ?? null);
  }
});

test('backups: sha256sum accepts every manifest; one fresh, one stale > 26 h by name and mtime, one with a broken log inside', async () => {
  const dir = join(demo.root, 'backups');
  const archives = readdirSync(dir).filter((f) => f.endsWith('.tar.gz')).sort().reverse();
  assert.equal(archives.length, 3);
  for (const archive of archives) {
    assert.match(archive, /^zaxy-backup-\d{8}T\d{6}Z\.tar\.gz$/);
    const manifest = archive.replace(/\.tar\.gz$/, '.sha256');
    assert.match(readFileSync(join(dir, manifest), 'utf8'), new RegExp(`^[0-9a-f]{64}  ${archive.replace(/\./g, '\\.')}\\n$`));
    execFileSync('sha256sum', ['--check', '--status', manifest], { cwd: dir });
  }
  const ageHours = (name: string) => {
    const m = /(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z/.exec(name)!;
    const named = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
    const mtime = statSync(join(dir, name)).mtimeMs;
    assert.ok(Math.abs(named - mtime) < 2000, `${name}: mtime matches the name`);
    return (Date.now() - named) / 3_600_000;
  };
  const [fresh, corrupt, stale] = archives as [string, string, string];
  assert.ok(ageHours(fresh) < 1);
  assert.ok(ageHours(stale) > 26);
  assert.ok(ageHours(corrupt) > 1 && ageHours(corrupt) < 26);

  const broken = new Map<string, string[]>();
  for (const archive of archives) {
    const into = mkdtempSync(join(parent, 'extract-'));
    const members = execFileSync('tar', ['-tzf', join(dir, archive)], { encoding: 'utf8' }).trim().split('\n');
    assert.ok(members.includes('.eventloom/') && members.includes('README.md'), members.join(','));
    execFileSync('tar', ['-xzf', join(dir, archive), '-C', into]);
    const inside = readdirSync(join(into, '.eventloom')).map((f) => join(into, '.eventloom', f));
    const verdicts = await zaxyVerdicts(inside);
    broken.set(archive, [...verdicts].filter(([, v]) => v.report?.ok !== true).map(([p]) => p.split('/').pop()!));
    rmSync(into, { recursive: true });
  }
  assert.deepEqual(broken.get(fresh), []);
  assert.deepEqual(broken.get(stale), []);
  assert.deepEqual(broken.get(corrupt), ['claude-code-default.jsonl']);
});

test('the exporter serves every zaxy_* family with a query-duration histogram, on loopback', async () => {
  assert.match(demo.metricsUrl, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
  const scrape = await fetch(demo.metricsUrl, { headers: { Accept: 'text/plain;version=0.0.4' } });
  const exposition = parseExposition(await scrape.text());
  const names = [...exposition.families.keys()];
  for (const family of ['zaxy_queries_executed', 'zaxy_query_duration_seconds', 'zaxy_graph_upserts', 'zaxy_invalidations', 'zaxy_degraded_operations', 'zaxy_events_appended']) {
    assert.ok(names.some((n) => n === family || n === `${family}_total`), `${family} missing from ${names.join(', ')}`);
  }
  const histogram = exposition.families.get('zaxy_query_duration_seconds');
  assert.equal(histogram?.type, 'histogram');
  assert.ok((histogram?.series.size ?? 0) > 0, 'the first traffic tick is recorded at start');
});

test('close() removes the deployment and stops its exporter', async () => {
  const other = await startDemo({ seed: 3, parentDir: parent });
  await other.close();
  assert.throws(() => statSync(other.root), /ENOENT/);
  await assert.rejects(fetch(other.metricsUrl));
});

test('rotation while the demo appends (under the same flock): the archive and the new chain both verify, the live log restarts at seq 1', async () => {
  const { startAction } = await import('../../source/actions/index.js');
  const log = join(demo.root, '.eventloom', 'claude-code-default.jsonl');
  const archiveDir = join(demo.root, '.eventloom', 'archive');
  const outcome = await startAction('rotate', { sessionPath: log, extra: ['--force-without-backup'] }, () => undefined, new AbortController().signal, {
    context: { root: demo.root, eventloom: join(demo.root, '.eventloom'), backupDir: join(demo.root, 'backups'), readonly: false },
    confirm: () => Promise.resolve(true),
  });
  assert.equal(outcome.status, 'ok', outcome.message);
  await until('the demo to append to the rotated log', () => (readFileSync(log, 'utf8').trim() !== '' ? true : undefined), 30_000);
  const archived = readdirSync(archiveDir).filter((f) => f.endsWith('.jsonl')).map((f) => join(archiveDir, f));
  assert.equal(archived.length, 1);
  const verdicts = await zaxyVerdicts([log, archived[0]!]);
  for (const [path, verdict] of verdicts) assert.equal(verdict.report?.ok, true, `${path}: ${verdict.report?.broken_reason ?? JSON.stringify(verdict.raised)}`);
  const live = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { seq?: number; id?: string });
  const seqOf = (r: { seq?: number; id?: string }) => r.seq ?? Number(/^evt_zaxy_(\d{12})_/.exec(r.id ?? '')?.[1]);
  assert.equal(seqOf(live[0]!), 1, 'the live log restarts at seq 1');
  const archivedLines = readFileSync(archived[0]!, 'utf8').trim().split('\n');
  assert.equal(seqOf(JSON.parse(archivedLines.at(-1)!) as { seq?: number }), archivedLines.length, 'the archive has no gap');
});
