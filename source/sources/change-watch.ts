// Tells a poller whether a directory may have changed since its last scan, so a still workspace
// costs one stat per poll instead of a listing and a stat per log (issue 5: idle CPU), while a
// change is still seen on the next poll.
// inotify (fs.watch) only sees changes made through this machine's kernel: on network and FUSE
// filesystems a writer on another host would go unnoticed, so only filesystems known to be
// local are watched, and everything else is scanned on every poll as before.
import { statSync, watch as fsWatch, type FSWatcher } from 'node:fs';
import { stat, statfs } from 'node:fs/promises';

/** statfs(2) magic numbers of local filesystems whose changes inotify reports. */
const LOCAL_FILESYSTEMS: ReadonlySet<number> = new Set([
  0xef53, // ext2/3/4
  0x58465342, // xfs
  0x9123683e, // btrfs
  0x01021994, // tmpfs
  0x794c7630, // overlayfs (containers)
  0x2fc12fc1, // zfs
  0xf2f52010, // f2fs
]);

export interface DirectoryIdentity {
  readonly dev: number;
  readonly ino: number;
}

export interface ChangeWatch {
  /** The directory watched, as it was when the watch began (a replaced directory is not watched). */
  readonly identity: DirectoryIdentity;
  /** Something in the directory may have changed since the last `arm()`, or the watch failed. */
  changed(): boolean;
  /** Called right before a scan: only events from now on count as changes after it. */
  arm(): void;
  close(): void;
}

export type WatchDirectory = (dir: string) => Promise<ChangeWatch | null>;

/** A watch on `dir`, or null where watching cannot be trusted (remote filesystem, no inotify slots…). */
export const watchDirectory: WatchDirectory = async (dir) => {
  let watcher: FSWatcher | null = null;
  try {
    const fs = await statfs(dir);
    if (!LOCAL_FILESYSTEMS.has(fs.type)) return null;
    const s = await stat(dir);
    if (!s.isDirectory()) return null;
    let changed = true;
    let failed = false;
    watcher = fsWatch(dir, { persistent: false }, () => {
      changed = true;
    });
    const w = watcher;
    w.on('error', () => {
      failed = true;
      w.close();
    });
    return {
      identity: { dev: s.dev, ino: s.ino },
      changed: () => changed || failed,
      arm: () => {
        changed = false;
      },
      close: () => w.close(),
    };
  } catch {
    // ENOSPC (inotify watch limit), EACCES, a directory gone meanwhile: poll without a watch.
    watcher?.close();
    return null;
  }
};

export interface RescanInputs {
  readonly watching: boolean;
  readonly changed: boolean;
  readonly lastScanAt: number;
  readonly now: number;
  /** Something shown depends on the clock, not only on the files (e.g. a torn line's grace period). */
  readonly timeSensitive: boolean;
  readonly maxQuietMs: number;
}

/**
 * Whether a poll must scan again. A quiet watch is trusted only up to `maxQuietMs` (a missed
 * event, e.g. an overflowing inotify queue, is corrected within that) and never while the answer
 * depends on the clock.
 */
export function mustRescan(i: RescanInputs): boolean {
  return !i.watching || i.changed || i.timeSensitive || i.now - i.lastScanAt >= i.maxQuietMs;
}

/**
 * Runs a directory scan only when `mustRescan` says so, and otherwise hands back the last scan's
 * result (the same object, so nothing downstream recomputes). Keeps its watch on the directory
 * that is there now: a directory replaced by another (a restore swapping it) is watched anew.
 */
export class WatchedScan<T> {
  private watch: ChangeWatch | null = null;
  private lastWatchAttemptAt = -Infinity;
  private last: { readonly value: T; readonly at: number } | null = null;

  constructor(
    private readonly dir: string,
    private readonly watchDir: WatchDirectory,
    private readonly now: () => number,
    private readonly maxQuietMs: number,
  ) {}

  async run(scan: () => Promise<T>, timeSensitive: (last: T) => boolean): Promise<T> {
    const now = this.now();
    // A directory swapped for another (a restore renames the old one away) raises no event in the
    // new one: one stat per poll tells, and the new directory is watched (and scanned) at once.
    if (this.watch && !sameDirectory(this.dir, this.watch.identity)) this.unwatch();
    if (this.watch === null && now - this.lastWatchAttemptAt >= this.maxQuietMs) {
      this.lastWatchAttemptAt = now;
      this.watch = await this.watchDir(this.dir);
    }
    const { last, watch } = this;
    const skip =
      last !== null &&
      !mustRescan({ watching: watch !== null, changed: watch?.changed() ?? true, lastScanAt: last.at, now, timeSensitive: timeSensitive(last.value), maxQuietMs: this.maxQuietMs });
    if (skip) return last.value;
    watch?.arm();
    this.last = null; // a failed scan leaves nothing to reuse
    const value = await scan();
    this.last = { value, at: now };
    return value;
  }

  close(): void {
    this.unwatch();
  }

  private unwatch(): void {
    this.watch?.close();
    this.watch = null;
    this.lastWatchAttemptAt = -Infinity;
  }
}

/**
 * Synchronous on purpose: it runs once per poll and only for a watched directory, which is on a
 * local filesystem, where a directory's stat is answered from the inode cache in microseconds; the
 * thread pool's round trip (a worker's wake-up, then the event loop's) would cost more than that.
 */
function sameDirectory(dir: string, identity: DirectoryIdentity): boolean {
  try {
    const s = statSync(dir);
    return s.dev === identity.dev && s.ino === identity.ino;
  } catch {
    return false; // gone, or no longer reachable: not the directory watched
  }
}
