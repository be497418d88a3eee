// The block scanner must find the runs on a clean Zaxy log (or block reading gains nothing) and
// must end a run wherever a line would not pass the verifier's checks on its own.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { batchStats, scanBlock, setBatchScan, type Segment } from '../../source/eventloom/chain-scan.js';
import { zaxyInstall } from '../support/zaxy.js';
import { fixtureScript } from '../support/zaxy-logs.js';
import { chainEdits, rechained } from './support/rechain.js';

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

// The engine's batches (wasm/batch.c) split and seal slabs of lines in place; every segment must
// be the one the line-by-line scan makes, whatever the line ends, blanks, odd or long lines, and
// wherever a slab boundary falls (slabs grow from 16 KiB, so on a 2 MB log they fall everywhere).
describe('scan: the engine\'s batches make the very segments of the line-by-line scan', () => {
  let log = '';
  before(() => {
    const dir = mkdtempSync(join(tmpdir(), 'batch-scan-'));
    const path = join(dir, 'log.jsonl');
    execFileSync(zaxyInstall().python, [fixtureScript, 'generate', path, '--size-mb', '2'], { encoding: 'utf8' });
    log = readFileSync(path, 'utf8');
    rmSync(dir, { recursive: true, force: true });
  });

  const lines = () => log.split('\n').slice(0, -1);
  const variants: Record<string, () => string> = {
    'LF': () => log,
    'CRLF': () => lines().join('\r\n') + '\r\n',
    'lone CR': () => lines().join('\r') + '\r',
    'trailing blanks': () => lines().map((l) => `${l} \t`).join('\n') + '\n',
    'blank and non-object lines': () => lines().map((l, i) => (i % 97 === 5 ? `${l}\n\n[1]` : l)).join('\n') + '\n',
    'tampered lines': () => lines().map((l, i) => (i % 131 === 7 ? l.replace('"summary":"', '"summary":"x') : l)).join('\n') + '\n',
    'lines over a slab': () => lines().map((l, i) => (i === 40 ? `${l}\n{"pad":"${'p'.repeat(20_000)}"}` : i === 900 ? `${l}\n{"pad":"${'q'.repeat(140_000)}"}` : l)).join('\n') + '\n',
    'unterminated last line': () => log.slice(0, -1),
    'lines the engine leaves': () => lines().map((l, i) => (i % 2 === 0 ? l.replace('{', '{"envelope_version":"eventloom.v1",') : l)).join('\n') + '\n',
  };
  for (const [name, edit] of Object.entries(chainEdits)) variants[name] = () => rechained(lines(), edit);
  const forged = new Set(Object.keys(chainEdits));
  variants['\\r\\n across the first slab\'s end'] = () => {
    // Trailing blanks move one line's \r to the last byte of the first 16 KiB slab.
    const all = lines();
    let at = 0;
    let k = 0;
    while (at + Buffer.byteLength(all[k]!) + 2 < 16_384) at += Buffer.byteLength(all[k++]!) + 2;
    all[k - 1] += ' '.repeat(16_383 - (at - 2));
    const text = `${all.join('\r\n')}\r\n`;
    assert.equal(Buffer.from(text)[16_383], 0x0d);
    return text;
  };

  for (const [name, make] of Object.entries(variants)) {
    test(name, () => {
      const block = Buffer.from(make(), 'utf8');
      const before = batchStats.lines;
      const batched = scanBlock(block);
      const taken = batchStats.lines - before;
      setBatchScan(false);
      try {
        assert.deepEqual(batched, scanBlock(block));
      } finally {
        setBatchScan(true);
      }
      if (name !== 'lines the engine leaves') assert.ok(taken > 1000, `the batches took ${taken} lines`);
      // A forged line (and the one after it, which links to a line that is out) stand alone.
      if (forged.has(name)) assert.match(shape(batched), /^line run\(\d+\) line line run\(\d+\)$/);
    });
  }
});
