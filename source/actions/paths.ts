// Small filesystem facts the flows ask about, with the durability calls a crash-safe flow needs.
import { access, open } from 'node:fs/promises';

export async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * `path`, or `path-2`, `path-3`… when taken: names stamped to the second collide when two
 * operations run within one second, and a moved-aside copy must never land on another.
 */
export async function unusedPath(path: string): Promise<string> {
  let candidate = path;
  for (let n = 2; await exists(candidate); n += 1) candidate = `${path}-${n}`;
  return candidate;
}

/** fsync a file or a directory (a rename is durable only once its directory is synced). */
export async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
