// The backups in a directory as the flows see them: NAME.tar.gz with its NAME.sha256 beside it
// (an archive without a manifest is unfinished or foreign and never counts as a backup).
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { manifestPathFor } from '../../eventloom/index.js';
import { exists } from '../paths.js';

export interface BackupFile {
  readonly archive: string;
  readonly manifest: string;
  readonly mtimeMs: number;
}

/** Newest first. */
export async function listBackups(dir: string): Promise<BackupFile[]> {
  if (!(await exists(dir))) return [];
  const found: BackupFile[] = [];
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.tar.gz') || name.startsWith('.')) continue;
    const archive = join(dir, name);
    const manifest = manifestPathFor(archive);
    if (!(await exists(manifest))) continue;
    found.push({ archive, manifest, mtimeMs: (await stat(archive)).mtimeMs });
  }
  return found.sort((a, b) => b.mtimeMs - a.mtimeMs);
}
