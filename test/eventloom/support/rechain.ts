// Forged but consistent Zaxy logs: one line edited, then it and every line after it sealed anew
// (its hash, and the next line's previous hash), so only the edit itself can be caught. Hashes
// come from our own sealer, which the oracle and real-log tests hold to Zaxy's.
import assert from 'node:assert/strict';
import { seal, sealZaxyLine } from '../../../source/eventloom/fast-zaxy.js';

/** The hex sha256 Zaxy computes for a Zaxy line (legacy or v1), whatever hash it carries. */
export function digestHex(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  assert.ok(sealZaxyLine(bytes, 0, bytes.length, 0), 'the line seals');
  return Buffer.from(seal.digest, 'latin1').toString('hex');
}

export const isLegacyLine = (line: string): boolean => !line.includes('"integrity":');

/**
 * `lines` (a log without its final newline, split) with the first line after index 500 that
 * `edit` changes (non-null) edited and the chain re-sealed from there; the log's text.
 */
export function rechained(lines: readonly string[], edit: (line: string) => string | null): string {
  const all = [...lines];
  const at = all.findIndex((l, i) => i > 500 && edit(l) !== null);
  assert.ok(at > 0, 'a line to edit');
  all[at] = edit(all[at]!) as string;
  let previous = digestHex(all[at - 1]!);
  for (let i = at; i < all.length; i++) {
    all[i] = all[i]!.replace(/"prev_hash":(null|"[0-9a-f]{64}")/, `"prev_hash":"${previous}"`).replace(/"previousHash":(null|"sha256:[0-9a-f]{64}")/, `"previousHash":"sha256:${previous}"`);
    const own = digestHex(all[i]!);
    all[i] = all[i]!.replace(/("hash":"(?:sha256:)?)[0-9a-f]{64}"/, `$1${own}"`);
    previous = own;
  }
  return `${all.join('\n')}\n`;
}

/** The edits: each keeps a line's own hash right but breaks what Zaxy or our scan checks besides. */
export const chainEdits: Record<string, (line: string) => string | null> = {
  'a legacy seq that skips': (l) => (isLegacyLine(l) ? l.replace(/"seq":(\d+)/, (_, n: string) => `"seq":${Number(n) + 3}`) : null),
  'a v1 id that does not match its content': (l) =>
    isLegacyLine(l) ? null : l.replace(/("id":"evt_zaxy_\d{12}_[0-9a-f]{15})[0-9a-f]"/, (_, head: string) => `${head}${head.endsWith('0') ? '1' : '0'}"`),
  'a v1 id of another writer (seq by position)': (l) => (isLegacyLine(l) ? null : l.replace(/"id":"evt_zaxy_[^"]+"/, '"id":"evt_other_1"')),
  // On a legacy line: a v1 id would no longer match (its seed holds the timestamp).
  'a timestamp Zaxy refuses': (l) => (isLegacyLine(l) ? l.replace(/"timestamp":"(\d{4})-\d\d-/, '"timestamp":"$1-13-') : null),
};
