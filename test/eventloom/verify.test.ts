// The verifier against logs written by the real Zaxy, intact and damaged every way the spec
// lists. Wherever Zaxy's own EventLog.verify() gives an answer (it raises on bad JSON), ours must
// match it exactly; our extra fields (reason_code, physical line) are pinned per case.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyFile, type ChainReport, type ReasonCode } from '../../source/eventloom/index.js';
import { zaxy, writeDoc, type ZaxyAnswer, type ZaxyEventSpec } from './support/zaxy-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'eventloom-verify-'));
const path = (name: string) => join(dir, name);
const logs: Record<string, string> = {};

function legacyEvents(n: number): ZaxyEventSpec[] {
  return Array.from({ length: n }, (_, i) => ({
    type: i === 0 ? 'hook.session_started' : i % 3 === 0 ? 'goal.created' : 'hook.tool_used',
    actor: i % 2 ? 'assistant' : 'user',
    thread: 'agent-1',
    timestamp: `2026-05-20T11:${String(i % 60).padStart(2, '0')}:00${i % 4 === 0 ? '' : '.250000'}Z`,
    payload: {
      n: i,
      text: ['plain', 'café — done', 'emoji 😀 and \u2028', 'tab\tquote"back\\slash', 'del\u007f', ''][i % 6],
      floats: [5.0, 1e-5, 2.5e-5, 1e-7, 1e16, 0.1 + 0.2][i % 6],
      Title: 'T',
      __zaxy_note: { nested: [1, 2, { Z: null, a: true }] },
      ...(i === 7 ? { api_key: 'sk-abcdefabcdefabcdefabcdef' } : {}),
    },
  }));
}

const v1Events: ZaxyEventSpec[] = Array.from({ length: 12 }, (_, i) => ({
  type: ['goal.created', 'task.proposed', 'decision.recorded', 'task.completed'][i % 4]!,
  timestamp: `2026-05-20T12:00:${String(i).padStart(2, '0')}${i % 2 ? '.125000' : ''}Z`,
  payload: { task: ['Write café docs', 'Ship it', '日本語 ✓', 'a/b\\c'][i % 4], fileHash: 'x', file_path: 'y', big: 18446744073709551616n.toString(), ratio: i / 3 },
}));

before(async () => {
  const answers = await zaxy([
    writeDoc(path('legacy.jsonl'), legacyEvents(30)),
    writeDoc(path('v1.jsonl'), v1Events),
    writeDoc(path('mixed.jsonl'), [...v1Events.slice(0, 3), { type: 'hook.session_started' }, { type: 'goal.created' }]),
    // Python's json reads bare NaN; v1 keeps it, pydantic writes it as null in legacy lines.
    writeDoc(path('v1-nan.jsonl'), [{ type: 'goal.created', payload: { x: 1 } }, { type: 'task.proposed', payload: { x: 1 } }]).replaceAll('"x":1', '"x":NaN'),
    writeDoc(path('legacy-nan.jsonl'), [{ type: 'hook.a_b', payload: { x: 1 } }, { type: 'hook.a_b', payload: { x: 2 } }]).replace('"x":1', '"x":NaN'),
  ]);
  for (const answer of answers) assert.ok('verify' in answer && answer.verify.ok !== undefined, JSON.stringify(answer));
  for (const name of ['legacy', 'v1', 'mixed', 'v1-nan', 'legacy-nan']) logs[name] = readFileSync(path(`${name}.jsonl`), 'utf8');
});

const lines = (text: string) => text.split('\n').filter((l) => l !== '');
const join_ = (ls: string[]) => `${ls.join('\n')}\n`;

interface Case {
  name: string;
  make: () => string | Buffer;
  expect: Partial<Pick<ChainReport, 'ok' | 'broken_at_seq' | 'broken_line' | 'broken_reason' | 'total_events' | 'last_good_seq' | 'dialect' | 'envelopes'>> & { reason_code?: ReasonCode | null };
  /** Zaxy raises on this file, so there is no Zaxy verdict to compare. */
  zaxyRaises?: boolean;
}

