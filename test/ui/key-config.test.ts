import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleError } from '../../source/errors.js';
import { keyConfigPath, loadKeyBindings } from '../../source/ui/key-config.js';
import { applyKeyConfig } from '../../source/ui/key-config-file.js';
import { defaultBindings } from '../../source/ui/keymap.js';

const PATH = '/home/op/.config/zaxy-console/config.json';

function rejects(raw: unknown, pattern: RegExp): void {
  assert.throws(
    () => applyKeyConfig(raw, PATH),
    (error: unknown) => error instanceof ConsoleError && pattern.test(error.message) && error.message.startsWith(PATH),
  );
}

test('a remap replaces the keys of one binding', () => {
  const bindings = applyKeyConfig({ keys: { 'action.rotate': ['O'], 'app.quit': 'Q' } }, PATH);
  assert.deepEqual(bindings.find((b) => b.id === 'action.rotate')!.keys, ['O']);
  assert.deepEqual(bindings.find((b) => b.id === 'app.quit')!.keys, ['Q']);
  assert.deepEqual(bindings.find((b) => b.id === 'app.help')!.keys, ['?']);
});

test('an unknown binding id is named', () => rejects({ keys: { 'action.nuke': ['n'] } }, /unknown binding "keys\.action\.nuke"/));
test('an unusable key is named with its binding', () => rejects({ keys: { 'app.quit': ['F13'] } }, /"keys\.app\.quit" has an unusable key "F13"/));
test('a wrongly typed value is named by its path', () => rejects({ keys: { 'app.quit': 5 } }, /"keys\.app\.quit"/));
test('an empty key list is refused', () => rejects({ keys: { 'app.quit': [] } }, /"keys\.app\.quit"/));
test('an unknown top-level setting is named', () => rejects({ kyes: {} }, /unknown setting "kyes"/));
test('a remap that collides with another key names both bindings', () => rejects({ keys: { 'poll.refresh': 'q' } }, /key bound twice: q: app\.quit and poll\.refresh/));

test('the config path follows XDG_CONFIG_HOME, else ~/.config', () => {
  assert.equal(keyConfigPath({ XDG_CONFIG_HOME: '/x' }, '/home/op'), '/x/zaxy-console/config.json');
  assert.equal(keyConfigPath({}, '/home/op'), '/home/op/.config/zaxy-console/config.json');
});

test('loading: a missing file means defaults; bad JSON is a ConsoleError naming the file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'zaxy-keys-'));
  try {
    assert.equal(await loadKeyBindings({ XDG_CONFIG_HOME: dir }), defaultBindings);
    await mkdir(join(dir, 'zaxy-console'));
    const file = join(dir, 'zaxy-console', 'config.json');
    await writeFile(file, '{"keys": {');
    await assert.rejects(loadKeyBindings({ XDG_CONFIG_HOME: dir }), (e: unknown) => e instanceof ConsoleError && e.code === 'KEY_CONFIG_INVALID' && e.message.includes(file));
    await writeFile(file, JSON.stringify({ keys: { 'view.zoom': 'Z' } }));
    const loaded = await loadKeyBindings({ XDG_CONFIG_HOME: dir });
    assert.deepEqual(loaded.find((b) => b.id === 'view.zoom')!.keys, ['Z']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
