import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { zaxyInstall } from '../support/zaxy.js';
import { appendWithZaxy, makeDeployment, runCli, treeHash } from './support/deployment.js';
import { tarGz, tarHeader, type CraftedMember } from './support/craft-tar.js';
import { readRecentAudit } from '../../source/actions/audit.js';

const exec = promisify(execFile);
const temp = () => mkdtemp(join(tmpdir(), 'zc-restore-'));

/** Writes NAME.tar.gz + a correct NAME.sha256 in dir. */
async function writeBackup(dir: string, name: string, bytes: Buffer): Promise<{ archive: string; manifest: string }> {
  const archive = join(dir, `${name}.tar.gz`);
  const manifest = join(dir, `${name}.sha256`);
  await writeFile(archive, bytes);
  await writeFile(manifest, `${createHash('sha256').update(bytes).digest('hex')}  ${name}.tar.gz\n`);
  return { archive, manifest };
}

test("Zaxy's backup.sh → our restore over a live deployment: logs byte-identical, live logs set aside, loss reported", async () => {
  const source = await temp();
  const eventloom = await makeDeployment(source, { sessions: { alpha: 3, beta: 2 } });
  const backups = await temp();
  await exec('bash', [join(zaxyInstall().scripts, 'backup.sh'), '--root', source, '--output-dir', backups, '--name', 'zaxy-backup-20260102T030405Z']);
  const backupAlpha = await readFile(join(eventloom, 'alpha.jsonl'));
  const backupBeta = await readFile(join(eventloom, 'beta.jsonl'));
  // The live deployment moves on after the backup: 2 more alpha events and a new session.
  await appendWithZaxy(eventloom, 'alpha', 2);
  await appendWithZaxy(eventloom, 'gamma', 1);
  const liveAlpha = await readFile(join(eventloom, 'alpha.jsonl'));

  const r = await runCli(['restore', '--archive', join(backups, 'zaxy-backup-20260102T030405Z.tar.gz'), '--manifest', join(backups, 'zaxy-backup-20260102T030405Z.sha256'), '--target', source, '--yes']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /alpha\s+3\s+5\s+2 {2}\(live = backup \+ newer events/);
  assert.match(r.stdout, /gamma\s+0\s+1\s+1 {2}\(only in the live log\)/);
  assert.match(r.stdout, /3 live event\(s\) would be set aside/);
  assert.deepEqual(await readFile(join(eventloom, 'alpha.jsonl')), backupAlpha);
  assert.deepEqual(await readFile(join(eventloom, 'beta.jsonl')), backupBeta);
  const aside = (await readdir(source)).filter((n) => n.startsWith('.eventloom.pre-restore-'));
  assert.equal(aside.length, 1);
  assert.deepEqual(await readFile(join(source, aside[0] ?? '', 'alpha.jsonl')), liveAlpha);
  assert.ok(!(await readdir(source)).some((n) => n.startsWith('.zaxy-restore-')), 'staging is removed');
  assert.ok(!(await readdir(join(source, '.zaxy-console'))).includes('restore-journal.json'), 'journal is closed');
  const [audit] = await readRecentAudit(source);
  assert.equal(audit?.action, 'restore');
  assert.equal(audit?.status, 'ok');
  assert.equal(audit?.steps.length, 9);
});

test('--keep-newer-live keeps a live log that extends the backup, and --use-scripts extracts with restore.sh', async () => {
  const source = await temp();
  const eventloom = await makeDeployment(source, { sessions: { alpha: 2, beta: 2 } });
  const backups = await temp();
  await exec('bash', [join(zaxyInstall().scripts, 'backup.sh'), '--root', source, '--output-dir', backups, '--name', 'k']);
  const backupBeta = await readFile(join(eventloom, 'beta.jsonl'));
  await appendWithZaxy(eventloom, 'alpha', 3);
  const liveAlpha = await readFile(join(eventloom, 'alpha.jsonl'));
  await mkdir(join(source, 'scripts'));
  await cp(join(zaxyInstall().scripts, 'restore.sh'), join(source, 'scripts', 'restore.sh'));
  const r = await runCli(['restore', '--archive', join(backups, 'k.tar.gz'), '--manifest', join(backups, 'k.sha256'), '--target', source, '--yes', '--keep-newer-live', '--use-scripts']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Restored backup: /, 'restore.sh ran');
  assert.match(r.stdout, /alpha: keeping the live log \(5 events, extends the backup's 2\)/);
  assert.deepEqual(await readFile(join(eventloom, 'alpha.jsonl')), liveAlpha);
  assert.deepEqual(await readFile(join(eventloom, 'beta.jsonl')), backupBeta);
});

test('hostile archives are refused with a clear message and the target tree unchanged', async (t) => {
  const source = await temp();
  const eventloom = await makeDeployment(source, { sessions: { s1: 3 } });
  const goodLog = await readFile(join(eventloom, 's1.jsonl'), 'utf8');
  const lines = goodLog.split('\n');
  lines[1] = (lines[1] ?? '').replace('"n":0', '"n":9');
  const brokenLog = lines.join('\n');
  const target = await temp();
  await makeDeployment(target, { sessions: { live: 2 } });
  const before = await treeHash(target);
  const dir = await temp();
  const good: CraftedMember[] = [{ name: '.eventloom/', type: '5' }, { name: '.eventloom/s1.jsonl', data: goodLog }];
  const zeros = Buffer.alloc(80 * 1024 * 1024);
  const cases: { name: string; bytes: Buffer; expect: RegExp; manifest?: (m: string) => string }[] = [
    { name: 'dotdot', bytes: tarGz([...good, { name: '.eventloom/../../escape.txt', data: 'x' }]), expect: /climbs out with \.\./ },
    { name: 'absolute', bytes: tarGz([...good, { name: '/tmp/zc-absolute-evil', data: 'x' }]), expect: /absolute path member/ },
    { name: 'symlink', bytes: tarGz([...good, { name: '.eventloom/passwd', type: '2', linkname: '/etc/passwd' }]), expect: /symlink member \.eventloom\/passwd -> \/etc\/passwd/ },
    { name: 'hardlink', bytes: tarGz([...good, { name: '.eventloom/shadow', type: '1', linkname: '/etc/shadow' }]), expect: /hard link member/ },
    { name: 'device', bytes: tarGz([...good, { name: '.eventloom/null', type: '3' }]), expect: /device node member/ },
    { name: 'outside', bytes: tarGz([...good, { name: '.bashrc', data: 'evil' }]), expect: /outside \.eventloom\// },
    { name: 'broken-chain', bytes: tarGz([{ name: '.eventloom/s1.jsonl', data: brokenLog }]), expect: /s1\.jsonl: BROKEN at seq 2.*\n[\s\S]*fails verification/ },
    { name: 'corrupt-gzip', bytes: Buffer.concat([tarGz(good).subarray(0, 40), Buffer.from('garbage-garbage-garbage-garbage')]), expect: /not a valid (gzip|tar)/ },
    { name: 'bomb', bytes: gzipSync(Buffer.concat([tarHeader({ name: '.eventloom/big.jsonl' }, zeros.length), zeros])), expect: /decompression bomb/ },
    { name: 'wrong-manifest', bytes: tarGz(good), expect: /is for other\.tar\.gz, not wrong-manifest\.tar\.gz/, manifest: (m) => m.replace(/ {2}.*$/m, '  other.tar.gz') },
    { name: 'bad-checksum', bytes: tarGz(good), expect: /does not match its manifest/, manifest: (m) => m.replace(/^[0-9a-f]/, (c) => (c === '0' ? '1' : '0')) },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const { archive, manifest } = await writeBackup(dir, c.name, c.bytes);
      if (c.manifest) await writeFile(manifest, c.manifest(await readFile(manifest, 'utf8')));
      const r = await runCli(['restore', '--archive', archive, '--manifest', manifest, '--target', target, '--yes']);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stdout, c.expect);
      assert.equal(await treeHash(target), before, 'the target tree must be unchanged');
    });
  }
});

test('without --yes and without a terminal the restore is refused before anything changes; --readonly refuses too', async () => {
  const source = await temp();
  await makeDeployment(source, { sessions: { s1: 2 } });
  const backups = await temp();
  await exec('bash', [join(zaxyInstall().scripts, 'backup.sh'), '--root', source, '--output-dir', backups, '--name', 'n']);
  const before = await treeHash(source);
  const r = await runCli(['restore', '--archive', join(backups, 'n.tar.gz'), '--manifest', join(backups, 'n.sha256'), '--target', source]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /needs a typed confirmation and stdin is not a terminal — run it in a terminal, or pass --yes/);
  assert.equal(await treeHash(source), before);
  const ro = await runCli(['restore', '--archive', join(backups, 'n.tar.gz'), '--manifest', join(backups, 'n.sha256'), '--target', source, '--yes', '--readonly']);
  assert.equal(ro.code, 1);
  assert.match(ro.stdout, /REFUSED/);
  assert.equal(await treeHash(source), before);
  const missing = await runCli(['restore', '--archive', join(backups, 'n.tar.gz'), '--target', source]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--archive and --manifest are required/);
});
