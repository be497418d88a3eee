// The line splitter under every chunking, and resuming verification from a checkpoint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { LineSplitter, readLines, verifyFile, type RawLine } from '../../source/eventloom/index.js';

const vectors = join(import.meta.dirname, '..', 'fixtures', 'eventloom', 'spec-vectors');

function split(input: Buffer, cuts: number[]): RawLine[] {
  const out: RawLine[] = [];
  const splitter = new LineSplitter(0, 1, (l) => {
    out.push({ ...l, bytes: Buffer.from(l.bytes) });
  });
  let at = 0;
  for (const cut of [...cuts, input.length]) {
    splitter.push(input.subarray(at, Math.max(at, cut)));
    at = Math.max(at, cut);
  }
  splitter.finish();
  return out;
}

/** The reference: lines split on \r\n, \n or a lone \r, as Python's universal newlines do. */
function reference(input: string): { text: string; terminated: boolean }[] {
  const parts = input.split(/(\r\n|\n|\r)/);
  const out: { text: string; terminated: boolean }[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const text = parts[i]!;
    const terminated = i + 1 < parts.length;
    if (terminated || text !== '') out.push({ text, terminated });
  }
  return out;
}

test('property: any chunking gives the same lines, offsets and numbers as a whole-string split', () => {
  fc.assert(
    fc.property(
      fc.string({ unit: fc.constantFrom('a', 'é', '\n', '\r', ' ', '{', '😀'), maxLength: 60 }),
      fc.array(fc.nat(80), { maxLength: 8 }),
      (text, cuts) => {
        const input = Buffer.from(text);
        const lines = split(input, cuts.sort((a, b) => a - b));
        const want = reference(text);
        assert.deepEqual(lines.map((l) => ({ text: l.bytes.toString(), terminated: l.terminated })), want);
        lines.forEach((l, i) => {
          assert.equal(l.line, i + 1);
          assert.equal(l.start, i === 0 ? 0 : lines[i - 1]!.end);
        });
        assert.equal(lines.at(-1)?.end ?? 0, input.length);
      },
    ),
    { numRuns: 2000 },
  );
});

test('readLines: tiny chunks, CRLF split across chunk boundaries, unterminated tail', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'eventloom-lines-'));
  const file = join(dir, 'x.jsonl');
  writeFileSync(file, 'ab\r\ncd\r\r\nef');
  const got: [string, number, boolean][] = [];
  const { end } = await readLines(file, { chunkBytes: 3 }, (l) => {
    got.push([l.bytes.toString(), l.line, l.terminated]);
  });
  assert.deepEqual(got, [['ab', 1, true], ['cd', 2, true], ['', 3, true], ['ef', 4, false]]);
  assert.equal(end, 11);
});

test('resume: verifying only the appended bytes from a checkpoint equals a full run', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'eventloom-resume-'));
  const file = join(dir, 'b.jsonl');
  const all = readFileSync(join(vectors, 'b-backend-shootout-agent-1.jsonl'), 'utf8').split('\n');
  writeFileSync(file, `${all.slice(0, 2).join('\n')}\n`);
  const first = await verifyFile(file);
  assert.equal(first.checkpoint.seq, 2);
  appendFileSync(file, `${all.slice(2).join('\n')}`);
  const tail = await verifyFile(file, { resume: first.checkpoint });
  const full = await verifyFile(file);
  assert.equal(tail.ok, true);
  assert.equal(tail.last_good_hash, full.last_good_hash);
  assert.equal(tail.last_good_seq, 4);
  assert.equal(tail.bytes_verified, full.bytes_verified - first.checkpoint.offset);
  assert.equal(tail.total_events, full.total_events);
  assert.deepEqual(tail.envelopes, full.envelopes);

  // A forged append that does not link to the checkpoint is caught on resume.
  copyFileSync(join(vectors, 'a-activation-agent-1.jsonl'), file);
  const a = await verifyFile(file);
  appendFileSync(file, `${all[2]}\n`); // B's seq 3: sealed, but chained to B's seq 2, not A's

  const forged = await verifyFile(file, { resume: a.checkpoint });
  assert.equal(forged.ok, false);
  assert.equal(forged.reason_code, 'prev_hash_mismatch');
  assert.equal(forged.broken_line, 3);
});

