// The backups directory as backup.sh leaves it: `zaxy-backup-*.tar.gz` plus a `sha256sum` manifest
// beside each. Lists them newest first with age, size and whether the manifest matches; the
// archive hash is computed once per file and remembered by size+mtime, so a poll of an unchanged
// directory reads no archive bytes. Content verification is on demand (it reads whole archives).
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConsoleConfig } from '../config.js';
import { manifestPathFor, parseManifest, sha256File } from '../eventloom/index.js';
import { verifyBackupContents, type BackupContents } from './backup-contents.js';
import { WatchedScan, type WatchDirectory } from './change-watch.js';
import type { Collector } from './poller.js';

export type ManifestStatus = 'ok' | 'mismatch' | 'missing' | 'unreadable' | 'bad_manifest';
export type BackupFreshness = 'ok' | 'too_old' | 'missing';

export interface BackupEntry {
  readonly name: string;
  readonly path: string;
  readonly size_bytes: number;
  /** The archive's mtime: when backup.sh finished writing it. */
  readonly created_at: string;
  readonly age_seconds: number;
  readonly manifest: ManifestStatus;
  readonly manifest_path: string;
  readonly sha256: string | null;
  /** Result of the last `verifyContents` for this exact file (same size and mtime), if any. */
  readonly contents: BackupContents | null;
}

export interface BackupsSnapshot {
  readonly backup_dir: string;
  readonly dir_exists: boolean;
  readonly count: number;
  readonly newest: string | null;
  readonly newest_age_seconds: number | null;
  readonly max_age_seconds: number;
  readonly freshness: BackupFreshness;
  readonly backups: readonly BackupEntry[];
  readonly collected_at: string;
}

export interface BackupsCollector extends Collector<BackupsSnapshot> {
  /** Verifies every Eventloom log inside one archive (by file name); the result is remembered. */
  verifyContents(name: string, signal?: AbortSignal): Promise<BackupContents>;
}

export interface BackupsCollectorOptions {
  readonly now?: () => number;
  /** Test hook: observes each archive hash actually computed (to prove the cache works). */
  readonly onHash?: (path: string) => void;
  /**
   * Watch the directory and list it again only when something in it changed (the console, polling
   * every few seconds): a still directory then costs one stat per poll instead of a listing, a
   * stat per archive and a read per manifest. It is still listed at least every `maxQuietMs`
   * (default 60 s), in case an event was missed.
   */
  readonly watch?: WatchDirectory;
  readonly maxQuietMs?: number;
}

/** What a listing found of one archive: the files' facts, before the clock is read. */
interface BackupFile {
  readonly name: string;
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly createdAt: string;
  readonly manifest: ManifestStatus;
  readonly manifestPath: string;
  readonly sha256: string;
}

interface Listing {
  readonly exists: boolean;
  readonly files: readonly BackupFile[];
}

const ARCHIVE = /^zaxy-backup-.+\.tar\.gz$/;

interface Cached<T> {
  readonly size: number;
  readonly mtimeMs: number;
  readonly value: T;
}

/** Pure: how old may the newest backup be before it is a warning. */
export function backupFreshness(newestAgeSeconds: number | null, maxAgeSeconds: number): BackupFreshness {
  if (newestAgeSeconds === null) return 'missing';
  return newestAgeSeconds > maxAgeSeconds ? 'too_old' : 'ok';
}

