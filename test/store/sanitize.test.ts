import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cleaned, toDisplayText } from '../../source/store/sanitize.js';

const UNSAFE = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

test('CSI sequences such as clear-screen and colours are removed', () => {
  assert.equal(toDisplayText('a\x1b[2Jb\x1b[31mred\x1b[0m'), 'abred');
  assert.equal(toDisplayText('move\x1b[10;20Hhere'), 'movehere');
});

test('OSC title changes are removed whether ended by BEL or ST', () => {
  assert.equal(toDisplayText('x\x1b]0;pwned\x07y'), 'xy');
  assert.equal(toDisplayText('x\x1b]8;;http://e.vil\x1b\\link\x1b]8;;\x1b\\y'), 'xlinky');
});

test('an unterminated OSC swallows the rest instead of leaking it to the terminal', () => {
  assert.equal(toDisplayText('ok\x1b]0;title without end'), 'ok');
});

test('DCS and 8-bit C1 introducers are removed', () => {
  assert.equal(toDisplayText('a\x1bPq#0;2;0;0;0\x1b\\b'), 'ab');
  assert.equal(toDisplayText('a\x9b2Jb'), 'ab');
  assert.equal(toDisplayText('a\x9d0;t\x9cb'), 'ab');
  assert.equal(toDisplayText('a\x85b\x8dc'), 'a bc');
});

test('bidi overrides are removed so text cannot render in a different order', () => {
  assert.equal(toDisplayText('user\u202Egnp.exe\u202C'), 'usergnp.exe');
  assert.equal(toDisplayText('\u2067x\u2069'), 'x');
});

test('carriage-return progress keeps only what a terminal would finally show', () => {
  assert.equal(toDisplayText('10%\r50%\r100% done'), '100% done');
  assert.equal(toDisplayText('line\r\n'), 'line ');
  assert.equal(toDisplayText('a\r\nb', { multiline: true }), 'a\nb');
});

test('tabs, newlines and other C0 controls cannot break the layout', () => {
  assert.equal(toDisplayText('a\tb\nc\x00d\x07e\x08'), 'a b cde');
  assert.equal(toDisplayText('a\nb', { multiline: true }), 'a\nb');
});

test('maxLength cuts by characters with an ellipsis', () => {
  assert.equal(toDisplayText('abcdef', { maxLength: 4 }), 'abc…');
  assert.equal(toDisplayText('abc', { maxLength: 3 }), 'abc');
  assert.equal(toDisplayText('abc', { maxLength: 0 }), '');
});

test('non-strings are shown, not thrown', () => {
  assert.equal(toDisplayText(null), '');
  assert.equal(toDisplayText(42), '42');
  assert.equal(toDisplayText(new Error('boom\x1b[2J')), 'boom');
  assert.equal(toDisplayText({ a: 1 }), '{"a":1}');
});

test('no input leaves an escape, control or bidi character behind', () => {
  const pieces = fc.constantFrom('\x1b', '[', ']', 'P', '\\', '\x07', '\x9b', '\x9c', '\x9d', '\x90', '\r', '\n', '\t', '\u202e', '\u2066', 'a', '0', ';', 'm', 'é', '漢');
  fc.assert(
    fc.property(fc.array(pieces, { maxLength: 40 }), fc.boolean(), (parts, multiline) => {
      const out = toDisplayText(parts.join(''), { multiline });
      const checked = multiline ? out.replace(/\n/g, '') : out;
      assert.ok(!UNSAFE.test(checked), JSON.stringify(out));
    }),
  );
});

test('text skipped by the shortcut is text the rewrites would leave as it is', () => {
  // Every character the sanitiser treats specially, and its neighbours, plus ordinary text.
  const special = fc.constantFrom('\x00', '\x1b', '\x1f', ' ', '~', '\x7f', '\x80', '\x85', '\x9f', '\xa0', '\u061b', '\u061c', '\u200d', '\u200e', '\u200f', '\u2027', '\u2028', '\u2029', '\u202a', '\u202e', '\u202f', '\u2065', '\u2066', '\u2069', '\u206a', '\r', '\n', '\t');
  const piece = fc.oneof(special, fc.string({ unit: 'binary', maxLength: 4 }));
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 30 }), fc.boolean(), fc.option(fc.nat(40), { nil: undefined }), (parts, multiline, maxLength) => {
      const text = parts.join('');
      const full = cleaned(text, multiline);
      const chars = Array.from(full);
      const expected = maxLength === undefined || chars.length <= maxLength ? full : maxLength === 0 ? '' : `${chars.slice(0, maxLength - 1).join('')}…`;
      assert.equal(toDisplayText(text, { multiline, ...(maxLength === undefined ? {} : { maxLength }) }), expected);
    }),
    { numRuns: 3000 },
  );
});
