// The console's wiring on a real (demo) deployment: the backups source verifies archive contents in
// the background, so the corrupted backup is flagged without a key press; the Neo4j pane is told
// why it has no data when the backend is not Neo4j.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadConfig } from '../../source/config.js';
import { createSourceBindings, withContentChecks } from '../../source/console/sources.js';
import { startDemo, type DemoDeployment } from '../../source/demo/deployment.js';
import { createBackupsCollector } from '../../source/sources/backups.js';
import { createConsoleStore } from '../../source/store/state.js';

let parent: string;
let demo: DemoDeployment;
before(async () => {
  parent = mkdtempSync(join(tmpdir(), 'console-sources-'));
  demo = await startDemo({ seed: 8, parentDir: parent, live: false });
});
after(async () => {
  await demo.close();
  rmSync(parent, { recursive: true, force: true });
});

const config = () => loadConfig({ flags: { root: demo.root }, env: {}, cwd: demo.root });

test('archive contents are verified in the background: the corrupted backup is flagged, the others pass', async () => {
  const collector = withContentChecks(createBackupsCollector(config()));
  const signal = new AbortController().signal;
  try {
    const first = await collector.collect(signal);
    assert.equal(first.backups.length, 3);
    let latest = first;
    const deadline = Date.now() + 20_000;
    while (latest.backups.some((b) => b.contents === null)) {
      assert.ok(Date.now() < deadline, 'contents were not verified within 20 s');
      await new Promise((r) => setTimeout(r, 100));
      latest = await collector.collect(signal);
    }
    const verdicts = latest.backups.map((b) => b.contents?.ok);
    assert.deepEqual(verdicts, [true, false, true], 'newest first: fresh ok, the 7 h old one corrupted, the stale one ok');
  } finally {
    await collector.close?.();
  }
});

test('the demo without Neo4j: three sources polled, the Neo4j pane says "not configured (demo)"', async () => {
  const store = createConsoleStore({ publishIntervalMs: 0 });
  const bindings = await createSourceBindings(config(), store, { demo: { neo4jConfigured: false } });
  assert.deepEqual(bindings.map((b) => b.name).sort(), ['backups', 'metrics', 'workspace']);
  assert.equal(store.getState().neo4j.health?.state, 'disabled');
  assert.equal(store.getState().neo4j.health?.error, 'not configured (demo)');
  for (const b of bindings) await b.collector.close?.();
});
