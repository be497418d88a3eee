// Spec §4 and §8 vectors for the parser and both canonical forms, recomputed here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JsonNumber, JsonSyntaxError, jsCanon, jsKeyOrder, parseJson, pyCanon, pyFloatRepr, type JsonObject } from '../../source/eventloom/index.js';

const vectors = join(import.meta.dirname, '..', 'fixtures', 'eventloom', 'spec-vectors');
const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const lineOf = (file: string, n: number) => readFileSync(join(vectors, file), 'utf8').split('\n')[n - 1]!;
const withoutIntegrity = (line: string) => {
  const record = parseJson(line) as JsonObject;
  const integrity = record.get('integrity') as JsonObject;
  const event = new Map(record);
  event.delete('integrity');
  return { event, previous: integrity.get('previousHash') as string | null, hash: integrity.get('hash') as string };
};
const sealInput = (event: JsonObject, previous: string | null) => new Map<string, JsonObject | string | null>([['event', event], ['previousHash', previous]]);

test('F: string escapes (pyCanon)', () => {
  const s = 'a"b\\c/d\b\f\n\r\t\u0001\u001f\u007f\u0080é—\u2028😀';
  assert.equal(pyCanon(s), String.raw`"a\"b\\c/d\b\f\n\r\t\u0001\u001f\u007f\u0080\u00e9\u2014\u2028\ud83d\ude00"`);
});

test('F: keys sort by code point (pyCanon)', () => {
  const keys = ['é', 'z', 'Z', '_', '😀', '\uffff'];
  const obj = new Map(keys.map((k) => [k, null]));
  assert.equal(pyCanon(obj), String.raw`{"Z":null,"_":null,"z":null,"\u00e9":null,"\uffff":null,"\ud83d\ude00":null}`);
});

const floats: [string, string][] = [
  ['5.0', '5.0'], ['1e-05', '1e-05'], ['0.00001', '1e-05'], ['1e+16', '1e+16'], ['1e16', '1e+16'],
  ['1000000000000000.0', '1000000000000000.0'], ['0.0001', '0.0001'], ['1.5e+300', '1.5e+300'], ['-0.0', '-0.0'],
  ['0.30000000000000004', '0.30000000000000004'], ['1e+22', '1e+22'], ['5e-324', '5e-324'], ['1e400', 'Infinity'],
  ['-1e400', '-Infinity'], ['2.5e-05', '2.5e-05'], ['1e-7', '1e-07'], ['0.000025', '2.5e-05'], ['123.456e2', '12345.6'],
  ['NaN', 'NaN'], ['Infinity', 'Infinity'], ['-Infinity', '-Infinity'], ['1E2', '100.0'], ['9999999999999998.0', '9999999999999998.0'],
];
for (const [source, repr] of floats) {
  test(`F: float ${source} -> ${repr}`, () => assert.equal(pyCanon(parseJson(source)), repr));
}

const ints: [string, string, string][] = [
  ['18446744073709551616', '18446744073709551616', '18446744073709552000'],
  ['-0', '0', '0'],
  ['9007199254740993', '9007199254740993', '9007199254740992'],
  ['1e16', '1e+16', '10000000000000000'],
  ['1e21', '1e+21', '1e+21'],
  ['1.0', '1.0', '1'],
  ['1e-5', '1e-05', '0.00001'],
  ['1e-7', '1e-07', '1e-7'],
];
for (const [source, py, js] of ints) {
  test(`numbers: ${source} -> pyCanon ${py}, jsCanon ${js}`, () => {
    assert.equal(pyCanon(parseJson(source)), py);
    assert.equal(jsCanon(parseJson(source)), js);
  });
}

test('int versus float is kept from the text', () => {
  assert.deepEqual(parseJson('[5, 5.0, 5e0]'), [new JsonNumber('int', '5'), new JsonNumber('float', '5.0'), new JsonNumber('float', '5e0')]);
});

test('duplicate keys: first position, last value (as Python and JS)', () => {
  const v = parseJson('{"b":1,"a":2,"b":3}') as JsonObject;
  assert.deepEqual([...v.keys()], ['b', 'a']);
  assert.equal(pyCanon(v), '{"a":2,"b":3}');
});

