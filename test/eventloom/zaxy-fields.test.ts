// Zaxy's Event model decides which legacy `seq` and which `timestamp` values a log may hold
// (pydantic's lax int coercion; `datetime.fromisoformat(v.replace("Z", "+00:00"))`). Our ports
// are checked against that model itself, run by the Python Zaxy runs with, on a table of edge
// cases and on a few thousand mutated timestamps.
import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseJson } from '../../source/eventloom/json.js';
import { isoTimestampFast, zaxyTimestampOk } from '../../source/eventloom/py-isoformat.js';
import { isPositiveInt, pydanticInt } from '../../source/eventloom/pydantic-int.js';
import { Tape } from '../../source/eventloom/tape.js';
import { loadScanEngine, SealInfo } from '../../source/eventloom/wasm/scan-engine.js';
import { zaxyInstall } from '../support/zaxy.js';

// Each case is [field, JSON source of its value]; the answer is seq's int as json.dumps writes it
// (null: Event raises) or whether the timestamp is accepted.
const ORACLE = `
import json, sys
from zaxy.event import Event
base = {"seq": 1, "timestamp": "2026-01-01T00:00:00Z", "type": "t", "actor": "a", "hash": "0" * 64}
out = []
for field, source in json.load(sys.stdin):
    try:
        event = Event.model_validate({**base, field: json.loads(source)})
        out.append(json.dumps(event.seq) if field == "seq" else True)
    except ValueError:
        out.append(None if field == "seq" else False)
print(json.dumps(out))
`;

function zaxy(cases: [string, string][]): (string | boolean | null)[] {
  const stdout = execFileSync(zaxyInstall().python, ['-c', ORACLE], { input: JSON.stringify(cases), maxBuffer: 1 << 26 });
  return JSON.parse(stdout.toString()) as (string | boolean | null)[];
}

const SEQS = [
  '1', '42', '0', '-1', '1.0', '1.5', '1e0', '1e20', '9.2e18', '9.3e18', 'true', 'false', 'null', '[1]', 'NaN',
  '"1"', '" 1"', '"1 "', '"+1"', '"01"', '"1_0"', '"1.0"', '"1.00"', '"1e0"', '"\\uff11"', '"1.5"', '"1."',
  '"1__0"', '"_1"', '"1_"', '"0x1"', '"\\u00a01"', '"\\u30001\\u2028"', '"\\u200b1"', '"\\u001c1"', '"-0"', '"00"',
  '"1_000.0"', '" +1_0.00 "', '"99999999999999999999"', '""', '"+"', '"1 0"', `"${'1'.repeat(4301)}"`, `"${'0'.repeat(50)}7"`,
];

test("legacy seq: pydantic's lax int coercion, as Zaxy's Event applies it", () => {
  const expected = zaxy(SEQS.map((s) => ['seq', s]));
  SEQS.forEach((source, i) => {
    const text = pydanticInt(parseJson(source));
    assert.equal(isPositiveInt(text) ? text : null, expected[i], `seq ${source.slice(0, 40)}`);
  });
});

const TIMESTAMPS = [
  '2026-01-01T00:00:00Z', '2026-01-01T00:00:00.123456Z', '2026-01-01T00:00:00.1234567Z', '2026-01-01', '2026-01-01T00:00',
  '20260101T000000', '2026-01-01 00:00:00+05:30', '2026-01-01T00:00:00,5-01:30', '2026-01-01T12', '2026-01-01T1234',
  '2026-01-01T12:3456', '2026-01-01T12:34:56:78', '2026-01-01T12.5', '2026-01-01T', '2026-01-01T24:00', '2026-02-29',
  '2024-02-29', '2026-13-01', '0000-01-01', '2026-W01-1', '2026W011T00', '2026-W53-1', '2025-W53-1', '9999-W52-6',
  '2026-01-01T00:00+24:00', '2026-01-01T00:00-23:59:59.999999', '2026-01-01T00:00+00:00:00.5', '2026-01-01é12:00',
  '2026-01-01\u{1F600}12:00', '2026-01-01\ud80012:00', '2026-01-01T12:00\ud800', '2026-01-01\u000012:00',
  '2026-01-01T12\u0000x', '2026-01-01T00:00:00ZZ', 'Z2026-01-01', 'yesterday', '', '2026-1-1', '2026-01-01T00:00:00 ',
  ' 2026-01-01', '２０２６-01-01', '2026-01-01T00:00:00.Z',
];

