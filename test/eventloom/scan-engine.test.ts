// The WebAssembly scan engine (source/eventloom/wasm): the committed module is what the C says,
// it loads, and the lines it does not take (over its input size, or all of them when it is off)
// reach the same reports through the JS tape. The byte-level agreement of the two tapes is in
// oracle.test.ts; chain-level agreement with Zaxy's own verifier is in test/zaxy-real.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { verifyFile } from '../../source/eventloom/index.js';
import { scanEngineLoaded } from '../../source/eventloom/fast-zaxy.js';
import { loadScanEngine } from '../../source/eventloom/wasm/scan-engine.js';
import { projectRoot } from '../support/zaxy.js';
import { builtCli } from '../support/zaxy-logs.js';
import { writeDoc, zaxy, type ZaxyIntegrity } from './support/zaxy-writer.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'scan-engine-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('the committed WebAssembly module is what source/eventloom/wasm/*.c compiles to', () => {
  // clang and wasm-ld come from scripts/setup-clang.sh (CI runs it); without them this fails.
  const out = execFileSync('bash', [join(projectRoot, 'scripts', 'build-wasm.sh'), '--check'], { encoding: 'utf8' });
  assert.match(out, /matches/);
});

test('the engine loads here, and the hot path reads lines with it', () => {
  const engine = loadScanEngine();
  assert.ok(engine, 'WebAssembly is available on every supported Node');
  assert.equal(engine.inputCap, 128 * 1024);
  assert.equal(scanEngineLoaded, true);
});

const inputCap = 128 * 1024;
const big = 'x'.repeat(70_000) + ' café 😀 ' + 'Δ'.repeat(40_000); // ~150 KB of UTF-8: over the engine's input
const zaxyVerdict: Record<string, ZaxyIntegrity> = {};

before(async () => {
  const events = Array.from({ length: 6 }, (_, i) => ({
    type: 'task.proposed',
    timestamp: `2026-05-20T12:00:0${i}Z`,
    payload: { n: i, text: i === 2 ? big : `short ${i}`, score: i / 7 },
  }));
  const answers = await zaxy([writeDoc(join(dir, 'long.jsonl'), events)]);
  const answer = answers[0]!;
  assert.ok('verify' in answer, JSON.stringify(answer));
  zaxyVerdict.long = answer.verify;
  const lines = readFileSync(join(dir, 'long.jsonl'), 'utf8').split('\n');
  assert.ok(Buffer.byteLength(lines[2]!) > inputCap, 'the third line is longer than the engine takes');
  // One character changed inside the long string: Zaxy's verdict is a hash mismatch at seq 3.
  lines[2] = lines[2]!.replace('x'.repeat(10), `${'x'.repeat(9)}y`);
  writeFileSync(join(dir, 'long-tampered.jsonl'), lines.join('\n'));
  const again = await zaxy([JSON.stringify({ verify: join(dir, 'long-tampered.jsonl') })]);
  assert.ok('verify' in again[0]!, JSON.stringify(again[0]));
  zaxyVerdict['long-tampered'] = again[0].verify;
});

test('a line over the engine\'s input goes to the JS tape: Zaxy\'s verdict, intact and tampered', async () => {
  for (const name of ['long', 'long-tampered']) {
    const report = await verifyFile(join(dir, `${name}.jsonl`));
    const zaxyReport = zaxyVerdict[name]!;
    assert.equal(report.ok, zaxyReport.ok, name);
    assert.equal(report.total_events, zaxyReport.total_events, name);
    assert.equal(report.broken_at_seq, zaxyReport.broken_at_seq, name);
    assert.equal(report.broken_reason, zaxyReport.broken_reason, name);
  }
  assert.equal(zaxyVerdict['long-tampered']!.broken_at_seq, 3, 'the tamper is seen, by Zaxy too');
});

test('with the engine off (ZAXY_CONSOLE_SCAN=js) the CLI gives the same JSON on real logs', async () => {
  const files = [join(dir, 'long.jsonl'), join(dir, 'long-tampered.jsonl'), ...['legacy', 'v1', 'mixed', 'nan-legacy', 'nan-v1'].map((n) => join(projectRoot, 'test', 'fixtures', 'zaxy', 'logs', `${n}.jsonl`))];
  const verify = async (env: NodeJS.ProcessEnv) => {
    const result = await run(process.execPath, [builtCli, 'verify', '--json', ...files], { env: { ...process.env, ...env } }).catch((e: { stdout: string }) => e);
    return JSON.parse(result.stdout) as { logs: unknown[] };
  };
  const [engine, js] = await Promise.all([verify({}), verify({ ZAXY_CONSOLE_SCAN: 'js' })]);
  assert.equal(engine.logs.length, files.length);
  assert.deepEqual(js, engine);
});