test('fromSeq: judges from seq N, linking N to the hash stored on N-1', async () => {
  const file = join(vectors, 'b-backend-shootout-agent-1.jsonl');
  const report = await verifyFile(file, { fromSeq: 3 });
  assert.equal(report.ok, true);
  assert.equal(report.from_seq, 3);
  assert.equal(report.last_good_seq, 4);
  assert.equal(report.total_events, 4);

  const dir = mkdtempSync(join(tmpdir(), 'eventloom-from-'));
  const lines = readFileSync(file, 'utf8').split('\n');
  const relinked = join(dir, 'relinked.jsonl');
  lines[1] = lines[1]!.replace(/"hash":"[0-9a-f]{64}"/, `"hash":"${'1'.repeat(64)}"`);
  writeFileSync(relinked, lines.join('\n'));
  const broken = await verifyFile(relinked, { fromSeq: 3 });
  assert.equal(broken.reason_code, 'prev_hash_mismatch');
  assert.equal(broken.broken_at_seq, 3);
  assert.equal(broken.broken_reason, 'Event 3 prev_hash does not link to previous');
  const past = await verifyFile(file, { fromSeq: 9 });
  assert.ok(past.warnings.some((w) => w.includes('past the last event')));
});

test('workspace discovery: top-level *.jsonl only, everything else skipped with a reason', async () => {
  const { discoverWorkspace, resolveEventloomRoot } = await import('../../source/eventloom/index.js');
  const { mkdirSync } = await import('node:fs');
  const dir = mkdtempSync(join(tmpdir(), 'eventloom-ws-'));
  for (const f of ['default.jsonl', 'agent-1.jsonl', 'remote_audit.jsonl', 'agent-1.snapshot-12.json', 'agent-1.jsonl.lock', 'notes.txt']) writeFileSync(join(dir, f), '');
  for (const d of ['archive', 'projections', 'refs', 'other', 'dir.jsonl']) mkdirSync(join(dir, d));
  writeFileSync(join(dir, 'archive', 'default-20260520T000000Z.jsonl'), '');
  writeFileSync(join(dir, 'archive', 'default-20260520T000000Z.sha256'), '');
  const ws = await discoverWorkspace(dir);
  assert.deepEqual(ws.logs.map((p) => p.slice(dir.length + 1)), ['agent-1.jsonl', 'default.jsonl']);
  assert.deepEqual(ws.archives.map((p) => p.slice(dir.length + 1)), ['archive/default-20260520T000000Z.jsonl']);
  const reasons = Object.fromEntries(ws.skipped.map((s) => [s.path.slice(dir.length + 1), s.reason]));
  assert.match(reasons['remote_audit.jsonl']!, /remote audit/);
  assert.match(reasons['agent-1.snapshot-12.json']!, /snapshot/);
  assert.match(reasons['agent-1.jsonl.lock']!, /lock/);
  assert.match(reasons['archive/']!, /--archive/);
  assert.match(reasons['projections/']!, /projection/);
  assert.match(reasons['refs/']!, /refs/);
  assert.match(reasons['dir.jsonl/']!, /directory/);
  assert.match(reasons['notes.txt']!, /not a \*\.jsonl/);
  assert.equal(resolveEventloomRoot(undefined, {}, '/srv'), '/srv/.eventloom');
  assert.equal(resolveEventloomRoot(undefined, { EVENTLOOM_PATH: 'logs' }, '/srv'), '/srv/logs');
  assert.equal(resolveEventloomRoot('/x', { EVENTLOOM_PATH: 'logs' }, '/srv'), '/x');
});

test('a partial last line that completes while we wait is re-read (settlePartialMs)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'eventloom-settle-'));
  const file = join(dir, 'b.jsonl');
  const text = readFileSync(join(vectors, 'b-backend-shootout-agent-1.jsonl'), 'utf8');
  writeFileSync(file, text.slice(0, -100));
  const settling = verifyFile(file, { settlePartialMs: 300 });
  setTimeout(() => appendFileSync(file, text.slice(-100)), 50);
  const report = await settling;
  assert.equal(report.ok, true, JSON.stringify(report));
  assert.equal(report.total_events, 4);
  writeFileSync(file, text.slice(0, -100));
  assert.equal((await verifyFile(file, { settlePartialMs: 20 })).reason_code, 'partial_trailing_line');
});
