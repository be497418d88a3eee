import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { withoutYogaFetch, YOGA_FETCH_CHECK } from '../source/startup.js';

const projectRoot = join(import.meta.dirname, '..');

test('startup: the installed yoga still asks for fetch where the load hook answers it', () => {
  const loader = join(projectRoot, 'node_modules', 'yoga-layout', 'dist', 'binaries', 'yoga-wasm-base64-esm.js');
  const source = readFileSync(loader, 'utf8');
  assert.ok(source.includes(YOGA_FETCH_CHECK), 'yoga’s wasm loader checks for fetch as startup.ts expects (if yoga changed it, update startup.ts)');
  assert.ok(!withoutYogaFetch(source).includes(YOGA_FETCH_CHECK));
});

test('startup: with the start-up hooks, loading Ink does not load Node’s fetch (undici); without them it does', () => {
  // The built module, as bin.js runs it (the test command builds first).
  const startup = join(projectRoot, 'dist', 'startup.js');
  createRequire(import.meta.url).resolve(startup);
  const probe = (hooks: boolean) =>
    execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `${hooks ? `(await import(${JSON.stringify(startup)})).speedUpStartup();` : ''}
         await import('ink');
         process.stdout.write(String(process.moduleLoadList.some((m) => m.includes('undici'))));`,
      ],
      { cwd: projectRoot, encoding: 'utf8' },
    );
  assert.equal(probe(false), 'true', 'the test can tell: plain Ink loads undici');
  assert.equal(probe(true), 'false');
});
