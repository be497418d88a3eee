// Logs whose every hash and link is right, one line of which breaks what else Zaxy (or our scan)
// checks: a legacy seq that skips, a v1 id that does not match, a v1 id of another writer, a
// timestamp Zaxy's Event refuses. `verify --json` must reach Zaxy's own verdict on each, and so
// must the verifier with workers and small blocks and the line-by-line reader (the block scan
// takes such chains in runs, and must not take these lines into them).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { zaxyInstall } from '../support/zaxy.js';
import { verifyFile } from '../../source/eventloom/index.js';
import { byPath, consoleVerify, fixtureScript, zaxyVerdicts, type ZaxyVerdict } from '../support/zaxy-logs.js';
import { chainEdits, rechained } from '../eventloom/support/rechain.js';

const dir = mkdtempSync(join(tmpdir(), 'rechained-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const files = new Map<string, string>();
let zaxy = new Map<string, ZaxyVerdict>();
/** Per way of verifying, per file: the fields compared with Zaxy's. */
type Verdict = { ok: boolean; total_events: number; broken_at_seq: number | null; broken_reason: string | null; broken_line: number | null; reason_code: string | null };
const ours = new Map<string, Map<string, Verdict>>();

before(async () => {
  const source = join(dir, 'source.jsonl');
  execFileSync(zaxyInstall().python, [fixtureScript, 'generate', source, '--size-mb', '2'], { encoding: 'utf8' });
  const lines = readFileSync(source, 'utf8').split('\n').slice(0, -1);
  for (const [name, edit] of Object.entries(chainEdits)) {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.jsonl`);
    writeFileSync(file, rechained(lines, edit));
    files.set(name, file);
  }
  const paths = [...files.values()];
  const [verdicts, cli] = await Promise.all([zaxyVerdicts(paths), consoleVerify(paths)]);
  zaxy = verdicts;
  ours.set('verify --json', byPath(cli.report));
  const ways = {
    'a worker, 64 KiB blocks': { workers: 1, parallelMinBytes: 0, blockBytes: 64 * 1024 },
    'line by line': { reader: 'lines' as const },
  };
  for (const [how, options] of Object.entries(ways)) {
    const reports = await Promise.all(paths.map(async (p) => [p, await verifyFile(p, options)] as const));
    ours.set(how, new Map(reports));
  }
});

for (const name of Object.keys(chainEdits)) {
  test(`verify gives Zaxy's verdict on a re-sealed chain with ${name}`, () => {
    const file = files.get(name)!;
    const theirs = zaxy.get(file);
    assert.ok(theirs, 'Zaxy answered');
    for (const [how, verdicts] of ours) {
      const mine = verdicts.get(file);
      assert.ok(mine, `${how}: verify listed the log`);
      if (theirs.report === null) {
        // Zaxy raises on a record its Event model refuses: we report it broken on that line.
        assert.equal(mine.ok, false, how);
        assert.equal(mine.broken_line, theirs.raised?.line, `${how}: broken_line is where Zaxy raised`);
        assert.equal(mine.reason_code, 'invalid_event', how);
        continue;
      }
      assert.deepEqual(
        { ok: mine.ok, total_events: mine.total_events, broken_at_seq: mine.broken_at_seq, broken_reason: mine.broken_reason },
        theirs.report,
        how,
      );
    }
  });
}

test('the re-sealed chains are not all alike to Zaxy: some break, some do not', () => {
  const broken = [...files.values()].filter((f) => zaxy.get(f)?.report?.ok !== true);
  assert.ok(broken.length >= 2 && broken.length < files.size, `${broken.length} of ${files.size} broken for Zaxy`);
});
