// Crash safety of the headless restore: the process kills itself (SIGKILL, like a power cut) or
// is interrupted (SIGINT, like Ctrl-C) at every step boundary and inside the swap. Afterwards the
// live .eventloom is exactly the old tree or exactly the new one, and the next start offers the
// recovery that fits: rollback yields the old state, resume the new one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { zaxyInstall } from '../support/zaxy.js';
import { appendWithZaxy, makeDeployment, runCli, treeHash } from './support/deployment.js';

const exec = promisify(execFile);
const temp = () => mkdtemp(join(tmpdir(), 'zc-crash-'));

const STEPS = ['restore.preflight', 'restore.extract', 'restore.verify-staged', 'restore.impact', 'restore.confirm', 'restore.lock', 'restore.swap', 'restore.verify-live', 'restore.finish'];

interface Expectation {
  readonly point: string;
  /** What .eventloom holds right after the crash. */
  readonly state: 'old' | 'new' | 'absent';
  readonly pending: boolean;
}

const KILL_POINTS: Expectation[] = [
  { point: 'restore.preflight', state: 'old', pending: false },
  { point: 'restore.extract', state: 'old', pending: false },
  { point: 'restore.verify-staged', state: 'old', pending: true },
  { point: 'restore.impact', state: 'old', pending: true },
  { point: 'restore.confirm', state: 'old', pending: true },
  { point: 'restore.lock', state: 'old', pending: true },
  { point: 'restore.swap', state: 'old', pending: true },
  { point: 'restore.swap:journaled', state: 'old', pending: true },
  { point: 'restore.swap:mid', state: 'absent', pending: true },
  { point: 'restore.verify-live', state: 'new', pending: true },
  { point: 'restore.finish', state: 'new', pending: true },
  { point: 'restore.finish:after', state: 'new', pending: false },
];

async function fixture() {
  const pristine = await temp();
  const eventloom = await makeDeployment(pristine, { sessions: { alpha: 3, beta: 2 } });
  const backups = await temp();
  await exec('bash', [join(zaxyInstall().scripts, 'backup.sh'), '--root', pristine, '--output-dir', backups, '--name', 'crash']);
  const newHash = await treeHash(eventloom);
  await appendWithZaxy(eventloom, 'alpha', 2);
  await appendWithZaxy(eventloom, 'delta', 1);
  const oldHash = await treeHash(eventloom);
  assert.notEqual(oldHash, newHash);
  const restoreArgs = (target: string) => ['restore', '--archive', join(backups, 'crash.tar.gz'), '--manifest', join(backups, 'crash.sha256'), '--target', target, '--yes'];
  return { pristine, oldHash, newHash, restoreArgs };
}

async function copyOf(pristine: string): Promise<string> {
  const target = await temp();
  await cp(pristine, target, { recursive: true });
  return target;
}

async function liveState(target: string, oldHash: string, newHash: string): Promise<'old' | 'new' | 'absent' | 'MIXED'> {
  if (!(await readdir(target)).includes('.eventloom')) return 'absent';
  const hash = await treeHash(join(target, '.eventloom'));
  return hash === oldHash ? 'old' : hash === newHash ? 'new' : 'MIXED';
}

test('SIGKILL at every step boundary leaves old or new state, and recovery restores one of them', async (t) => {
  const f = await fixture();
  for (const [i, e] of KILL_POINTS.entries()) {
    await t.test(e.point, async () => {
      const target = await copyOf(f.pristine);
      const crashed = await runCli(f.restoreArgs(target), { ZAXY_CONSOLE_TEST_CRASH_AT: e.point });
      assert.equal(crashed.signal, 'SIGKILL', crashed.stdout + crashed.stderr);
      assert.equal(await liveState(target, f.oldHash, f.newHash), e.state);

      const next = await runCli(f.restoreArgs(target));
      if (!e.pending) {
        // Nothing pending: a fresh restore simply runs.
        assert.equal(next.code, 0, next.stdout + next.stderr);
        assert.equal(await liveState(target, f.oldHash, f.newHash), 'new');
        return;
      }
      assert.equal(next.code, 1);
      assert.match(next.stderr, /was interrupted .* --recover rollback/);
      const mode = i % 2 === 0 ? 'rollback' : 'resume';
      const recovered = await runCli(['restore', '--recover', mode, '--target', target, '--yes']);
      assert.equal(recovered.code, 0, recovered.stdout + recovered.stderr);
      assert.equal(await liveState(target, f.oldHash, f.newHash), mode === 'rollback' ? 'old' : 'new');
      const left = await readdir(target);
      assert.ok(!left.some((n) => n.startsWith('.zaxy-restore-')), `no staging left: ${left.join(' ')}`);
      assert.equal((await runCli(['restore', '--recover', 'rollback', '--target', target])).code, 1, 'nothing pending any more');
    });
  }
});

test('SIGINT at every step boundary cancels: exit 130, old state, nothing pending', async (t) => {
  const f = await fixture();
  for (const point of STEPS) {
    await t.test(point, async () => {
      const target = await copyOf(f.pristine);
      const r = await runCli(f.restoreArgs(target), { ZAXY_CONSOLE_TEST_CRASH_AT: point, ZAXY_CONSOLE_TEST_CRASH_SIGNAL: 'SIGINT' });
      if (point === 'restore.finish' && r.code === 0) {
        // The last step is quick housekeeping after the verified swap; a cancel may land after it.
        assert.match(r.stdout, /the cancel came after the last step had finished/);
        assert.equal(await liveState(target, f.oldHash, f.newHash), 'new');
      } else {
        assert.equal(r.code, 130, r.stdout + r.stderr);
        assert.match(r.stdout, /CANCELLED/);
        assert.equal(await liveState(target, f.oldHash, f.newHash), 'old');
      }
      const left = await readdir(target);
      assert.ok(!left.some((n) => n.startsWith('.zaxy-restore-')));
      assert.ok(!(await readdir(join(target, '.zaxy-console'))).includes('restore-journal.json'));
    });
  }
});
