// The block reader takes runs of clean Zaxy events in one step (chain-scan.ts); it must reach the
// very report of the line-by-line reference reader on every real and tampered log of cases.ts,
// whether it scans on this thread or in workers, with blocks of any size, and whether lines are
// read by the WebAssembly scan engine or by the JS tape.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { verifyFile } from '../../source/eventloom/index.js';
import { builtCli } from '../support/zaxy-logs.js';
import { buildCases } from './cases.js';

const dir = mkdtempSync(join(tmpdir(), 'zaxy-readers-'));
const cases = buildCases(dir);

before(async () => {
  await Promise.all(cases.map((c) => c.build()));
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('every tampered real log: block readers give the line reader\'s report', async () => {
  const variants = [
    {},
    { blockBytes: 200 },
    { blockBytes: 4096, workers: 1, parallelMinBytes: 0 },
    { blockBytes: 700, workers: 2, parallelMinBytes: 0 },
    { blockBytes: 256, workers: 1, parallelMinBytes: 0, maxBlockBytes: 600 },
  ];
  let broken = 0;
  for (const c of cases) {
    const reference = await verifyFile(c.file, { reader: 'lines' });
    if (!reference.ok) broken++;
    for (const options of variants) {
      assert.deepEqual(await verifyFile(c.file, options), reference, `${c.name} with ${JSON.stringify(options)}`);
    }
  }
  // The cases are mostly tampers: a reader that agreed only on intact logs would not pass here.
  assert.ok(broken > cases.length / 2, `only ${broken} of ${cases.length} cases are broken`);
});

test('every tampered real log: the JS tape (ZAXY_CONSOLE_SCAN=js) gives the engine\'s JSON', async () => {
  const verify = async (env: NodeJS.ProcessEnv) => {
    const args = [builtCli, 'verify', '--json', ...cases.map((c) => c.file)];
    const result = await promisify(execFile)(process.execPath, args, { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }).catch((e: { stdout: string }) => e);
    return JSON.parse(result.stdout) as { ok: boolean; logs: unknown[] };
  };
  const [engine, js] = await Promise.all([verify({}), verify({ ZAXY_CONSOLE_SCAN: 'js' })]);
  assert.equal(engine.logs.length, cases.length);
  assert.equal(engine.ok, false, 'most cases are tampered');
  assert.deepEqual(js, engine);
});
