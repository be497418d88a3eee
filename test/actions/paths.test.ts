import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unusedPath } from '../../source/actions/paths.js';

test('unusedPath keeps a free name and numbers a taken one, never reusing an existing directory', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zc-paths-'));
  try {
    const aside = join(dir, '.eventloom.pre-restore-20261128T201500Z');
    assert.equal(await unusedPath(aside), aside);
    mkdirSync(aside);
    assert.equal(await unusedPath(aside), `${aside}-2`);
    mkdirSync(`${aside}-2`);
    assert.equal(await unusedPath(aside), `${aside}-3`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
