// The demo's pure parts: a seed pins the whole event stream, and the traffic model produces the
// bursts and fallbacks the console panes are meant to show.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { asciiJson, EMPTY_CHAIN, seal, tamperLine } from '../../source/demo/envelope.js';
import { pyDigest } from '../../source/demo/digest.js';
import { backfill, createSessionChain, tailOf, zaxyWriterFormat } from '../../source/demo/history.js';
import { createRng } from '../../source/demo/rng.js';
import { DEMO_SESSIONS, zaxyTimestamp } from '../../source/demo/sessions.js';
import { BURST_KINDS, createBurstSchedule, trafficAt } from '../../source/demo/traffic.js';
import { backupName } from '../../source/demo/backups.js';

const history = (seed: number) =>
  DEMO_SESSIONS.map((profile) => backfill(createSessionChain(profile, createRng(seed), pyDigest), 1_700_000_000_000, 1_700_003_600_000).map((l) => l.line));

test('the same seed gives byte-identical logs; another seed differs', () => {
  assert.deepEqual(history(42), history(42));
  assert.notDeepEqual(history(42), history(43));
});

test('legacy sessions open with hook.session_started and never carry v1 fields; v1 lines are ASCII with evt_zaxy_ ids', () => {
  for (const [i, lines] of history(5).entries()) {
    const profile = DEMO_SESSIONS[i]!;
    assert.equal(lines.length, profile.history);
    const first = JSON.parse(lines[0]!);
    if (profile.format === 'legacy') {
      assert.equal(first.type, 'hook.session_started');
      assert.equal(first.prev_hash, null);
      for (const line of lines) assert.match(JSON.parse(line).hash, /^[0-9a-f]{64}$/);
    } else {
      for (const [n, line] of lines.entries()) {
        assert.match(line, /^[\x20-\x7e]+$/, 'json.dumps escapes non-ASCII');
        const record = JSON.parse(line);
        assert.match(record.id, new RegExp(`^evt_zaxy_${String(n + 1).padStart(12, '0')}_[0-9a-f]{16}$`));
        assert.match(record.type, /^[a-z][a-z0-9]*(\.[a-z][a-z0-9]*)+$/);
      }
    }
  }
});

test('the demo includes non-ASCII payloads and redacted secrets', () => {
  const all = history(9).flat().join('\n');
  assert.match(all, /[^\x00-\x7f]/, 'legacy lines carry raw UTF-8');
  assert.match(all, /\\u00e9|\\u30ed|\\u2014/, 'v1 lines carry escapes');
  assert.match(all, /"\[REDACTED\]"/);
  assert.match(all, /"sensitivity":"restricted"/);
});

test('sealing follows spec vector E (Zaxy v1) and vector A (legacy) exactly', () => {
  const v1 = seal(
    'v1',
    { type: 'goal.created', actor: 'user', thread: 'default', payload: { title: 'Ship it' }, redacted: [] },
    '2026-05-20T12:00:00Z',
    EMPTY_CHAIN,
    pyDigest,
  );
  assert.equal(JSON.parse(v1.line).id, 'evt_zaxy_000000000001_d96b52e4ef91779b');
  assert.equal(v1.tip.hash, 'sha256:1759ecbf48d0217fc5e81f467c19e870eba366fc41416116a4dd5cb1afb1af9d');
  const v1b = seal(
    'v1',
    { type: 'task.proposed', actor: 'assistant', thread: 'default', payload: { task: 'Write café docs' }, redacted: [] },
    '2026-05-20T12:00:01.250000Z',
    v1.tip,
    pyDigest,
  );
  assert.equal(v1b.tip.hash, 'sha256:a5494868607e22d6696f424e7918baff4ba80ea0ae42a4c77372286b20fc206f');
  assert.ok(v1b.line.includes('caf\\u00e9'));
  const legacy = seal(
    'legacy',
    { type: 'transcript.turn', actor: 'assistant', thread: 'agent-1', payload: { source: 'release-gate', role: 'assistant', content: 'Release gate activation fixture.' }, redacted: [] },
    '2026-05-20T11:59:00Z',
    { seq: 1, hash: 'cb8718cce9c5679ae7699e8d00bb0b7c2cb16dadf4aa04bd5753541f73213fc1' },
    pyDigest,
  );
  assert.equal(legacy.tip.hash, '6456116506f52f7c996f3b1fa30fb453fa1e19b8dbe460b7f51800d45beb1972');
});