export function createBackupsCollector(
  config: Pick<ConsoleConfig, 'backupDir' | 'backupMaxAgeHours'>,
  options: BackupsCollectorOptions = {},
): BackupsCollector {
  const dir = config.backupDir.value;
  const maxAgeSeconds = Math.round(config.backupMaxAgeHours.value * 3600);
  const now = options.now ?? Date.now;
  const hashes = new Map<string, Cached<string>>();
  const contents = new Map<string, Cached<BackupContents>>();

  const fresh = <T>(cache: Map<string, Cached<T>>, path: string, size: number, mtimeMs: number): T | null => {
    const hit = cache.get(path);
    return hit && hit.size === size && hit.mtimeMs === mtimeMs ? hit.value : null;
  };

  async function hashOf(path: string, size: number, mtimeMs: number, signal?: AbortSignal): Promise<string> {
    const cached = fresh(hashes, path, size, mtimeMs);
    if (cached !== null) return cached;
    options.onHash?.(path);
    const value = await sha256File(path, signal);
    hashes.set(path, { size, mtimeMs, value });
    return value;
  }

  async function file(name: string, signal: AbortSignal): Promise<BackupFile | null> {
    const path = join(dir, name);
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null; // deleted mid-scan
      throw error;
    }
    if (!info.isFile()) return null;
    const sha256 = await hashOf(path, info.size, info.mtimeMs, signal);
    const manifest = manifestPathFor(path);
    const createdAt = new Date(info.mtimeMs).toISOString();
    return { name, path, size: info.size, mtimeMs: info.mtimeMs, createdAt, manifest: await manifestStatus(manifest, name, sha256), manifestPath: manifest, sha256 };
  }

  async function list(signal: AbortSignal): Promise<Listing> {
    let names: string[];
    try {
      names = (await readdir(dir)).filter((n) => ARCHIVE.test(n));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      return { exists: false, files: [] };
    }
    const files: BackupFile[] = [];
    for (const name of names) {
      signal.throwIfAborted();
      const found = await file(name, signal);
      if (found) files.push(found);
    }
    return { exists: true, files };
  }

  /** Ages and content checks are read when the snapshot is taken: they move without the files. */
  const entryAt = (f: BackupFile, at: number): BackupEntry => ({
    name: f.name,
    path: f.path,
    size_bytes: f.size,
    created_at: f.createdAt,
    age_seconds: Math.max(0, Math.round((at - f.mtimeMs) / 1000)),
    manifest: f.manifest,
    manifest_path: f.manifestPath,
    sha256: f.sha256,
    contents: fresh(contents, f.path, f.size, f.mtimeMs),
  });

  // Nothing in a listing depends on the clock, so a quiet watch is trusted for all of maxQuietMs.
  const watched = options.watch ? new WatchedScan<Listing>(dir, options.watch, now, options.maxQuietMs ?? 60_000) : null;
  return {
    async collect(signal) {
      const listing = watched ? await watched.run(() => list(signal), () => false) : await list(signal);
      const at = now();
      const entries = listing.files.map((f) => entryAt(f, at));
      entries.sort((a, b) => a.age_seconds - b.age_seconds || (a.name < b.name ? 1 : -1));
      return snapshot(dir, listing.exists, entries, maxAgeSeconds, at);
    },

    async verifyContents(name, signal) {
      if (!ARCHIVE.test(name) || name.includes('/')) throw new Error(`not a backup archive name: ${name}`);
      const path = join(dir, name);
      const info = await stat(path);
      const value = await verifyBackupContents(path, signal, now);
      contents.set(path, { size: info.size, mtimeMs: info.mtimeMs, value });
      return value;
    },

    close() {
      watched?.close();
      return Promise.resolve();
    },
  };
}

function snapshot(dir: string, exists: boolean, backups: BackupEntry[], maxAgeSeconds: number, now: number): BackupsSnapshot {
  const newest = backups[0] ?? null;
  return {
    backup_dir: dir,
    dir_exists: exists,
    count: backups.length,
    newest: newest?.name ?? null,
    newest_age_seconds: newest?.age_seconds ?? null,
    max_age_seconds: maxAgeSeconds,
    freshness: backupFreshness(newest?.age_seconds ?? null, maxAgeSeconds),
    backups,
    collected_at: new Date(now).toISOString(),
  };
}

async function manifestStatus(manifest: string, archiveName: string, sha256: string): Promise<ManifestStatus> {
  let text: string;
  try {
    text = await readFile(manifest, 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable';
  }
  const expected = parseManifest(text, archiveName);
  if (expected === null) return 'bad_manifest';
  return expected === sha256 ? 'ok' : 'mismatch';
}