test('lone surrogate escapes are kept, pairs combine (as Python)', () => {
  assert.equal(pyCanon(parseJson(String.raw`"\ud800x\uDE00\ud83d\ude00"`)), String.raw`"\ud800x\ude00\ud83d\ude00"`);
  assert.equal(jsCanon(parseJson(String.raw`"\ud800"`)), String.raw`"\ud800"`);
});

const rejected: [string, string][] = [
  ['\ufeff{}', 'Unexpected UTF-8 BOM'], ['{"a":1,}', 'Expecting property name'], ['[1,]', 'Expecting value'],
  ['{"a":1}x', 'Extra data'], ['01', 'Extra data'], ['1.', 'Extra data'], ['1e', 'Extra data'], ['-', 'Expecting value'],
  ['"a\u0001"', 'Invalid control character'], [String.raw`"\x"`, 'Invalid \\escape'], [String.raw`"\u12"`, 'Invalid \\uXXXX'],
  ['"abc', 'Unterminated string'], ['nul', 'Expecting value'], ['', 'Expecting value'], ['{"a" 1}', "Expecting ':'"],
  ['[1 2]', "Expecting ','"], ['+1', 'Expecting value'], ['.5', 'Expecting value'], ['infinity', 'Expecting value'],
  ['1'.repeat(4301), "over Python's limit"], ['['.repeat(2000) + ']'.repeat(2000), 'Nesting deeper'],
];
for (const [source, message] of rejected) {
  test(`parser rejects ${JSON.stringify(source.slice(0, 20))} like json.loads`, () => {
    assert.throws(() => parseJson(source), (e: unknown) => e instanceof JsonSyntaxError && e.message.includes(message));
  });
}

test('A: canonical string of line 1 and both hashes', () => {
  const record = parseJson(lineOf('a-activation-agent-1.jsonl', 1)) as JsonObject;
  const sealed = new Map(record);
  for (const key of ['hash']) sealed.delete(key);
  const canon = pyCanon(sealed);
  assert.equal(
    canon,
    '{"actor":"zaxy-memory","payload":{"source":"release-gate","token_efficiency":{"current_fact_count":2,"evidence_count":2,"facts_per_1k_prompt_tokens":5.0,"prompt_tokens":400}},"prev_hash":null,"security":{"redacted_paths":[],"sensitivity":"public"},"seq":1,"thread":"agent-1","timestamp":"2026-05-20T11:55:00Z","type":"memory.checkout.completed"}',
  );
  assert.equal(sha(canon), 'cb8718cce9c5679ae7699e8d00bb0b7c2cb16dadf4aa04bd5753541f73213fc1');
});

test('C: hash input of line 1 and the chain of six', () => {
  const { event, previous, hash } = withoutIntegrity(lineOf('c-sample.jsonl', 1));
  const input = jsCanon(sealInput(event, previous));
  assert.equal(input, '{"event":{"actorId":"user","causedBy":[],"id":"evt_goal_created","parentEventId":null,"payload":{"title":"Build Eventloom runtime MVP"},"threadId":"thread_main","timestamp":"2026-04-28T22:00:00.000Z","type":"goal.created"},"previousHash":null}');
  assert.equal(`sha256:${sha(input)}`, hash);
  const expected = ['07c474fb6a2ea7e44db9928f47022d0d7c4be3632c09f742f897938b11df34de', 'df20bfc4799783c9646a83317c65c1abe41cf896ff1b9af4ba12963adb7b52f0', '19d805c1026caaaf98dfcae8eec57f1a677d003b10ea376dbd539cfc38ca6884', 'b57e20eb0e106ed60d89ee6f711592b2f7731abee740cd64f4684dac1dc46388'];
  for (let n = 3; n <= 6; n++) {
    const line = withoutIntegrity(lineOf('c-sample.jsonl', n));
    assert.equal(`sha256:${sha(jsCanon(sealInput(line.event, line.previous)))}`, `sha256:${expected[n - 3]}`);
  }
});

