// `zaxy-console keys` prints the bindings the console dispatches on, with the user's remaps.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { keysCommand } from '../../source/commands/keys.js';
import { defaultBindings } from '../../source/ui/keymap.js';

async function keys(flags: Record<string, boolean>, env: NodeJS.ProcessEnv = { XDG_CONFIG_HOME: '/nonexistent' }) {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (c: Buffer) => (text += c.toString()));
  const code = await keysCommand.run({ input: [], flags, stdout, stderr: new PassThrough(), env, cwd: '/', signal: new AbortController().signal });
  return { code, text };
}

test('every binding is listed, mutating ones marked; --readonly leaves them out', async () => {
  const { code, text } = await keys({});
  assert.equal(code, 0);
  for (const b of defaultBindings) assert.ok(text.includes(b.help), `missing: ${b.help}`);
  assert.match(text, /Restore the selected backup.*\[mutating\]/);
  const readonly = await keys({ readonly: true });
  assert.doesNotMatch(readonly.text, /Restore the selected backup|\[mutating\]/);
  assert.match(readonly.text, /Quit the console/);
});

test('--markdown prints the README table; a remap from the config file shows up', async () => {
  const home = mkdtempSync(join(tmpdir(), 'keys-'));
  try {
    mkdirSync(join(home, 'zaxy-console'));
    writeFileSync(join(home, 'zaxy-console', 'config.json'), JSON.stringify({ keys: { 'action.rotate': ['O'] } }));
    const { text } = await keys({ markdown: true }, { XDG_CONFIG_HOME: home });
    assert.match(text, /^\| Keys \| Where \| Action \| Mutating \|$/m);
    assert.match(text, /^\| `O` \| Sessions \| Rotate the selected session log/m);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
