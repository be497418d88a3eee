// The block reader takes runs of clean Zaxy events in one step (chain-scan.ts); it must reach the
// very report of the line-by-line reference reader on every real and tampered log of cases.ts,
// whether it scans on this thread or in workers, with blocks of any size.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { verifyFile } from '../../source/eventloom/index.js';
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
