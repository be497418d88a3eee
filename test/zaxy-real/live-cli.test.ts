// A fresh Eventloom root written by the installed zaxy CLI during the test (not a recording), then
// verified as a workspace: discovery, per-log agreement with Zaxy, exit codes, rotation archives.
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { zaxyInstall } from '../support/zaxy.js';
import { bareHash, byPath, consoleVerify, execFileAsync, zaxyVerdicts } from '../support/zaxy-logs.js';

const dir = mkdtempSync(join(tmpdir(), 'zaxy-live-'));
const root = join(dir, '.eventloom');

async function zaxy(...argv: string[]): Promise<void> {
  await execFileAsync(zaxyInstall().zaxy, [...argv, '--eventloom-path', root], { env: { ...process.env, LANG: 'C.UTF-8' } });
}
const payload = JSON.stringify({ note: 'naïve café ✓ 😀', score: 1.0, eps: 1e-5, big: 1e16, Ünits: { Kb: 2, ka: 0.000025 } });

before(async () => {
  // Sequential: each append takes Zaxy's file lock and reads the tail the previous one wrote.
  await zaxy('hook-event', 'heartbeat', '--session-id', 'mixed', '--source', 'ci');
  await zaxy('memory', 'append', 'decision.made', '--actor', 'live', '--payload-json', payload, '--session-id', 'mixed', '--json');
  await zaxy('hook-event', 'session-start', '--session-id', 'mixed', '--source', 'ci');
  await zaxy('hook-event', 'heartbeat', '--session-id', 'rot', '--source', 'ci');
  await execFileAsync('bash', [join(zaxyInstall().scripts, 'rotate-logs.sh'), '--log', join(root, 'rot.jsonl'), '--name', 'rot-1']);
  await zaxy('hook-event', 'heartbeat', '--session-id', 'rot', '--source', 'ci');
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe('verify on an Eventloom root the zaxy CLI just wrote', () => {
  it('writes the envelopes the spec says it does (v1 first, legacy after hook.session_started)', () => {
    const lines = readFileSync(join(root, 'mixed.jsonl'), 'utf8').trim().split('\n');
    assert.equal(lines.length, 4);
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(
      records.map((r) => ('integrity' in r ? 'v1' : 'legacy')),
      ['v1', 'v1', 'legacy', 'legacy'],
    );
    // A legacy line after a v1 line links with the bare hex of the v1 hash.
    const v1Hash = (records[1]?.integrity as { hash: string }).hash;
    assert.equal(records[2]?.prev_hash, bareHash(v1Hash));
  });

  it('finds the session logs, leaves archive/ alone and agrees with Zaxy on each', async () => {
    const { exitCode, report } = await consoleVerify([root]);
    const ours = byPath(report);
    const logs = [join(root, 'mixed.jsonl'), join(root, 'rot.jsonl')];
    assert.deepEqual([...ours.keys()].sort(), logs);
    const zaxy = await zaxyVerdicts(logs);
    for (const log of logs) {
      const z = zaxy.get(log)?.report;
      const o = ours.get(log);
      assert.ok(z && o);
      assert.equal(z.ok, true, `Zaxy finds ${log} broken: ${z.broken_reason}`);
      assert.deepEqual({ ok: o.ok, total_events: o.total_events, broken_at_seq: o.broken_at_seq, broken_reason: o.broken_reason }, z);
    }
    assert.equal(ours.get(join(root, 'mixed.jsonl'))?.total_events, 4);
    assert.deepEqual(ours.get(join(root, 'mixed.jsonl'))?.envelopes, { legacy: 2, v1: 2 });
    assert.equal(report.ok, true);
    assert.equal(exitCode, 0);
  });

  it('with --archive also verifies the rotated archive and its .sha256 manifest', async () => {
    const archive = join(root, 'archive', 'rot-1.jsonl');
    const intact = await consoleVerify(['--archive', root]);
    assert.equal(intact.exitCode, 0);
    assert.equal(byPath(intact.report).get(archive)?.ok, true, 'archive verified');

    // A blank line keeps the chain valid (Zaxy skips it) but no longer matches the manifest.
    appendFileSync(archive, '\n');
    const zaxy = await zaxyVerdicts([archive]);
    assert.equal(zaxy.get(archive)?.report?.ok, true);
    const damaged = await consoleVerify(['--archive', root]);
    assert.equal(damaged.report.ok, false, 'a manifest mismatch must fail the run');
    assert.equal(damaged.exitCode, 1);
  });

  it('exits 1 once a log is tampered with, and names the break as Zaxy does', async () => {
    const log = join(root, 'mixed.jsonl');
    const lines = readFileSync(log, 'utf8').split('\n');
    lines[1] = (lines[1] ?? '').replace('"payload":{', '"payload":{"x":1,');
    writeFileSync(log, lines.join('\n'));
    const [zaxy, ours] = await Promise.all([zaxyVerdicts([log]), consoleVerify([log])]);
    assert.deepEqual(zaxy.get(log)?.report, { ok: false, total_events: 4, broken_at_seq: 2, broken_reason: 'Event 2 hash mismatch' });
    const o = byPath(ours.report).get(log);
    assert.ok(o, 'verify reported the log');
    assert.equal(o.broken_reason, 'Event 2 hash mismatch');
    assert.equal(o.reason_code, 'hash_mismatch');
    assert.equal(o.broken_line, 2);
    assert.equal(ours.exitCode, 1);
  });
});
