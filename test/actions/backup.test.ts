import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { zaxyInstall } from '../support/zaxy.js';
import { makeDeployment, runCli } from './support/deployment.js';
import { readRecentAudit } from '../../source/actions/audit.js';

const exec = promisify(execFile);
const temp = () => mkdtemp(join(tmpdir(), 'zc-backup-'));

test('built-in backup: backup.sh layout and names, secrets left out, restorable by Zaxy restore.sh byte for byte', async () => {
  const root = await temp();
  const eventloom = await makeDeployment(root, { sessions: { alpha: 4, beta: 3 } });
  const r = await runCli(['backup', '--root', root, '--name', 'zaxy-backup-20260101T000000Z']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /built-in backup/);
  assert.match(r.stdout, /alpha\.jsonl: 4 events, chain ok/);
  const backups = join(root, 'backups');
  assert.deepEqual((await readdir(backups)).sort(), ['zaxy-backup-20260101T000000Z.sha256', 'zaxy-backup-20260101T000000Z.tar.gz']);
  const manifest = await readFile(join(backups, 'zaxy-backup-20260101T000000Z.sha256'), 'utf8');
  assert.match(manifest, /^[0-9a-f]{64} {2}zaxy-backup-20260101T000000Z\.tar\.gz\n$/);
  await exec('sha256sum', ['--check', 'zaxy-backup-20260101T000000Z.sha256'], { cwd: backups });
  const { stdout: listing } = await exec('tar', ['-tzf', join(backups, 'zaxy-backup-20260101T000000Z.tar.gz')]);
  assert.ok(listing.includes('.eventloom/alpha.jsonl'));
  assert.ok(listing.includes('docs/runbook.md'));
  assert.ok(!listing.includes('secrets'), 'secrets must never be in a backup');

  const target = await temp();
  const { scripts } = zaxyInstall();
  await exec('bash', [join(scripts, 'restore.sh'), '--archive', join(backups, 'zaxy-backup-20260101T000000Z.tar.gz'), '--manifest', join(backups, 'zaxy-backup-20260101T000000Z.sha256'), '--target', target]);
  for (const sid of ['alpha', 'beta']) {
    assert.deepEqual(await readFile(join(target, '.eventloom', `${sid}.jsonl`)), await readFile(join(eventloom, `${sid}.jsonl`)));
  }
  const [audit] = await readRecentAudit(root);
  assert.equal(audit?.action, 'backup');
  assert.deepEqual(audit?.steps.map((s) => s.id), ['backup.plan', 'backup.create', 'backup.checksum', 'backup.verify']);
});

test("the deployment's own scripts/backup.sh is run when present, and its archive is verified", async () => {
  const root = await temp();
  await makeDeployment(root, { sessions: { s1: 2 } });
  await mkdir(join(root, 'scripts'));
  await cp(join(zaxyInstall().scripts, 'backup.sh'), join(root, 'scripts', 'backup.sh'));
  const r = await runCli(['backup', '--root', root, '--name', 'b1']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /using the deployment's .*scripts\/backup\.sh/);
  assert.match(r.stdout, /Created backup: .*b1\.tar\.gz/);
  assert.match(r.stdout, /s1\.jsonl: 2 events, chain ok/);
});

test('an existing backup name, a broken log and --readonly each fail with exit 1 and a clear line', async () => {
  const root = await temp();
  const eventloom = await makeDeployment(root, { sessions: { s1: 3 } });
  assert.equal((await runCli(['backup', '--root', root, '--name', 'dup'])).code, 0);
  const again = await runCli(['backup', '--root', root, '--name', 'dup']);
  assert.equal(again.code, 1);
  assert.match(again.stdout, /Backup output already exists: dup/);

  const ro = await runCli(['backup', '--root', root, '--name', 'ro', '--readonly']);
  assert.equal(ro.code, 1);
  assert.match(ro.stdout, /REFUSED: .*read-only/);
  assert.ok(!(await readdir(join(root, 'backups'))).some((n) => n.startsWith('ro')));

  const log = join(eventloom, 's1.jsonl');
  const lines = (await readFile(log, 'utf8')).split('\n');
  lines[1] = (lines[1] ?? '').replace('"n":0', '"n":7');
  await writeFile(log, lines.join('\n'));
  const broken = await runCli(['backup', '--root', root, '--name', 'broken']);
  assert.equal(broken.code, 1);
  assert.match(broken.stdout, /s1\.jsonl: BROKEN at seq 2/);
  assert.match(broken.stdout, /holds 1 log\(s\) with a broken chain/);
});