const cases: Case[] = [
  { name: 'intact legacy log', make: () => logs.legacy!, expect: { ok: true, total_events: 30, last_good_seq: 30, dialect: 'zaxy' } },
  { name: 'intact Zaxy v1 log (pyCanon, non-ASCII escaped, big ints, floats)', make: () => logs.v1!, expect: { ok: true, total_events: 12, dialect: 'zaxy' } },
  { name: 'v1 then legacy in one file (legacy prev_hash is the bare v1 hash)', make: () => logs.mixed!, expect: { ok: true, total_events: 5 } },
  { name: 'v1 with bare NaN verifies (Zaxy: ok)', make: () => logs['v1-nan']!, expect: { ok: true } },
  { name: 'legacy NaN written as null breaks the seal (Zaxy: hash mismatch)', make: () => logs['legacy-nan']!, expect: { ok: false, reason_code: 'hash_mismatch', broken_at_seq: 1, broken_line: 1 } },
  {
    name: 'deleted legacy line 15 of 30 reports seq 16 at line 15',
    make: () => join_(lines(logs.legacy!).filter((_, i) => i !== 14)),
    expect: { ok: false, reason_code: 'sequence_mismatch', broken_at_seq: 16, broken_line: 15, broken_reason: 'Event sequence expected 15 but found 16', last_good_seq: 14, total_events: 29 },
  },
  {
    name: 'swapped lines 3 and 4',
    make: () => { const l = lines(logs.legacy!); [l[2], l[3]] = [l[3]!, l[2]!]; return join_(l); },
    expect: { ok: false, reason_code: 'sequence_mismatch', broken_at_seq: 4, broken_line: 3 },
  },
  {
    name: 'edited legacy payload',
    make: () => { const l = lines(logs.legacy!); l[4] = l[4]!.replace('"n":4', '"n":5'); return join_(l); },
    expect: { ok: false, reason_code: 'hash_mismatch', broken_at_seq: 5, broken_line: 5, broken_reason: 'Event 5 hash mismatch', last_good_seq: 4 },
  },
  {
    name: 'edited v1 payload',
    make: () => { const l = lines(logs.v1!); l[6] = l[6]!.replace('"threadId":"default"', '"threadId":"other"'); return join_(l); },
    expect: { ok: false, reason_code: 'hash_mismatch', broken_at_seq: 7, broken_line: 7 },
  },
  {
    name: 'deleted v1 line (seq comes from the Zaxy id)',
    make: () => join_(lines(logs.v1!).filter((_, i) => i !== 1)),
    expect: { ok: false, reason_code: 'sequence_mismatch', broken_at_seq: 3, broken_line: 2, broken_reason: 'Event sequence expected 2 but found 3' },
  },
  {
    name: 'a second chain appended (seq 1 again at line 31)',
    make: () => logs.legacy! + lines(logs.legacy!)[0]! + '\n',
    expect: { ok: false, reason_code: 'sequence_mismatch', broken_at_seq: 1, broken_line: 31 },
  },
  {
    name: 're-encoding characters in the file does not change the verdict',
    make: () => logs.legacy!.replaceAll('café', 'caf\\u00e9').replaceAll('"Title"', '"\\u0054itle"'),
    expect: { ok: true, total_events: 30 },
  },
  { name: 'CRLF line endings', make: () => logs.legacy!.replaceAll('\n', '\r\n'), expect: { ok: true, total_events: 30 } },
  {
    name: 'blank and whitespace-only lines are skipped but counted for line numbers',
    make: () => { const l = lines(logs.legacy!); l[4] = l[4]!.replace('"n":4', '"n":6'); return `\n  \n${l.slice(0, 3).join('\n\t\n')}\n \u00a0\n${l.slice(3).join('\n')}\n`; },
    expect: { ok: false, reason_code: 'hash_mismatch', broken_at_seq: 5, broken_line: 10 },
  },
  { name: 'a complete last line without a newline is accepted', make: () => logs.legacy!.trimEnd(), expect: { ok: true, total_events: 30 } },
  {
    name: 'UTF-8 BOM at the start makes line 1 malformed',
    make: () => `\ufeff${logs.legacy!}`,
    expect: { ok: false, reason_code: 'malformed_json', broken_line: 1, broken_at_seq: 1, last_good_seq: 0 },
    zaxyRaises: true,
  },
  {
    name: 'a truncated final write is a partial trailing line',
    make: () => logs.legacy!.slice(0, logs.legacy!.length - 40),
    expect: { ok: false, reason_code: 'partial_trailing_line', broken_line: 30, last_good_seq: 29 },
    zaxyRaises: true,
  },
  {
    name: 'bad JSON mid-file',
    make: () => { const l = lines(logs.legacy!); l[9] = l[9]!.slice(0, -1); return join_(l); },
    expect: { ok: false, reason_code: 'malformed_json', broken_line: 10, last_good_seq: 9 },
    zaxyRaises: true,
  },
  {
    name: 'invalid UTF-8 on line 2',
    make: () => { const l = lines(logs.legacy!); return Buffer.concat([Buffer.from(`${l[0]}\n`), Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]), Buffer.from(join_(l.slice(2)))]); },
    expect: { ok: false, reason_code: 'malformed_json', broken_line: 2, broken_reason: 'Line 2 is not valid UTF-8' },
    zaxyRaises: true,
  },
  {
    name: 'a JSON value that is not an object',
    make: () => { const l = lines(logs.legacy!); l[2] = '[1,2]'; return join_(l); },
    expect: { ok: false, reason_code: 'invalid_event', broken_line: 3 },
    zaxyRaises: true,
  },
  {
    name: 'hash field of the wrong length is an invalid event',
    make: () => { const l = lines(logs.legacy!); l[1] = l[1]!.replace(/"hash":"[0-9a-f]+"/, '"hash":"abc"'); return join_(l); },
    expect: { ok: false, reason_code: 'invalid_event', broken_line: 2 },
    zaxyRaises: true,
  },
  {
    name: 'unsealed legacy fields (id, unknown keys) can change without breaking the chain, as in Zaxy',
    make: () => logs.legacy!.replaceAll('"id":null', '"id":"evt_x","extra":1'),
    expect: { ok: true },
  },
  {
    name: 'flipping envelope_version to eventloom.v1 switches to the v1 seal and breaks it',
    make: () => { const l = lines(logs.legacy!); l[2] = l[2]!.replace('"envelope_version":"zaxy.legacy"', '"envelope_version":"eventloom.v1"'); return join_(l); },
    expect: { ok: false, reason_code: 'hash_mismatch', broken_at_seq: 3 },
  },
  {
    name: 'a legacy seq pydantic coerces to an int (string, float) is sealed as that int, as in Zaxy',
    make: () => { const l = lines(logs.legacy!); l[4] = l[4]!.replace('"seq":5,', '"seq":" +0_5.0 ",'); l[5] = l[5]!.replace('"seq":6,', '"seq":6.0,'); return join_(l); },
    expect: { ok: true, total_events: 30 },
  },
  {
    name: "a timestamp Python's datetime.fromisoformat refuses is an invalid event (Zaxy raises)",
    make: () => { const l = lines(logs.mixed!); l[3] = l[3]!.replace(/"timestamp":"[^"]*"/, '"timestamp":"2026-02-30T00:00:00Z"'); return join_(l); },
    expect: { ok: false, reason_code: 'invalid_event', broken_line: 4, last_good_seq: 3 },
    zaxyRaises: true,
  },
  {
    name: 'envelopes are counted over the whole file, past the break, like total_events',
    make: () => { const l = lines(logs.mixed!); l[0] = l[0]!.replace('"payload":{', '"payload":{"tampered":true,'); return join_(l); },
    expect: { ok: false, reason_code: 'hash_mismatch', broken_line: 1, total_events: 5, envelopes: { legacy: 2, v1: 3 } },
  },
  {
    name: 'past the break, a line that is not a v1 event object counts as legacy',
    make: () => { const l = lines(logs.mixed!); l[0] = l[0]!.replace('"payload":{', '"payload":{"tampered":true,'); return join_([...l, '[1]', '{"id":1', ' ']); },
    expect: { ok: false, reason_code: 'hash_mismatch', broken_line: 1, total_events: 7, envelopes: { legacy: 4, v1: 3 } },
    zaxyRaises: true,
  },
];

