// `zaxy-console verify` end to end: the real entry point in a child process, real rotation by
// Zaxy's own scripts/rotate-logs.sh, exit codes and one-line errors for bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot, zaxyInstall } from '../support/zaxy.js';

const vectors = join(projectRoot, 'test', 'fixtures', 'eventloom', 'spec-vectors');

function cli(args: string[], env: Record<string, string> = {}, cwd = projectRoot) {
  // tsx resolved here: a bare `--import tsx` would resolve from the child's cwd.
  const result = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(projectRoot, 'source', 'bin.ts'), 'verify', ...args], {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function root(): string {
  const dir = mkdtempSync(join(tmpdir(), 'eventloom-cli-'));
  copyFileSync(join(vectors, 'b-backend-shootout-agent-1.jsonl'), join(dir, 'agent-1.jsonl'));
  copyFileSync(join(vectors, 'e-zaxy-v1.jsonl'), join(dir, 'default.jsonl'));
  writeFileSync(join(dir, 'remote_audit.jsonl'), '{}\n');
  writeFileSync(join(dir, 'agent-1.snapshot-3.json'), '{}');
  for (const sub of ['projections', 'refs']) mkdirSync(join(dir, sub));
  return dir;
}

test('an intact root: exit 0, one text line per log', () => {
  const { code, stdout, stderr } = cli([root()]);
  assert.equal(code, 0, stderr);
  const lines = stdout.trim().split('\n');
  assert.match(lines[0]!, /agent-1\.jsonl {2}4 events \[zaxy\] {2}OK$/);
  assert.match(lines[1]!, /default\.jsonl {2}2 events \[zaxy\] {2}OK$/);
  assert.match(lines[2]!, /4 entries skipped/);
});

test('--json: exactly one object with the documented shape, skipped entries with reasons', () => {
  const { code, stdout } = cli([vectors, '--json']);
  assert.equal(code, 1);
  const out = JSON.parse(stdout) as { ok: boolean; logs: Record<string, unknown>[]; skipped: { path: string; reason: string }[] };
  assert.equal(out.ok, false);
  const fields = ['path', 'ok', 'total_events', 'broken_at_seq', 'broken_line', 'reason_code', 'broken_reason', 'last_good_seq', 'last_good_hash', 'envelopes', 'dialect'];
  for (const log of out.logs) for (const f of fields) assert.ok(f in log, `${f} missing`);
  const byName = Object.fromEntries(out.logs.map((l) => [String(l.path).split('/').pop(), l]));
  assert.deepEqual(
    { ok: byName['c-sample.jsonl']!.ok, last_good_hash: byName['c-sample.jsonl']!.last_good_hash, dialect: byName['c-sample.jsonl']!.dialect },
    { ok: true, last_good_hash: 'sha256:b57e20eb0e106ed60d89ee6f711592b2f7731abee740cd64f4684dac1dc46388', dialect: 'eventloom-js' },
  );
  const partial = byName['d-corrupt-partial-tail.jsonl']!;
  assert.deepEqual([partial.reason_code, partial.broken_line, partial.last_good_seq], ['partial_trailing_line', 2, 1]);
  const tampered = byName['d-corrupt-hash-mismatch-tail.jsonl']!;
  assert.deepEqual([tampered.reason_code, tampered.broken_line, tampered.last_good_seq], ['hash_mismatch', 2, 1]);
  assert.equal(byName['a-activation-agent-1.jsonl']!.broken_at_seq, null);
  assert.deepEqual(out.skipped.map((s) => s.path.split('/').pop()), ['README.md']);
});

test('root from EVENTLOOM_PATH, then ./.eventloom', () => {
  const dir = root();
  assert.equal(cli([], { EVENTLOOM_PATH: dir }).code, 0);
  const cwd = mkdtempSync(join(tmpdir(), 'eventloom-cwd-'));
  mkdirSync(join(cwd, '.eventloom'));
  copyFileSync(join(vectors, 'a-activation-agent-1.jsonl'), join(cwd, '.eventloom', 'default.jsonl'));
  const { code, stdout } = cli(['--json'], { EVENTLOOM_PATH: '' }, cwd);
  assert.equal(code, 0);
  assert.match(stdout, /\.eventloom\/default\.jsonl/);
});

const badInputs: [string, () => string[], RegExp][] = [
  ['a path that does not exist', () => ['/nonexistent/log.jsonl'], /not found: \/nonexistent\/log\.jsonl/],
  ['a directory with no logs', () => [mkdtempSync(join(tmpdir(), 'empty-'))], /no session logs/],
  ['a binary file', () => { const f = join(mkdtempSync(join(tmpdir(), 'bin-')), 'x.bin'); writeFileSync(f, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1])); return [f]; }, /binary data/],
  ['--from-seq without a number', () => ['--from-seq', 'x', vectors], /--from-seq/],
  ['--from-seq 0', () => ['--from-seq', '0', vectors], /--from-seq needs a whole number >= 1/],
  ['--dialect with an unknown value', () => ['--dialect', 'rust', vectors], /--dialect must be one of auto, zaxy, eventloom-js/],
  ['an unknown flag', () => ['--fast', vectors], /unknown flag/],
];
for (const [name, args, message] of badInputs) {
  test(`bad input, exit 2 with one line: ${name}`, () => {
    const { code, stdout, stderr } = cli(args());
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, message);
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
    assert.doesNotMatch(stderr, /\n\s+at /);
  });
}

