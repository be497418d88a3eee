import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePlainFlags } from '../../source/cli-flags.js';
import { parseFlags, parseWithMeow } from '../../source/cli.js';
import { consoleCommand } from '../../source/commands/console.js';
import { demoCommand } from '../../source/commands/demo.js';
import { verifyCommand } from '../../source/commands/verify.js';
import { ConsoleError } from '../../source/errors.js';

const pick = (values: Record<string, unknown>, keys: readonly string[]) => Object.fromEntries(keys.filter((k) => values[k] !== undefined).map((k) => [k, values[k]]));

test('plain flag lines read without meow give exactly what meow gives', async () => {
  const lines = [
    [],
    ['--root', '/srv/zaxy', '--refresh', '1'],
    ['--root=/srv/zaxy', '--refresh=0.5', '--readonly'],
    ['--no-ascii', '--color', '256'],
    ['--ascii', '--color=never', '--metrics-url', 'http://127.0.0.1:9/metrics'],
    ['--refresh', '10'],
    ['--root', '123'],
  ];
  for (const spec of [consoleCommand, demoCommand]) {
    const keys = Object.keys(spec.flags);
    for (const args of lines) {
      if (!args.every((a) => !a.startsWith('--') || Object.hasOwn(spec.flags, a.slice(2).split('=')[0]!.replace(/^no-/, '').replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())))) continue;
      const plain = parsePlainFlags(spec, args);
      assert.ok(plain, `plain: ${args.join(' ')}`);
      const meow = await parseWithMeow(spec, args);
      assert.deepEqual(pick(plain.values, keys), pick(meow.values, keys), args.join(' '));
      assert.deepEqual(plain.input, meow.input);
    }
  }
});

test('a command that takes paths: bare words are its input, in order, as meow has them', async () => {
  for (const args of [
    ['.eventloom'],
    ['a.jsonl', '--json', 'b.jsonl'],
    ['--json', 'x.jsonl', '--workers', '2', 'y.jsonl'],
    ['a', '--dialect', 'zaxy', 'b', '--from-seq=3', '--archive'],
    ['123', '0x10'],
  ]) {
    const plain = parsePlainFlags(verifyCommand, args);
    assert.ok(plain, args.join(' '));
    const meow = await parseWithMeow(verifyCommand, args);
    const keys = Object.keys(verifyCommand.flags);
    assert.deepEqual(plain.input, meow.input, args.join(' '));
    assert.deepEqual(pick(plain.values, keys), pick(meow.values, keys), args.join(' '));
  }
  // Still meow's: short flags, a lone dash, and values that look like flags.
  for (const args of [['-q', 'a'], ['-'], ['a', '--dialect', '-x']]) assert.equal(parsePlainFlags(verifyCommand, args), null, args.join(' '));
});

test('anything unusual is left to meow', () => {
  for (const args of [
    ['-h'],
    ['somewhere'],
    ['--refresh', '-1'],
    ['--refresh', '1e3'],
    ['--refresh', 'abc'],
    ['--refresh'],
    ['--root', 'a', '--root', 'b'],
    ['--readonly=false'],
    ['--no-root'],
    ['--metricsUrl', 'http://x'],
    ['--', '--root'],
  ]) {
    assert.equal(parsePlainFlags(consoleCommand, args), null, args.join(' '));
  }
});

test('errors are the same either way', async () => {
  // meow's NaN reaches the config loader, which names the flag.
  assert.ok(Number.isNaN((await parseFlags(consoleCommand, ['--refresh', 'abc'])).flags.refresh));
  await assert.rejects(parseFlags(consoleCommand, ['--color', 'pink']), (e: unknown) => e instanceof ConsoleError && /--color must be one of .* \(got pink\)/.test(e.message));
  await assert.rejects(parseFlags(consoleCommand, ['--colour', 'x']), (e: unknown) => e instanceof ConsoleError && e.code === 'UNKNOWN_FLAG');
});
