// `zaxy-console demo --no-ui` as a process: it prints where the deployment is, keeps it live, and
// removes it on SIGINT or SIGTERM. Run from source through tsx so it needs no build.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';

const projectRoot = resolve(import.meta.dirname, '..', '..');

async function runDemo(signal: NodeJS.Signals) {
  const tmp = mkdtempSync(join(tmpdir(), 'demo-cmd-'));
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'source', 'bin.ts'), 'demo', '--no-ui', '--seed', '2', '--graph', 'off'], {
      cwd: projectRoot,
      env: { ...process.env, TMPDIR: tmp },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let root: string | undefined;
    let metrics: string | undefined;
    for await (const line of createInterface({ input: child.stdout })) {
      root ??= /deployment at (\S+)/.exec(line)?.[1];
      metrics ??= /metrics\s+(\S+)/.exec(line)?.[1];
      if (line.includes('Ctrl-C stops it')) break;
    }
    assert.ok(root && metrics, `no root/metrics printed; stderr: ${stderr}`);
    assert.equal(root.startsWith(tmp), true, 'the deployment is made under TMPDIR');
    assert.ok(existsSync(join(root, '.eventloom', 'agent-1.jsonl')));
    assert.match(await (await fetch(metrics)).text(), /zaxy_queries_executed_total/);
    child.kill(signal);
    assert.equal(await exited, 130, stderr);
    assert.deepEqual(readdirSync(tmp).filter((f) => f.startsWith('zaxy-demo-')), [], 'the deployment is removed');
    assert.equal(stderr, '');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

test('demo --no-ui: SIGTERM removes the deployment and exits 130', () => runDemo('SIGTERM'));
test('demo --no-ui: SIGINT removes the deployment and exits 130', () => runDemo('SIGINT'));
test('demo --no-ui: a hang-up (SIGHUP) removes the deployment too', () => runDemo('SIGHUP'));