test('--archive checks rotated archives made by Zaxy\'s rotate-logs.sh against their manifests', () => {
  const dir = root();
  const { scripts } = zaxyInstall();
  execFileSync('bash', [join(scripts, 'rotate-logs.sh'), '--log', join(dir, 'agent-1.jsonl'), '--name', 'agent-1-r1'], { stdio: 'pipe' });
  copyFileSync(join(vectors, 'a-activation-agent-1.jsonl'), join(dir, 'agent-1.jsonl')); // the live log restarts at seq 1
  const ok = cli([dir, '--archive', '--json']);
  assert.equal(ok.code, 0, ok.stdout);
  const report = JSON.parse(ok.stdout) as { logs: { path: string; archive_checksum?: { status: string } }[]; skipped: { path: string; reason: string }[] };
  const archive = report.logs.find((l) => l.path.endsWith('archive/agent-1-r1.jsonl'));
  assert.equal(archive?.archive_checksum?.status, 'ok');
  assert.ok(report.skipped.some((s) => s.path.endsWith('archive/') && /--archive/.test(s.reason)));

  appendFileSync(join(dir, 'archive', 'agent-1-r1.jsonl'), '\n');
  const bad = cli([dir, '--archive']);
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /agent-1-r1\.jsonl {2}4 events \[zaxy\] {2}OK; archive mismatch: checksum [0-9a-f]{64} does not match/);
  assert.equal(cli([dir]).code, 0, 'without --archive the archive is not judged');
  assert.match(readFileSync(join(dir, 'archive', 'agent-1-r1.sha256'), 'utf8'), /^[0-9a-f]{64} {2}agent-1-r1\.jsonl\n$/);
});

test('a broken log: exit 1 and the break in the text line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eventloom-broken-'));
  const lines = readFileSync(join(vectors, 'b-backend-shootout-agent-1.jsonl'), 'utf8').split('\n');
  writeFileSync(join(dir, 'agent-1.jsonl'), [lines[0], lines[2], lines[3]].join('\n') + '\n');
  const { code, stdout } = cli([join(dir, 'agent-1.jsonl')]);
  assert.equal(code, 1);
  assert.match(stdout, /BROKEN at seq 3 \(line 2\): Event sequence expected 2 but found 3 \[sequence_mismatch\]; last good seq 1/);
});
