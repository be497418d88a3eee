import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTheme, resolveAscii, resolveColorMode } from '../../source/ui/theme.js';

test('colour mode: the flag wins, then NO_COLOR, then the terminal', () => {
  assert.equal(resolveColorMode('256', { NO_COLOR: '1' }), '256');
  assert.equal(resolveColorMode(undefined, { NO_COLOR: '1', COLORTERM: 'truecolor' }), 'never');
  assert.equal(resolveColorMode(undefined, { NO_COLOR: '', COLORTERM: 'truecolor' }), 'truecolor', 'an empty NO_COLOR does not count');
  assert.equal(resolveColorMode(undefined, { TERM: 'dumb' }), 'never');
  assert.equal(resolveColorMode(undefined, { TERM: 'xterm-256color' }), '256');
  assert.equal(resolveColorMode(undefined, { TERM: 'xterm' }), '16');
});

test('never prints no colour at all; 16 uses named colours; richer modes use hex', () => {
  assert.equal(createTheme({ colorMode: 'never', ascii: false }).color('error'), undefined);
  assert.equal(createTheme({ colorMode: '16', ascii: false }).color('error'), 'red');
  assert.match(createTheme({ colorMode: 'truecolor', ascii: false }).color('ok')!, /^#[0-9a-f]{6}$/);
  assert.equal(createTheme({ colorMode: '256', ascii: false }).color('normal'), undefined);
});

test('every mark has a Unicode and an ASCII symbol, and they differ per meaning', () => {
  const marks = ['ok', 'bad', 'unknown', 'warn', 'up', 'new', 'paused', 'running'] as const;
  for (const ascii of [false, true]) {
    const theme = createTheme({ colorMode: 'never', ascii });
    const symbols = marks.map((m) => theme.mark(m));
    assert.ok(symbols.every((s) => s.length === 1), symbols.join(' '));
    if (ascii) assert.ok(symbols.every((s) => /^[\x21-\x7e]$/.test(s)));
    assert.notEqual(theme.mark('ok'), theme.mark('bad'));
  }
  assert.equal(createTheme({ colorMode: 'never', ascii: true }).fold('a · b — c…'), 'a | b - c...');
  assert.equal(createTheme({ colorMode: 'never', ascii: false }).fold('a · b'), 'a · b');
});

test('ASCII is chosen by the flag or a C/POSIX locale', () => {
  assert.equal(resolveAscii(true, { LANG: 'en_US.UTF-8' }), true);
  assert.equal(resolveAscii(false, { LANG: 'C' }), true);
  assert.equal(resolveAscii(false, { LC_ALL: 'POSIX' }), true);
  assert.equal(resolveAscii(false, { LANG: 'C.UTF-8' }), false);
  assert.equal(resolveAscii(false, {}), false);
});
