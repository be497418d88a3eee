// Which files under an Eventloom root are session logs. Zaxy discovers logs with a top-level
// `*.jsonl` glob only; everything else is listed as skipped with the reason, like
// `zaxy memory status` does, so nothing is silently ignored.
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export interface SkippedEntry {
  readonly path: string;
  readonly reason: string;
}

export interface Workspace {
  readonly root: string;
  /** Top-level session logs, sorted by name. */
  readonly logs: readonly string[];
  /** Rotated archives under `archive/`, sorted by name. */
  readonly archives: readonly string[];
  readonly skipped: readonly SkippedEntry[];
}

export const DEFAULT_EVENTLOOM_PATH = '.eventloom';

/** `--eventloom-path`, else `EVENTLOOM_PATH`, else `./.eventloom` (Zaxy's default). */
export function resolveEventloomRoot(flag: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string {
  const chosen = flag ?? (env.EVENTLOOM_PATH ? env.EVENTLOOM_PATH : undefined) ?? DEFAULT_EVENTLOOM_PATH;
  return resolve(cwd, chosen);
}

/** Why a top-level entry is not a session log, or null when it is one. */
export function skipReason(name: string, isDirectory: boolean, isFile: boolean): string | null {
  if (isDirectory) {
    switch (name) {
      case 'archive':
        return 'rotated archives, not live session logs (check them with --archive)';
      case 'projections':
        return 'graph projection store, not a session log';
      case 'refs':
        return 'refs, not a session log';
      default:
        return 'directory: only top-level *.jsonl files are session logs';
    }
  }
  if (name === 'remote_audit.jsonl') return 'remote audit log, not a session log';
  if (/\.snapshot-\d+\.json$/.test(name)) return 'projection snapshot, not a session log';
  if (name.endsWith('.lock')) return 'Eventloom append lock: a writer is active, or one crashed and left it';
  if (!name.endsWith('.jsonl')) return 'not a *.jsonl session log';
  if (!isFile) return 'not a regular file';
  return null;
}

export interface DiscoverOptions {
  /** List `archive/` too (default true); the console's once-a-second poll has no use for it. */
  readonly archives?: boolean;
}

export async function discoverWorkspace(root: string, options: DiscoverOptions = {}): Promise<Workspace> {
  const entries = await readdir(root, { withFileTypes: true });
  const logs: string[] = [];
  const skipped: SkippedEntry[] = [];
  let hasArchive = false;
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(root, entry.name);
    const reason = skipReason(entry.name, entry.isDirectory(), entry.isFile());
    if (reason === null) logs.push(path);
    else skipped.push({ path: entry.isDirectory() ? `${path}/` : path, reason });
    if (entry.name === 'archive' && entry.isDirectory()) hasArchive = true;
  }
  const archives = hasArchive && options.archives !== false ? await listArchives(join(root, 'archive')) : [];
  return { root, logs, archives, skipped };
}

async function listArchives(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.jsonl'))
    .map((e) => join(dir, e.name))
    .sort();
}
