import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { ASCII_TRUNCATION, asciiStdout, asciiTruncation } from '../../source/console/ascii-output.js';

test('asciiTruncation: Ink’s one-column ellipsis becomes a one-column ASCII mark, nothing else changes', () => {
  assert.equal(asciiTruncation('Enter detail  / filt\u2026'), `Enter detail  / filt${ASCII_TRUNCATION}`);
  assert.equal(asciiTruncation('\u2026a\u2026'), `${ASCII_TRUNCATION}a${ASCII_TRUNCATION}`);
  const plain = 'no ellipsis here';
  assert.equal(asciiTruncation(plain), plain);
});

test('asciiStdout: what Ink writes is folded; everything else is the real stream', () => {
  const real = Object.assign(new PassThrough(), { columns: 80, rows: 24, isTTY: true }) as unknown as NodeJS.WriteStream;
  const written: string[] = [];
  (real as unknown as PassThrough).on('data', (chunk: Buffer) => written.push(chunk.toString('utf8')));
  const seen = asciiStdout(real);
  seen.write('abc\u2026');
  seen.write(Buffer.from('raw\u2026'), () => undefined);
  assert.deepEqual(written, [`abc${ASCII_TRUNCATION}`, 'raw\u2026'], 'strings folded, Buffers passed through');
  assert.deepEqual([seen.columns, seen.rows, seen.isTTY], [80, 24, true]);
  const onResize = () => undefined;
  seen.on('resize', onResize);
  assert.equal(real.listenerCount('resize'), 1, 'listeners land on the real stream');
  seen.off('resize', onResize);
  assert.equal(real.listenerCount('resize'), 0);
});
