import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mustRescan, watchDirectory, WatchedScan, type ChangeWatch, type RescanInputs } from '../../source/sources/change-watch.js';

test('mustRescan: a quiet, working watch is trusted only within maxQuietMs and never for clock-bound answers', () => {
  const quiet: RescanInputs = { watching: true, changed: false, lastScanAt: 1000, now: 5000, timeSensitive: false, maxQuietMs: 10_000 };
  assert.equal(mustRescan(quiet), false);
  assert.equal(mustRescan({ ...quiet, changed: true }), true, 'an event arrived');
  assert.equal(mustRescan({ ...quiet, watching: false }), true, 'no watch (remote filesystem)');
  assert.equal(mustRescan({ ...quiet, timeSensitive: true }), true, 'a pending torn line');
  assert.equal(mustRescan({ ...quiet, now: 11_000 }), true, 'quiet for maxQuietMs');
  assert.equal(mustRescan({ ...quiet, now: 10_999 }), false);
});

/** A watch on `dir` driven by the test: `fire()` is an inotify event. */
function fakeWatch(dir: string) {
  let changed = true;
  let closed = 0;
  const { dev, ino } = statSync(dir);
  const watch: ChangeWatch = {
    identity: { dev, ino },
    changed: () => changed,
    arm: () => {
      changed = false;
    },
    close: () => {
      closed++;
    },
  };
  return { watch, fire: () => (changed = true), closed: () => closed };
}

function counting() {
  let scans = 0;
  return { next: () => Promise.resolve({ n: ++scans }), count: () => scans };
}

test('WatchedScan: the same result while quiet; a new scan on an event, when time-sensitive, after maxQuietMs and after a failure', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zc-watch-'));
  let clock = 0;
  const fake = fakeWatch(dir);
  const scan = new WatchedScan<{ n: number }>(dir, () => Promise.resolve(fake.watch), () => clock, 10_000);
  const { next, count } = counting();
  const never = () => false;

  const first = await scan.run(next, never);
  clock = 1000;
  assert.equal(await scan.run(next, never), first, 'nothing changed: the very same object');
  assert.equal(count(), 1);
  fake.fire();
  const second = await scan.run(next, never);
  assert.equal(count(), 2, 'an event makes the next poll scan');
  const third = await scan.run(next, () => true);
  assert.equal(count(), 3, 'a time-sensitive answer is never reused');
  assert.notEqual(third, second);
  clock = 1000 + 10_000;
  await scan.run(next, never);
  assert.equal(count(), 4, 'quiet for maxQuietMs: scanned anyway');

  fake.fire();
  await assert.rejects(scan.run(() => Promise.reject(new Error('disk gone')), never), /disk gone/);
  await scan.run(next, never);
  assert.equal(count(), 5, 'a failed scan leaves nothing to reuse, even with the watch quiet');
  scan.close();
  assert.equal(fake.closed(), 1);
});

test('WatchedScan: without a watch (remote filesystem) every poll scans, and watching is retried only every maxQuietMs', async () => {
  let clock = 0;
  let attempts = 0;
  const scan = new WatchedScan<{ n: number }>('/nowhere', () => (attempts++, Promise.resolve(null)), () => clock, 10_000);
  const { next, count } = counting();
  for (let i = 0; i < 5; i++) {
    clock += 1000;
    await scan.run(next, () => false);
  }
  assert.deepEqual([count(), attempts], [5, 1]);
  clock += 10_000;
  await scan.run(next, () => false);
  assert.equal(attempts, 2);
});

test('WatchedScan: a directory replaced by another (a restore swapping it) is watched anew', async () => {
  const parent = mkdtempSync(join(tmpdir(), 'zc-watch-'));
  const dir = join(parent, 'eventloom');
  mkdirSync(dir);
  const watches: ReturnType<typeof fakeWatch>[] = [];
  const scan = new WatchedScan<{ n: number }>(dir, () => {
    const w = fakeWatch(dir);
    watches.push(w);
    return Promise.resolve(w.watch);
  }, () => 0, 10_000);
  const { next, count } = counting();
  await scan.run(next, () => false);
  renameSync(dir, join(parent, 'old'));
  mkdirSync(dir);
  // No event is needed (inotify reports nothing in the new directory): the identity check tells.
  await scan.run(next, () => false);
  assert.equal(watches[0]!.closed(), 1, 'the old directory is no longer watched');
  assert.deepEqual([watches.length, count()], [2, 2], 'the new one is watched and scanned at once');
  await scan.run(next, () => false);
  assert.equal(count(), 2, 'and is then trusted');
});

test('watchDirectory: a real inotify watch sees an append, a new file and a removal', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zc-watch-'));
  writeFileSync(join(dir, 'a.jsonl'), '{}\n');
  const watch = await watchDirectory(dir);
  assert.ok(watch, `a local filesystem (${dir}) is watched`);
  try {
    const sees = async (what: string, change: () => void) => {
      watch.arm();
      assert.equal(watch.changed(), false, `quiet before: ${what}`);
      change();
      await until(() => watch.changed(), what);
    };
    await sees('an append', () => appendFileSync(join(dir, 'a.jsonl'), '{}\n'));
    await sees('a new file', () => writeFileSync(join(dir, 'b.jsonl'), ''));
    await sees('a removal', () => rmSync(join(dir, 'b.jsonl')));
  } finally {
    watch.close();
  }
});

test('watchDirectory: no watch for a path that is not a directory', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zc-watch-'));
  writeFileSync(join(dir, 'f'), '');
  assert.equal(await watchDirectory(join(dir, 'f')), null);
  assert.equal(await watchDirectory(join(dir, 'missing')), null);
});

/** Waits for an inotify event to reach the event loop (a functional wait, not a timing claim). */
async function until(test: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !test(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(test(), `the watch saw ${what}`);
}
