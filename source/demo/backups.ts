// Backup archives laid out exactly as Zaxy's scripts/backup.sh makes them: NAME.tar.gz holding
// `.eventloom/…` (plus the docs it picks up) and NAME.sha256 with one `sha256sum` line.
import { createHash } from 'node:crypto';
import { tarGz, type TarEntry } from './tar.js';

export interface BackupFiles {
  /** Relative path inside the deployment root → content. */
  readonly files: ReadonlyMap<string, string>;
  readonly atMs: number;
}

export interface BuiltBackup {
  readonly name: string;
  readonly archive: Buffer;
  /** The manifest text, `<hex>  NAME.tar.gz\n`. */
  readonly manifest: string;
  readonly atMs: number;
}

/** `zaxy-backup-` + `date -u +%Y%m%dT%H%M%SZ`. */
export function backupName(atMs: number): string {
  const stamp = new Date(atMs).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
  return `zaxy-backup-${stamp}`;
}

export function buildBackup({ files, atMs }: BackupFiles): BuiltBackup {
  const name = backupName(atMs);
  const entries: TarEntry[] = [];
  const dirs = new Set<string>();
  for (const path of [...files.keys()].sort()) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = `${parts.slice(0, i).join('/')}/`;
      if (!dirs.has(dir)) {
        dirs.add(dir);
        entries.push({ name: dir, mtimeMs: atMs });
      }
    }
    entries.push({ name: path, content: Buffer.from(files.get(path) ?? '', 'utf8'), mtimeMs: atMs });
  }
  const archive = tarGz(entries);
  const hex = createHash('sha256').update(archive).digest('hex');
  return { name, archive, manifest: `${hex}  ${name}.tar.gz\n`, atMs };
}