test('D: the tampered tail recomputes to the documented expected hash', () => {
  const { event, previous, hash } = withoutIntegrity(lineOf('d-corrupt-hash-mismatch-tail.jsonl', 2));
  assert.equal(hash, 'sha256:fa248aacefabe5eb8f34f455b90731121be21db576148d420cb85953b79f3ead');
  assert.equal(sha(jsCanon(sealInput(event, previous))), '83ead3e3eb427b5f94282caeebd82c41ebba42223472a7ccdea057b179aee764');
});

test('E: Zaxy v1 id input, hash inputs, and the jsCanon interop negative', () => {
  const idInput = pyCanon(new Map<string, string | JsonNumber>([['actor', 'user'], ['seq', new JsonNumber('int', '1')], ['timestamp', '2026-05-20T12:00:00Z'], ['type', 'goal.created']]));
  assert.equal(idInput, '{"actor":"user","seq":1,"timestamp":"2026-05-20T12:00:00Z","type":"goal.created"}');
  assert.equal(sha(idInput).slice(0, 16), 'd96b52e4ef91779b');
  const line1 = withoutIntegrity(lineOf('e-zaxy-v1.jsonl', 1));
  assert.equal(`sha256:${sha(pyCanon(sealInput(line1.event, line1.previous)))}`, line1.hash);
  assert.equal(`sha256:${sha(jsCanon(sealInput(line1.event, line1.previous)))}`, line1.hash, 'ASCII-only integer-only content hashes alike');
  const line2 = withoutIntegrity(lineOf('e-zaxy-v1.jsonl', 2));
  const py = pyCanon(sealInput(line2.event, line2.previous));
  assert.ok(py.includes(String.raw`"task":"Write caf\u00e9 docs"`));
  assert.equal(`sha256:${sha(py)}`, line2.hash);
  assert.equal(sha(jsCanon(sealInput(line2.event, line2.previous))), '7e8a1da75888801ee5e7b207fee12cf802c722e7d67d80e64e44fc9d5daf868b');
});

test('§4.2: jsCanon key order is ICU collation (en-US / C.UTF-8 root), array-index keys first', () => {
  const keys = ['_x', '10', '9', 'a', 'A', 'a_b', 'a-b', 'a1', 'aa', 'ab', 'aB', 'b', 'B', 'e', 'é', 'task_id', 'taskid', 'taskId', 'Z', 'zz'];
  assert.deepEqual(jsKeyOrder([...keys].reverse()), ['9', '10', '_x', 'a', 'A', 'a_b', 'a-b', 'a1', 'aa', 'ab', 'aB', 'b', 'B', 'e', 'é', 'task_id', 'taskid', 'taskId', 'Z', 'zz']);
  assert.equal(jsCanon(parseJson('{"a":1,"_y":2,"10":3,"9":4}')), '{"9":4,"10":3,"_y":2,"a":1}');
});

const disagreements: [string, string, string][] = [
  ['"café — done"', String.raw`"caf\u00e9 \u2014 done"`, '"café — done"'],
  ['{"Title":1,"__zaxy_security":2}', '{"Title":1,"__zaxy_security":2}', '{"__zaxy_security":2,"Title":1}'],
  ['{"file_path":1,"fileHash":2}', '{"fileHash":2,"file_path":1}', '{"file_path":1,"fileHash":2}'],
  ['"\u007f\u2028"', String.raw`"\u007f\u2028"`, '"\u007f\u2028"'],
];
for (const [source, py, js] of disagreements) {
  test(`§4.3: ${source} -> pyCanon ${py} / jsCanon ${js}`, () => {
    assert.equal(pyCanon(parseJson(source)), py);
    assert.equal(jsCanon(parseJson(source)), js);
  });
}

test('pyFloatRepr matches the spec rule at the fixed/exponent boundaries', () => {
  assert.equal(pyFloatRepr(1e15), '1000000000000000.0');
  assert.equal(pyFloatRepr(1e16), '1e+16');
  assert.equal(pyFloatRepr(0.0001), '0.0001');
  assert.equal(pyFloatRepr(0.00009), '9e-05');
  assert.equal(pyFloatRepr(-1.5e-10), '-1.5e-10');
  assert.equal(pyFloatRepr(1.7976931348623157e308), '1.7976931348623157e+308');
});
