// The backups directory as backup.sh leaves it: `zaxy-backup-*.tar.gz` plus a `sha256sum` manifest
// beside each. Lists them newest first with age, size and whether the manifest matches; the
// archive hash is computed once per file and remembered by size+mtime, so a poll of an unchanged
// directory reads no archive bytes. Content verification is on demand (it reads whole archives).
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConsoleConfig } from '../config.js';
import { manifestPathFor, parseManifest, sha256File } from '../eventloom/index.js';
import { verifyBackupContents, type BackupContents } from './backup-contents.js';
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

  async function entry(name: string, signal: AbortSignal): Promise<BackupEntry | null> {
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
    return {
      name,
      path,
      size_bytes: info.size,
      created_at: new Date(info.mtimeMs).toISOString(),
      age_seconds: Math.max(0, Math.round((now() - info.mtimeMs) / 1000)),
      manifest: await manifestStatus(manifest, name, sha256),
      manifest_path: manifest,
      sha256,
      contents: fresh(contents, path, info.size, info.mtimeMs),
    };
  }

  return {
    async collect(signal) {
      let names: string[];
      try {
        names = (await readdir(dir)).filter((n) => ARCHIVE.test(n));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        return snapshot(dir, false, [], maxAgeSeconds, now());
      }
      const entries: BackupEntry[] = [];
      for (const name of names) {
        signal.throwIfAborted();
        const found = await entry(name, signal);
        if (found) entries.push(found);
      }
      entries.sort((a, b) => a.age_seconds - b.age_seconds || (a.name < b.name ? 1 : -1));
      return snapshot(dir, true, entries, maxAgeSeconds, now());
    },

    async verifyContents(name, signal) {
      if (!ARCHIVE.test(name) || name.includes('/')) throw new Error(`not a backup archive name: ${name}`);
      const path = join(dir, name);
      const info = await stat(path);
      const value = await verifyBackupContents(path, signal, now);
      contents.set(path, { size: info.size, mtimeMs: info.mtimeMs, value });
      return value;
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
