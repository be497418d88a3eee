// Pure: which *.jsonl files `zaxy memory status` skips instead of listing as sessions
// (memory_status.py `_eventlog_skip_reason`), judged from the first non-empty line only. A file
// that passes is verified in full; this keeps non-event JSONL (notes, exports) from being reported
// as a broken chain, and uses Zaxy's own wording.
import { JsonSyntaxError, parseJson, pyStrip } from '../eventloom/index.js';

const ZAXY_REQUIRED = ['actor', 'hash', 'payload', 'seq', 'timestamp', 'type'];
const V1_SHAPE = ['id', 'type', 'actorId', 'threadId', 'payload', 'integrity'];

/**
 * `head`: the first bytes of the file; `wholeFile`: whether that is all of it. Returns Zaxy's skip
 * reason, or null for a session log (or when the first line does not fit in `head`).
 */
export function firstLineSkipReason(head: Buffer, wholeFile: boolean): string | null {
  const text = head.toString('utf8');
  // Python's universal newlines; str.strip() keeps a BOM, so a BOM line is non-empty (and not JSON).
  const lines = text.split(/\r\n|\n|\r/);
  const index = lines.findIndex((l) => pyStrip(l) !== '');
  if (index === -1) return null;
  if (index === lines.length - 1 && !wholeFile) return null;
  let record;
  try {
    record = parseJson(pyStrip(lines[index] ?? ''));
  } catch (error) {
    if (error instanceof JsonSyntaxError) return 'first non-empty line is not valid JSON';
    throw error;
  }
  if (!(record instanceof Map)) return 'first non-empty line is not a JSON object';
  if (V1_SHAPE.every((k) => record.has(k))) return null;
  const missing = ZAXY_REQUIRED.filter((k) => !record.has(k));
  return missing.length > 0 ? `missing required Eventloom event fields: ${missing.join(', ')}` : null;
}