for (const c of cases) {
  test(`verify: ${c.name}`, async () => {
    const file = path(`case-${cases.indexOf(c)}.jsonl`);
    writeFileSync(file, c.make());
    const report = await verifyFile(file, { reader: 'lines' });
    // Block readers (runs taken in one step, scanned here or by workers) reach the very same
    // report as the line-by-line reference, with blocks as small as 64 bytes.
    assert.deepEqual(await verifyFile(file), report);
    assert.deepEqual(await verifyFile(file, { blockBytes: 64 }), report);
    assert.deepEqual(await verifyFile(file, { workers: 2, parallelMinBytes: 0, blockBytes: 64 }), report);
    // Lines longer than a block may be: past 300 bytes the rest of the file is read as a stream.
    assert.deepEqual(await verifyFile(file, { workers: 1, parallelMinBytes: 0, blockBytes: 64, maxBlockBytes: 300 }), report);
    const { reason_code, ...rest } = c.expect;
    for (const [key, value] of Object.entries(rest)) assert.deepEqual(report[key as keyof ChainReport], value, `${key}: ${JSON.stringify(report)}`);
    if (reason_code !== undefined) assert.equal(report.reason_code, reason_code, JSON.stringify(report));
    if (!report.ok) assert.ok(report.broken_reason && report.broken_line !== null && report.broken_at_seq !== null);
    assert.equal(report.envelopes.legacy + report.envelopes.v1, report.total_events, 'every counted line has one envelope');
    const [zaxyAnswer] = await zaxy([JSON.stringify({ verify: file })]);
    assertZaxyParity(report, zaxyAnswer!, c.zaxyRaises === true);
  });
}