test("timestamps: Python 3.11's datetime.fromisoformat, as Zaxy's Event validator calls it", () => {
  const expected = zaxy(TIMESTAMPS.map((t) => ['timestamp', JSON.stringify(t)]));
  TIMESTAMPS.forEach((t, i) => assert.equal(zaxyTimestampOk(t), expected[i], `timestamp ${JSON.stringify(t)}`));
});

test('timestamps: mutated ISO strings agree with Python', () => {
  const seeds = ['2026-01-01T00:00:00Z', '20260101T000000', '2026-W01-1T12:00', '2024-02-29T23:59:59.123456+23:59', '2026-12-31 12:34:56,5-01:30:15.25'];
  const edit = fc.tuple(fc.nat(), fc.constantFrom(...'0123456789-:+.,TWZ \u0000é\ud800x'), fc.integer({ min: 0, max: 2 }));
  const mutated = fc.tuple(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 3 })).map(([seed, edits]) =>
    edits.reduce((s, [at, ch, op]) => {
      const pos = at % (s.length + 1);
      return s.slice(0, pos) + (op === 1 ? '' : ch) + s.slice(op === 0 ? pos : pos + 1);
    }, seed),
  );
  const samples = fc.sample(mutated, { numRuns: 3000, seed: 7 });
  const expected = zaxy(samples.map((t) => ['timestamp', JSON.stringify(t)]));
  const wrong = samples.filter((t, i) => zaxyTimestampOk(t) !== expected[i]);
  assert.deepEqual(wrong, []);
  // The byte-level quick yes (used on plain ASCII strings) may only say yes where Python does.
  const quick = samples.filter((t) => /^[\x20-\x7e]*$/.test(t) && isoTimestampFast(Buffer.from(t, 'latin1'), 0, t.length));
  assert.deepEqual(quick.filter((t) => !expected[samples.indexOf(t)]), []);
  assert.ok(quick.length > 10, `the quick path said yes to only ${quick.length} samples`);
  // The WebAssembly engine's twin (seal.c, run while sealing a line) says yes exactly where it does.
  const plain = samples.filter((x) => /^[\x20-\x7e]*$/.test(x) && !/["\\]/.test(x));
  assert.ok(plain.length > 1000, `only ${plain.length} plain samples`);
  for (const t of plain) assert.equal(engineQuick(t), isoTimestampFast(Buffer.from(t, 'latin1'), 0, t.length), `engine on ${t}`);
});

const engine = loadScanEngine();
const engineTape = engine ? new Tape(engine) : null;

/** The engine's quick yes for `t` (a plain string), read off a legacy line it seals. */
function engineQuick(t: string): boolean {
  assert.ok(engine && engineTape, 'the WebAssembly scan engine loads');
  const line = Buffer.from(`{"seq":1,"timestamp":"${t}","type":"t","actor":"a","hash":"${'0'.repeat(64)}"}`, 'latin1');
  assert.equal(engine.seal(engineTape.load(line, 0, line.length), 1), 1, `the line with ${t} seals`);
  return engine.sealInfo[SealInfo.TimestampOk] === 1;
}

test('timestamps: the quick check says yes to the shapes Zaxy writes, and only within range', () => {
  const yes = ['2026-05-20T12:00:01.250013Z', '2026-05-20T12:00:01Z', '2024-02-29T23:59:59.123+05:30', '2026-12-31T00:00:00.000000-23:59'];
  const no = ['2026-02-29T00:00:00Z', '2026-13-01T00:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T00:60:00Z', '2026-01-01T00:00:00.12Z', '2026-01-01T00:00:00+24:00', '0000-01-01T00:00:00Z', '2026-01-01T0x:00:00Z'];
  for (const t of yes) assert.equal(isoTimestampFast(Buffer.from(t), 0, t.length), true, t);
  for (const t of no) assert.equal(isoTimestampFast(Buffer.from(t), 0, t.length), false, t);
  for (const t of yes) assert.equal(engineQuick(t), true, `engine on ${t}`);
  for (const t of no) assert.equal(engineQuick(t), false, `engine on ${t}`);
});
