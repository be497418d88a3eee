import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, truncateSync, utimesSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createBackupsCollector, backupFreshness } from '../../source/sources/backups.js';
import { isArchivedLog, isUnsafeMember } from '../../source/sources/backup-contents.js';
import { watchDirectory, type WatchDirectory } from '../../source/sources/change-watch.js';
import { makeDeployment, runScript } from '../status/deployment.js';

const signal = () => new AbortController().signal;
const configFor = (dir: string, hours = 26) => ({
  backupDir: { value: dir, source: 'default' as const, origin: 'default' },
  backupMaxAgeHours: { value: hours, source: 'default' as const, origin: 'default' },
});

test('backupFreshness and member classification are pure rules', () => {
  assert.equal(backupFreshness(null, 100), 'missing');
  assert.equal(backupFreshness(100, 100), 'ok');
  assert.equal(backupFreshness(101, 100), 'too_old');
  assert.deepEqual(
    ['.eventloom/a.jsonl', './.eventloom/a.jsonl', '.eventloom/archive/a-2026.jsonl', '.eventloom/remote_audit.jsonl', '.eventloom/x/a.jsonl', 'README.md'].map(isArchivedLog),
    [true, true, true, false, false, false],
  );
  assert.equal(isUnsafeMember({ name: '../etc/passwd', type: 'file', linkname: '' }), true);
  assert.equal(isUnsafeMember({ name: '.eventloom/l', type: 'symlink', linkname: '../../x' }), true);
  assert.equal(isUnsafeMember({ name: '.eventloom/l', type: 'symlink', linkname: 'a.jsonl' }), false);
});

test('backups: real backup.sh archives, manifest ok / mismatch / missing, newest first', async () => {
  const { root } = makeDeployment({ alpha: 4, beta: 2 });
  const dir = join(root, 'backups');
  runScript('backup.sh', ['--root', root, '--name', 'zaxy-backup-20260101T000000Z']);
  runScript('backup.sh', ['--root', root, '--name', 'zaxy-backup-20260102T000000Z']);
  runScript('backup.sh', ['--root', root, '--name', 'zaxy-backup-20260103T000000Z']);
  const t = Date.now() / 1000;
  utimesSync(join(dir, 'zaxy-backup-20260101T000000Z.tar.gz'), t - 300, t - 300);
  utimesSync(join(dir, 'zaxy-backup-20260102T000000Z.tar.gz'), t - 200, t - 200);
  utimesSync(join(dir, 'zaxy-backup-20260103T000000Z.tar.gz'), t - 100, t - 100);
  const m2 = join(dir, 'zaxy-backup-20260102T000000Z.sha256');
  writeFileSync(m2, readFileSync(m2, 'utf8').replace(/^./, (c) => (c === '0' ? '1' : '0')));
  rmSync(join(dir, 'zaxy-backup-20260101T000000Z.sha256'));
  const hashed: string[] = [];
  const collector = createBackupsCollector(configFor(dir), { onHash: (p) => hashed.push(p) });
  const snap = await collector.collect(signal());
  assert.deepEqual(snap.backups.map((b) => [b.name, b.manifest]), [
    ['zaxy-backup-20260103T000000Z.tar.gz', 'ok'],
    ['zaxy-backup-20260102T000000Z.tar.gz', 'mismatch'],
    ['zaxy-backup-20260101T000000Z.tar.gz', 'missing'],
  ]);
  assert.equal(snap.freshness, 'ok');
  assert.ok(snap.newest_age_seconds !== null && snap.newest_age_seconds >= 99 && snap.newest_age_seconds < 200);
  const sha = execFileSync('sha256sum', [join(dir, 'zaxy-backup-20260103T000000Z.tar.gz')], { encoding: 'utf8' }).split(' ')[0];
  assert.equal(snap.backups[0]?.sha256, sha);
  assert.equal(snap.backups[0]?.size_bytes, statSync(join(dir, 'zaxy-backup-20260103T000000Z.tar.gz')).size);

  // Hash cache: nothing re-hashed while size+mtime stay; a touched archive is hashed again.
  assert.equal(hashed.length, 3);
  await collector.collect(signal());
  assert.equal(hashed.length, 3);
  utimesSync(join(dir, 'zaxy-backup-20260102T000000Z.tar.gz'), t - 50, t - 50);
  const again = await collector.collect(signal());
  assert.deepEqual(hashed.slice(3).map((p) => p.split('/').at(-1)), ['zaxy-backup-20260102T000000Z.tar.gz']);
  assert.equal(again.newest, 'zaxy-backup-20260102T000000Z.tar.gz');

  const contents = await collector.verifyContents('zaxy-backup-20260103T000000Z.tar.gz');
  assert.equal(contents.ok, true);
  assert.deepEqual(contents.logs.map((l) => [l.name, l.ok, l.event_count]).sort(), [
    ['.eventloom/alpha.jsonl', true, 4],
    ['.eventloom/beta.jsonl', true, 2],
  ]);
  const remembered = (await collector.collect(signal())).backups.find((b) => b.name === 'zaxy-backup-20260103T000000Z.tar.gz');
  assert.equal(remembered?.contents?.ok, true);
});

