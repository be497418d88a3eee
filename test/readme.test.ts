// The README is for newcomers; its key table must be what the console actually binds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultBindings, renderKeyTable } from '../source/ui/keymap.js';
import { commands } from '../source/commands/registry.js';

const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');

test('the README key table is the generated one', () => {
  const start = readme.indexOf('<!-- keys:start');
  const end = readme.indexOf('<!-- keys:end -->');
  assert.ok(start >= 0 && end > start, 'README has the keys:start/keys:end markers');
  const block = readme.slice(readme.indexOf('\n', start) + 1, end).trim();
  assert.equal(block, renderKeyTable().trim());
});

test('the README names every command', () => {
  for (const command of commands) {
    assert.match(readme, new RegExp(`zaxy-console ${command.name}\\b|zaxy-console \\[${command.name}\\]`), command.name);
  }
});

test('the README lists every binding id a key config may remap', () => {
  for (const binding of defaultBindings) assert.ok(readme.includes(`\`${binding.id}\``), binding.id);
});
