// A session log's head read now, from its last complete line: for the Neo4j source when the graph
// is ahead of the workspace's last scan (a log that grew since; Zaxy projects as it appends), so a
// fresh append is not reported as "latest hash differs". Reads at most the last 64 KiB.
import { open } from 'node:fs/promises';
import { parseJson, readZaxy, stripPrefix } from '../eventloom/index.js';
import type { SessionHead } from './projection-status.js';

const TAIL_BYTES = 64 * 1024;

/** The head of the log at `path` now; null when its last line is not a Zaxy event with a seq of its own. */
export async function readSessionHead(sessionId: string, path: string): Promise<SessionHead | null> {
  let tail: Buffer;
  try {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, TAIL_BYTES);
      tail = Buffer.alloc(length);
      await handle.read(tail, 0, length, size - length);
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
  // Complete lines only: a line still being written is not the head yet.
  const lines = tail.toString('utf8', 0, tail.lastIndexOf(0x0a) + 1).split('\n');
  const last = lines.reverse().find((l) => l.trim() !== '');
  if (last === undefined) return null;
  try {
    const record = parseJson(last);
    if (!(record instanceof Map)) return null;
    // Position 0: a v1 event whose seq only its position gives cannot be placed from the tail.
    const reading = readZaxy(record, 0);
    if ('invalid' in reading || reading.seq < 1) return null;
    return { sessionId, latestSeq: reading.seq, latestHash: stripPrefix(reading.hash), path };
  } catch {
    return null;
  }
}
