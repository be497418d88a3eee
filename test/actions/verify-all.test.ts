import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { zaxyInstall } from '../support/zaxy.js';
import { appendWithZaxy, makeDeployment, runCli } from './support/deployment.js';
import { runAction } from '../../source/actions/runner.js';
import { verifyReplayAction } from '../../source/actions/flows/verify-replay.js';
import type { ActionEvent } from '../../source/actions/types.js';

const exec = promisify(execFile);
const temp = () => mkdtemp(join(tmpdir(), 'zc-verifyall-'));

test('verify-all checks live logs, rotated archives and the newest backup, and names every break in the summary', async () => {
  const root = await temp();
  const eventloom = await makeDeployment(root, { sessions: { alpha: 4, beta: 3 } });
  assert.equal((await runCli(['rotate', '--log', join(eventloom, 'beta.jsonl'), '--name', 'beta-r1', '--force-without-backup'])).code, 0);
  await appendWithZaxy(eventloom, 'beta', 2);
  assert.equal((await runCli(['backup', '--root', root, '--name', 'nightly'])).code, 0);

  const ok = await runCli(['verify-all', '--root', root]);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /\| alpha\.jsonl: 4 events, chain ok/);
  assert.match(ok.stdout, /\| beta\.jsonl: 2 events, chain ok/);
  assert.match(ok.stdout, /\| archive\/beta-r1\.jsonl: 3 events, chain ok/);
  assert.match(ok.stdout, /\| nightly\.tar\.gz:alpha\.jsonl: 4 events, chain ok/);
  assert.match(ok.stdout, /OK: All 5 log\(s\) verify/);

  // Break a live log and change the archive after its manifest was written.
  const alpha = join(eventloom, 'alpha.jsonl');
  const lines = (await readFile(alpha, 'utf8')).split('\n');
  lines[2] = (lines[2] ?? '').replace('"n":1', '"n":5');
  await writeFile(alpha, lines.join('\n'));
  const archive = join(eventloom, 'archive', 'beta-r1.jsonl');
  await writeFile(archive, `${await readFile(archive, 'utf8')}\n`);
  const bad = await runCli(['verify-all', '--root', root]);
  assert.equal(bad.code, 1, bad.stdout);
  assert.match(bad.stdout, / {2}alpha\.jsonl: BROKEN at seq 3 \(line 3\): .*last good seq 2/);
  assert.match(bad.stdout, /archive\/beta-r1\.jsonl: checksum [0-9a-f]+ does not match/);
  assert.match(bad.stdout, /2 of 5 log\(s\) failed verification/);
});

test('a long verification cancelled mid-way stops inside the big log and reports what was verified', async () => {
  const root = await temp();
  const eventloom = await makeDeployment(root, { sessions: { a: 2 } });
  // A big log written by Zaxy itself in batches (append_many holds Zaxy's lock per batch).
  const code = [
    'import sys',
    'from zaxy.event import EventLog',
    'log = EventLog(sys.argv[1])',
    'for b in range(25):',
    '    log.append_many([{"event_type": "bulk.item", "actor": "t", "payload": {"n": b * 1000 + i, "text": "x" * 200}} for i in range(1000)])',
  ].join('\n');
  await exec(zaxyInstall().python, ['-c', code, join(eventloom, 'b.jsonl')], { maxBuffer: 1 << 20 });
  await appendWithZaxy(eventloom, 'c', 2);

  const controller = new AbortController();
  const events: ActionEvent[] = [];
  let abortedAtBytes = 0;
  const outcome = await runAction(verifyReplayAction({ eventloom, backupDir: join(root, 'backups') }), {
    root: null,
    signal: controller.signal,
    listener: (e) => {
      events.push(e);
      if (e.type === 'progress' && e.label === 'b.jsonl' && !controller.signal.aborted) {
        abortedAtBytes = e.done;
        controller.abort();
      }
    },
  });
  assert.equal(outcome.status, 'cancelled');
  assert.match(outcome.message, /cancelled during verify\.live/);
  const stepEnd = events.find((e) => e.type === 'step-end' && e.stepId === 'verify.live');
  assert.ok(stepEnd?.type === 'step-end' && /cancelled while verifying b\.jsonl; 1 of 3 live log\(s\) verified before it/.test(stepEnd.message ?? ''), JSON.stringify(stepEnd));
  const verdictLines = events.flatMap((e) => (e.type === 'line' ? [e.text] : []));
  assert.ok(verdictLines.some((l) => l.startsWith('a.jsonl: 2 events')));
  assert.ok(!verdictLines.some((l) => l.startsWith('b.jsonl') || l.startsWith('c.jsonl')), 'nothing after the cancel is reported as verified');
  const lastProgress = events.filter((e) => e.type === 'progress').at(-1);
  assert.ok(lastProgress?.type === 'progress' && lastProgress.total !== null && lastProgress.done < lastProgress.total, 'stopped before the end of the big log');
  assert.ok(abortedAtBytes > 0);
});
