// The block scanner must find the runs on a clean Zaxy log (or block reading gains nothing) and
// must end a run wherever a line would not pass the verifier's checks on its own.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { scanBlock, type Segment } from '../../source/eventloom/chain-scan.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/zaxy/logs/${name}`, import.meta.url));

function shape(segments: readonly Segment[]): string {
  return segments.map((s) => (s.kind === 'run' ? `run(${s.lines})` : 'line')).join(' ');
}

for (const name of ['legacy.jsonl', 'v1.jsonl', 'mixed.jsonl']) {
  test(`scan: a clean Zaxy log (${name}) is one line and one run of all the others`, () => {
    const block = fixture(name);
    const lines = block.toString('utf8').trim().split('\n').length;
    const segments = scanBlock(block);
    assert.equal(shape(segments), `line run(${lines - 1})`);
    const run = segments[1];
    assert.ok(run?.kind === 'run');
    assert.equal(run.legacy + run.v1, lines - 1);
    assert.equal(run.end, block.length);
    assert.equal(run.last.seq, lines);
  });
}

test('scan: a tampered line ends the run before it and starts none itself', () => {
  const text = fixture('legacy.jsonl').toString('utf8').trim().split('\n');
  assert.equal(text.length, 6);
  text[2] = text[2]!.replace('"payload":{', '"payload":{"tampered":true,');
  // Lines 1-2, the tampered 3rd alone, the 4th (nothing sealed to link to) and a run of 5-6.
  assert.equal(shape(scanBlock(Buffer.from(`${text.join('\n')}\n`))), 'line run(1) line line run(2)');
});

test('scan: a blank line, a non-object and an unterminated last line are left to the verifier', () => {
  const text = fixture('legacy.jsonl').toString('utf8').trim().split('\n');
  const block = Buffer.from(`${text[0]}\n\n[1]\n${text[1]}\n${text[2]}`);
  const segments = scanBlock(block);
  assert.equal(shape(segments), 'line line line line line');
  assert.deepEqual(segments.map((s) => (s.kind === 'line' ? s.fast === false : null)), [false, true, true, false, false]);
  const last = segments.at(-1);
  assert.equal(last?.kind === 'line' && last.terminated, false);
});