function assertZaxyParity(report: ChainReport, answer: ZaxyAnswer, raises: boolean): void {
  if (raises) {
    assert.ok('error' in answer, `Zaxy was expected to raise but answered ${JSON.stringify(answer)}`);
    return;
  }
  assert.ok('verify' in answer, `Zaxy raised: ${JSON.stringify(answer)}`);
  const z = answer.verify;
  assert.deepEqual(
    { ok: report.ok, total_events: report.total_events, broken_at_seq: report.broken_at_seq, broken_reason: report.broken_reason },
    { ok: z.ok, total_events: z.total_events, broken_at_seq: z.broken_at_seq, broken_reason: z.broken_reason },
  );
}

test('forged chains: a genesis with prev_hash set, and a legacy -> v1 link sealed by Zaxy', async () => {
  const forged = await zaxy([
    JSON.stringify({ forge: { seq: 1, prev_hash: 'ab'.repeat(32), type: 'hook.x_y', timestamp: '2026-05-20T12:00:00Z' } }),
    JSON.stringify({ forge: { seq: 1, type: 'hook.x_y', timestamp: '2026-05-20T12:00:00Z' } }),
  ]);
  const genesis = (forged[0] as { line: string }).line;
  writeFileSync(path('first-prev.jsonl'), `${genesis}\n`);
  const first = await verifyFile(path('first-prev.jsonl'));
  assert.equal(first.reason_code, 'first_prev_hash_set');
  assert.equal(first.broken_reason, 'First event has prev_hash set');

  const legacy = (forged[1] as { line: string }).line;
  const legacyHash = (JSON.parse(legacy) as { hash: string }).hash;
  const [v1] = await zaxy([JSON.stringify({ forge: { seq: 2, prev_hash: legacyHash, type: 'goal.created', timestamp: '2026-05-20T12:00:01Z', v1: true } })]);
  const v1Line = (v1 as { line: string }).line;
  assert.match(v1Line, new RegExp(`"previousHash":"sha256:${legacyHash}"`));
  writeFileSync(path('legacy-to-v1.jsonl'), `${legacy}\n${v1Line}\n`);
  const linked = await verifyFile(path('legacy-to-v1.jsonl'));
  assert.equal(linked.ok, true, JSON.stringify(linked));
  assert.deepEqual(linked.envelopes, { legacy: 1, v1: 1 });

  // And a v1 successor whose previousHash names another event does not link.
  const wrong = v1Line.replace(`sha256:${legacyHash}`, `sha256:${'0'.repeat(64)}`);
  writeFileSync(path('legacy-to-v1-bad.jsonl'), `${legacy}\n${wrong}\n`);
  const bad = await verifyFile(path('legacy-to-v1-bad.jsonl'));
  assert.equal(bad.ok, false);
  assert.equal(bad.broken_line, 2);
  const [z] = await zaxy([JSON.stringify({ verify: path('legacy-to-v1-bad.jsonl') })]);
  assertZaxyParity(bad, z!, false);
});

test('--dialect eventloom-js: a Zaxy v1 line with non-ASCII content fails, as in `eventloom verify` (§4.3)', async () => {
  const file = join(import.meta.dirname, '..', 'fixtures', 'eventloom', 'spec-vectors', 'e-zaxy-v1.jsonl');
  const forced = await verifyFile(file, { dialect: 'eventloom-js' });
  assert.deepEqual([forced.ok, forced.reason_code, forced.broken_line, forced.broken_reason], [false, 'hash_mismatch', 2, 'Event hash does not match event contents']);
  assert.equal((await verifyFile(file, { dialect: 'zaxy' })).ok, true);
  const legacy = await verifyFile(path('legacy.jsonl'), { dialect: 'eventloom-js' });
  assert.deepEqual([legacy.reason_code, legacy.broken_line], ['invalid_event', 1]);
  assert.match(legacy.broken_reason!, /unrecognized key 'seq'/);
});