test('backups: a tampered log inside a backup is not a backup; a truncated archive says so', async () => {
  const { root, eventloom } = makeDeployment({ good: 3, bad: 5 });
  const bad = join(eventloom, 'bad.jsonl');
  writeFileSync(bad, readFileSync(bad, 'utf8').replace('bad-2', 'bad-Z'));
  runScript('rotate-logs.sh', ['--log', join(eventloom, 'good.jsonl'), '--name', 'good-rotated']);
  runScript('backup.sh', ['--root', root, '--name', 'zaxy-backup-tampered']);
  const dir = join(root, 'backups');
  const collector = createBackupsCollector(configFor(dir));
  const snap = await collector.collect(signal());
  assert.equal(snap.backups[0]?.manifest, 'ok', 'the manifest matches: the archive is intact, its content is not');
  const contents = await collector.verifyContents('zaxy-backup-tampered.tar.gz');
  assert.equal(contents.ok, false);
  const byName = Object.fromEntries(contents.logs.map((l) => [l.name, l]));
  assert.deepEqual([byName['.eventloom/bad.jsonl']?.ok, byName['.eventloom/bad.jsonl']?.broken_at_seq, byName['.eventloom/bad.jsonl']?.reason_code], [false, 3, 'hash_mismatch']);
  assert.equal(byName['.eventloom/archive/good-rotated.jsonl']?.ok, true);
  assert.equal(byName['.eventloom/archive/good-rotated.jsonl']?.event_count, 3);

  // An archive made with plain tar (pax format) is read the same way; cutting it short is an error.
  execFileSync('tar', ['--format=pax', '-czf', join(dir, 'zaxy-backup-pax.tar.gz'), '-C', root, '.eventloom']);
  const pax = await collector.verifyContents('zaxy-backup-pax.tar.gz');
  assert.equal(pax.logs.length, 3);
  truncateSync(join(dir, 'zaxy-backup-pax.tar.gz'), Math.floor(statSync(join(dir, 'zaxy-backup-pax.tar.gz')).size / 2));
  const cut = await collector.verifyContents('zaxy-backup-pax.tar.gz');
  assert.equal(cut.ok, false);
  assert.ok(cut.error, 'truncated archive reports an error');
  await assert.rejects(collector.verifyContents('../etc/passwd'), /not a backup archive name/);
});

test('backups: too old, none at all, and no directory', async () => {
  const { root } = makeDeployment({ s: 1 });
  const dir = join(root, 'backups');
  const none = await createBackupsCollector(configFor(dir)).collect(signal());
  assert.deepEqual([none.dir_exists, none.freshness, none.count], [false, 'missing', 0]);
  mkdirSync(dir);
  assert.equal((await createBackupsCollector(configFor(dir)).collect(signal())).freshness, 'missing');
  runScript('backup.sh', ['--root', root, '--name', 'zaxy-backup-old']);
  const old = Date.now() / 1000 - 27 * 3600;
  utimesSync(join(dir, 'zaxy-backup-old.tar.gz'), old, old);
  const snap = await createBackupsCollector(configFor(dir)).collect(signal());
  assert.deepEqual([snap.freshness, snap.max_age_seconds], ['too_old', 26 * 3600]);
  assert.equal((await createBackupsCollector(configFor(dir, 28)).collect(signal())).freshness, 'ok');
});

test('backups, watched (the console): a still directory is not listed again, yet ages, content checks and every change show on the next poll', async () => {
  const { root } = makeDeployment({ alpha: 3 });
  const dir = join(root, 'backups');
  runScript('backup.sh', ['--root', root, '--name', 'zaxy-backup-20260101T000000Z']);
  const archive = join(dir, 'zaxy-backup-20260101T000000Z.tar.gz');
  const t = Math.floor(Date.now() / 1000) - 100;
  utimesSync(archive, t, t);
  let listings = 0;
  // The real inotify watch; `arm` is called right before each listing, which counts them.
  const watch: WatchDirectory = async (d) => {
    const real = await watchDirectory(d);
    return real && { ...real, arm: () => (listings++, real.arm()) };
  };
  let clock = t * 1000 + 100_000;
  const collector = createBackupsCollector(configFor(dir), { watch, now: () => clock });
  const settle = () => new Promise((r) => setTimeout(r, 100)); // inotify events arrive on the event loop
  try {
    const first = await collector.collect(signal());
    assert.deepEqual([listings, first.count, first.newest_age_seconds, first.backups[0]?.manifest], [1, 1, 100, 'ok']);
    clock += 5000;
    const later = await collector.collect(signal());
    assert.deepEqual([listings, later.newest_age_seconds, later.backups[0]?.age_seconds], [1, 105, 105], 'not listed again, but five seconds older');
    assert.equal(later.backups[0]?.contents, null);
    await collector.verifyContents('zaxy-backup-20260101T000000Z.tar.gz');
    assert.equal((await collector.collect(signal())).backups[0]?.contents?.ok, true, 'a content check shows without a listing');
    assert.equal(listings, 1);

    const manifest = join(dir, 'zaxy-backup-20260101T000000Z.sha256');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace(/^./, (c) => (c === '0' ? '1' : '0')));
    await settle();
    assert.equal((await collector.collect(signal())).backups[0]?.manifest, 'mismatch', 'a manifest changed in place');
    assert.equal(listings, 2);
    runScript('backup.sh', ['--root', root, '--name', 'zaxy-backup-20260102T000000Z']);
    await settle();
    const added = await collector.collect(signal());
    assert.deepEqual([listings, added.count], [3, 2], 'a new archive');
    clock += 60_000;
    await collector.collect(signal());
    assert.equal(listings, 4, 'listed again after a quiet minute, in case an event was missed');
  } finally {
    await collector.close?.();
  }
});
