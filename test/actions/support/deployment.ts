// Real deployments for the action tests: logs written by the real Zaxy (its CLI for the first
// events, its own Python EventLog API — which takes Zaxy's flock — for bulk), plus the docs and
// secrets a deployment root holds. Also: run the real headless CLI, and hash a tree.
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile, lstat, readlink } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot, zaxyInstall } from '../../support/zaxy.js';

const run = promisify(execFile);

/** Appends `count` events to session `sid` through Zaxy's EventLog (same lock, same writer). */
export async function appendWithZaxy(eventloom: string, sid: string, count: number, type = 'task.progressed'): Promise<void> {
  const { python } = zaxyInstall();
  const code = [
    'import sys',
    'from zaxy.event import EventLog',
    'log = EventLog(sys.argv[1])',
    'for i in range(int(sys.argv[2])):',
    '    log.append(sys.argv[3], "tester", {"n": i, "note": "caf\\u00e9", "score": 0.5})',
  ].join('\n');
  await run(python, ['-c', code, join(eventloom, `${sid}.jsonl`), String(count), type]);
}

export interface DeploymentOptions {
  /** session id → events (the first session also gets CLI-written events). */
  readonly sessions: Readonly<Record<string, number>>;
}

export async function makeDeployment(root: string, options: DeploymentOptions): Promise<string> {
  const { zaxy } = zaxyInstall();
  const eventloom = join(root, '.eventloom');
  await mkdir(join(root, 'secrets'), { recursive: true });
  await mkdir(join(root, 'docs'), { recursive: true });
  await writeFile(join(root, 'secrets', 'neo4j_password.txt'), 'not-in-backups\n', { mode: 0o600 });
  await writeFile(join(root, 'README.md'), '# deployment\n');
  await writeFile(join(root, 'AGENTS.md'), 'agents\n');
  await writeFile(join(root, 'docs', 'runbook.md'), 'runbook\n');
  await writeFile(join(root, '.env.example'), 'ZAXY_ENV=development\n');
  const [first, ...rest] = Object.entries(options.sessions);
  if (first) {
    const [sid, count] = first;
    await run(zaxy, ['hook-event', 'heartbeat', '--eventloom-path', eventloom, '--session-id', sid, '--source', 'ci']);
    if (count > 1) await appendWithZaxy(eventloom, sid, count - 1);
  }
  for (const [sid, count] of rest) await appendWithZaxy(eventloom, sid, count);
  return eventloom;
}

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real headless CLI (source via tsx) to completion. */
export function runCli(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'source', 'bin.ts'), ...args], {
      cwd: projectRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/**
 * A digest of a directory tree (names, types, modes, contents, link targets). The console's own
 * state directory (.zaxy-console: audit trail, run logs) is left out: it is not the deployment.
 */
export async function treeHash(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (path: string): Promise<void> => {
    let entries;
    try {
      entries = (await readdir(path)).sort();
    } catch {
      hash.update(`missing ${relative(dir, path)}\n`);
      return;
    }
    for (const name of entries) {
      if (path === dir && name === '.zaxy-console') continue;
      const full = join(path, name);
      const st = await lstat(full);
      hash.update(`${relative(dir, full)} ${st.mode}\n`);
      if (st.isDirectory()) await walk(full);
      else if (st.isSymbolicLink()) hash.update(await readlink(full));
      else hash.update(await readFile(full));
    }
  };
  await walk(dir);
  return hash.digest('hex');
}