test('a dialect flip mid-file is accepted with a warning', async () => {
  // An Eventloom-runtime event (raw UTF-8, jsCanon seal) chained onto a Zaxy v1 log.
  const { jsCanon: js, parseJson: parse } = await import('../../source/eventloom/index.js');
  const { createHash } = await import('node:crypto');
  const first = lines(logs.v1!)[0]!;
  const previous = (JSON.parse(first) as { integrity: { hash: string } }).integrity.hash;
  const event = '{"id":"evt_native_1","type":"note.added","actorId":"ana","threadId":"t","parentEventId":null,"causedBy":[],"timestamp":"2026-05-20T12:00:05.000Z","payload":{"Note":"café","note":1}}';
  const seal = createHash('sha256').update(js(parse(`{"event":${event},"previousHash":"${previous}"}`)), 'utf8').digest('hex');
  const native = `${event.slice(0, -1)},"integrity":{"hash":"sha256:${seal}","previousHash":"${previous}"}}`;
  writeFileSync(path('flip.jsonl'), `${first}\n${native}\n`);
  const report = await verifyFile(path('flip.jsonl'));
  assert.equal(report.ok, true, JSON.stringify(report));
  assert.equal(report.dialect, 'mixed');
  assert.match(report.warnings.join('\n'), /line 2: the dialect flips from zaxy to eventloom-js/);
});

test('a Zaxy v1 id that does not match its content is a warning, not a break (Zaxy does not check it)', async () => {
  const { pyCanon: py, parseJson: parse } = await import('../../source/eventloom/index.js');
  const { createHash } = await import('node:crypto');
  const event = '{"id":"evt_zaxy_000000000001_0123456789abcdef","type":"goal.created","actorId":"user","threadId":"default","parentEventId":null,"causedBy":[],"timestamp":"2026-05-20T12:00:00Z","payload":{"title":"Ship it","__zaxy_security":{"sensitivity":"public","redacted_paths":[]}}}';
  const seal = createHash('sha256').update(py(parse(`{"event":${event},"previousHash":null}`))).digest('hex');
  writeFileSync(path('id.jsonl'), `${event.slice(0, -1)},"integrity":{"hash":"sha256:${seal}","previousHash":null}}\n`);
  const report = await verifyFile(path('id.jsonl'));
  assert.equal(report.ok, true, JSON.stringify(report));
  assert.deepEqual(report.warnings, ['line 1: id evt_zaxy_000000000001_0123456789abcdef does not match its content (Zaxy derives evt_zaxy_000000000001_d96b52e4ef91779b)']);
  const [z] = await zaxy([JSON.stringify({ verify: path('id.jsonl') })]);
  assertZaxyParity(report, z!, false);
});

const sample = () => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'eventloom', 'spec-vectors', 'c-sample.jsonl'), 'utf8');

const eventloomCases: [string, (l: string[]) => void, ReasonCode, number, RegExp][] = [
  ['a reused event id', (l) => { l[2] = l[2]!.replace(/"id":"[^"]+"/, '"id":"evt_goal_created"'); }, 'duplicate_event_id', 3, /^Duplicate event id evt_goal_created$/],
  ['an unknown top-level key (zod v1 is strict)', (l) => { l[1] = l[1]!.replace('{"id"', '{"extra":1,"id"'); }, 'invalid_event', 2, /unrecognized key 'extra'/],
  ['missing integrity', (l) => { l[1] = l[1]!.replace(/,"integrity":.*$/, '}'); }, 'invalid_event', 2, /Missing integrity metadata/],
  ['a bad event type', (l) => { l[3] = l[3]!.replace('"type":"', '"type":"Bad_'); }, 'invalid_event', 4, /dotted lowercase/],
  ['a timestamp without an offset', (l) => { l[3] = l[3]!.replace(/"timestamp":"([^"]+)Z"/, '"timestamp":"$1"'); }, 'invalid_event', 4, /ISO-8601/],
  ['a previousHash naming another event', (l) => { l[4] = l[4]!.replace(/"previousHash":"sha256:[0-9a-f]+"/, `"previousHash":"sha256:${'a'.repeat(64)}"`); }, 'prev_hash_mismatch', 5, /^Expected previous hash sha256:[0-9a-f]{64} but found sha256:a{64}$/],
  ['NaN in an Eventloom log (JSON.parse refuses it)', (l) => { l[2] = l[2]!.replace('"payload":{', '"payload":{"x":NaN,'); }, 'malformed_json', 3, /not JSON/],
];
for (const [name, mutate, code, line, message] of eventloomCases) {
  test(`Eventloom log: ${name}`, async () => {
    const l = lines(sample());
    mutate(l);
    const file = path(`eventloom-${eventloomCases.findIndex((c) => c[0] === name)}.jsonl`);
    writeFileSync(file, join_(l));
    const report = await verifyFile(file);
    assert.deepEqual([report.ok, report.reason_code, report.broken_line, report.broken_at_seq, report.last_good_seq], [false, code, line, line, line - 1], JSON.stringify(report));
    assert.match(report.broken_reason!, message);
  });
}
