import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zaxyInstall } from '../support/zaxy.js';
import { appendWithZaxy, makeDeployment, runCli } from './support/deployment.js';
import { verifyFile } from '../../source/eventloom/index.js';

const temp = () => mkdtemp(join(tmpdir(), 'zc-rotate-'));

/**
 * Zaxy's own EventLog appending `load.tick` events (each under Zaxy's flock) until `stopFile`
 * exists, printing its count as it goes and `total N` at the end — so the load is guaranteed to
 * span the whole rotation however slow the machine is.
 */
function startAppender(log: string, stopFile: string) {
  const code = [
    'import os, sys, time',
    'from zaxy.event import EventLog',
    'log = EventLog(sys.argv[1])',
    'i = 0',
    'while not os.path.exists(sys.argv[2]):',
    '    log.append("load.tick", "appender", {"n": i})',
    '    i += 1',
    '    if i % 10 == 0: print(i, flush=True)',
    '    time.sleep(0.002)',
    'print("total", i, flush=True)',
  ].join('\n');
  const child = spawn(zaxyInstall().python, ['-c', code, log, stopFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  let closed = false;
  const waiters = new Set<() => void>();
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    for (const fn of waiters) fn();
  });
  const count = () => Math.max(0, ...out.split('\n').map(Number).filter(Number.isFinite));
  return {
    count,
    reached: (n: number) => new Promise<void>((resolve) => {
      // A dead appender must fail the test, not hang it.
      const check = () => (count() >= n || closed) && resolve();
      check();
      waiters.add(check);
    }),
    done: new Promise<number>((resolve) =>
      child.on('close', () => {
        closed = true;
        for (const fn of waiters) fn();
        resolve(Number(/total (\d+)/.exec(out)?.[1] ?? -1));
      }),
    ),
  };
}

const loadEvents = async (path: string) =>
  (await readFile(path, 'utf8')).split('\n').filter((l) => l.includes('load.tick')).map((l) => (JSON.parse(l) as { payload: { n: number } }).payload.n);

test('rotation under load: with a concurrent Zaxy appender, archive + new log hold every event exactly once and both verify', async () => {
  const root = await temp();
  const eventloom = await makeDeployment(root, { sessions: { busy: 3 } });
  const log = join(eventloom, 'busy.jsonl');
  const stop = join(root, 'stop-appending');
  const appender = startAppender(log, stop);
  await appender.reached(50);
  const r = await runCli(['rotate', '--log', log, '--name', 'busy-under-load', '--force-without-backup']);
  // Keep appending a while after the rotation, then stop.
  await appender.reached(appender.count() + 30);
  await writeFile(stop, '');
  const total = await appender.done;
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const archive = join(eventloom, 'archive', 'busy-under-load.jsonl');
  const archived = await loadEvents(archive);
  const live = await loadEvents(log);
  assert.ok(archived.length > 0 && live.length > 0, `the rotation happened mid-load (${archived.length} archived, ${live.length} live)`);
  const all = [...archived, ...live].sort((a, b) => a - b);
  assert.deepEqual(all, Array.from({ length: total }, (_, i) => i), 'every appended event exactly once');
  const [a, l] = [await verifyFile(archive), await verifyFile(log)];
  assert.equal(a.ok, true, a.broken_reason ?? '');
  assert.equal(l.ok, true, l.broken_reason ?? '');
  assert.equal(a.total_events, 3 + archived.length);
  assert.match(await readFile(join(eventloom, 'archive', 'busy-under-load.sha256'), 'utf8'), /^[0-9a-f]{64} {2}busy-under-load\.jsonl\n$/);
});

test('rotation needs a verified backup newer than the log; after it the next Zaxy append starts a new chain', async () => {
  const root = await temp();
  const eventloom = await makeDeployment(root, { sessions: { s1: 4 } });
  const log = join(eventloom, 's1.jsonl');
  const refused = await runCli(['rotate', '--log', log]);
  assert.equal(refused.code, 1);
  assert.match(refused.stdout, /no backup in .*backups is newer than s1\.jsonl's last change/);
  assert.match(refused.stdout, /--force-without-backup/);
  assert.equal((await stat(log)).size > 0, true);

  assert.equal((await runCli(['backup', '--root', root, '--name', 'cover'])).code, 0);
  const r = await runCli(['rotate', '--log', log, '--name', 's1-rotated']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /covered by cover\.tar\.gz/);
  assert.match(r.stdout, /4 events archived and verified/);
  assert.equal((await stat(log)).size, 0);
  assert.deepEqual((await readdir(join(eventloom, 'archive'))).sort(), ['s1-rotated.jsonl', 's1-rotated.sha256']);

  await appendWithZaxy(eventloom, 's1', 2);
  const report = await verifyFile(log);
  assert.equal(report.ok, true);
  assert.equal(report.total_events, 2);

  const again = await runCli(['rotate', '--log', log, '--name', 's1-rotated', '--force-without-backup']);
  assert.equal(again.code, 1);
  assert.match(again.stdout, /Rotation output already exists: s1-rotated/);
});