test('tamperLine changes the payload but leaves the stored hash, so only a re-hash notices', () => {
  const line = history(3)[3]![5]!;
  const tampered = JSON.parse(tamperLine(line));
  const original = JSON.parse(line);
  assert.equal(tampered.hash, original.hash);
  assert.notDeepEqual(tampered.payload, original.payload);
});

test('asciiJson escapes like json.dumps (DEL, BMP, astral as surrogate pairs)', () => {
  assert.equal(asciiJson({ t: 'a\u007fé😀' }), '{"t":"a\\u007f\\u00e9\\ud83d\\ude00"}');
});

test('timestamps and backup names use Zaxy formats', () => {
  assert.equal(zaxyTimestamp(Date.UTC(2026, 4, 20, 12, 0, 0, 999), 0), '2026-05-20T12:00:00Z');
  assert.equal(zaxyTimestamp(Date.UTC(2026, 4, 20, 12, 0, 0), 1250), '2026-05-20T12:00:00.001250Z');
  assert.equal(backupName(Date.UTC(2026, 10, 28, 9, 5, 7)), 'zaxy-backup-20261128T090507Z');
});

test('bursts: the first three show every runbook reason once, then recur; each lasts 8–20 s', () => {
  const at = createBurstSchedule(createRng(1));
  const seen: string[] = [];
  let last: string | null = null;
  for (let t = 0; t < 1200; t++) {
    const burst = at(t);
    const key = burst ? `${burst.reason}@${burst.startS}` : null;
    if (burst && key !== last) {
      seen.push(burst.reason);
      assert.ok(burst.endS - burst.startS >= 8 && burst.endS - burst.startS <= 20);
    }
    last = key;
  }
  assert.deepEqual(seen.slice(0, 3), BURST_KINDS.map((k) => k.reason));
  assert.ok(seen.length >= 8, `only ${seen.length} bursts in 20 min`);
  assert.ok(at(0) === null, 'no burst at t=0: the console starts calm');
});

test('traffic: the graph outage moves queries to the log fallback, slower, with degraded counts', () => {
  const rng = createRng(2);
  const calm = Array.from({ length: 120 }, (_, t) => trafficAt(rng, t, null));
  const outage = Array.from({ length: 120 }, (_, t) => trafficAt(rng, t, { operation: 'query', reason: 'graph_unavailable', startS: 0, endS: 200 }));
  const mean = (ticks: typeof calm) => {
    const q = ticks.flatMap((t) => t.queries);
    return q.reduce((s, x) => s + x.durationS, 0) / q.length;
  };
  assert.ok(calm.every((t) => t.degraded.length === 0 && t.queries.every((q) => q.source === 'hybrid')));
  assert.ok(outage.every((t) => t.degraded[0]!.count >= 1 && t.upserts.length === 0 && t.queries.every((q) => q.source === 'eventloom')));
  assert.ok(mean(outage) > 2 * mean(calm));
  const perSecond = calm.reduce((s, t) => s + t.queries.length, 0) / calm.length;
  assert.ok(perSecond > 2 && perSecond < 7, `query rate ${perSecond}/s`);
});

test('Zaxy’s writer rule: v1 only on an empty or v1 tail with a dotted type; hook.session_started always legacy', () => {
  assert.equal(zaxyWriterFormat(null, 'goal.created'), 'v1');
  assert.equal(zaxyWriterFormat('v1', 'task.proposed'), 'v1');
  assert.equal(zaxyWriterFormat('v1', 'tool_call'), 'legacy');
  assert.equal(zaxyWriterFormat('legacy', 'goal.created'), 'legacy');
  assert.equal(zaxyWriterFormat(null, 'hook.session_started'), 'legacy');
  assert.equal(zaxyWriterFormat(null, 'tool_call'), 'legacy');
});

test('tailOf reads the chain tip of either envelope, and an empty (rotated) log starts a new chain', () => {
  assert.deepEqual(tailOf(''), { seq: 0, hash: null, format: null });
  assert.deepEqual(tailOf('\n  \n'), { seq: 0, hash: null, format: null });
  for (const [i, lines] of history(6).entries()) {
    const last = JSON.parse(lines.at(-1)!);
    const tail = tailOf(`${lines.join('\n')}\n`);
    assert.equal(tail.seq, DEMO_SESSIONS[i]!.history);
    assert.equal(tail.hash, last.hash ?? last.integrity.hash);
  }
  assert.throws(() => tailOf('{"id":"evt_other","integrity":{"hash":"sha256:00"}}\n'), /not a Zaxy event id/);
});
