// Starts the real Neo4j 5.26 Community built by scripts/setup-neo4j.sh (tools/neo4j-launcher) on
// a free loopback port with a known password. A missing build is a test failure, never a skip.
// `stop()` then `start()` brings the same server back on the same port and data, for the
// down/recover tests. The launcher also exits when our stdin pipe closes, so a crashed test run
// leaves no JVM behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { execa } from 'execa';
import { projectRoot, zaxyInstall } from './zaxy.js';

export interface Neo4jServer {
  readonly uri: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  /** The DBMS home (data/, logs/); kept across stop/start. */
  readonly home: string;
  /** How long the last start took, READY line included. */
  readonly startMs: () => number;
  readonly running: () => boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops the server and removes its home. */
  dispose(): Promise<void>;
}

/** What the global setup writes for the test files (see global-setup.ts). */
export interface Neo4jConnection {
  readonly uri: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
}

const launcherDir = join(projectRoot, '.cache', 'neo4j-launcher');
export const sharedConnectionFile = join(projectRoot, '.cache', 'neo4j-test-server.json');
const START_TIMEOUT_MS = 240_000;
const STOP_TIMEOUT_MS = 60_000;

function launcherClasspath(): string {
  const jar = join(launcherDir, 'neo4j-launcher.jar');
  const classpath = join(launcherDir, 'classpath.txt');
  if (!existsSync(jar) || !existsSync(classpath)) {
    throw new Error(`the Neo4j test launcher is not built at ${launcherDir}: run scripts/setup-neo4j.sh (the CI script does)`);
  }
  return `${jar}:${readFileSync(classpath, 'utf8').trim()}`;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function startNeo4j(): Promise<Neo4jServer> {
  const classpath = launcherClasspath();
  const home = mkdtempSync(join(tmpdir(), 'zaxy-console-neo4j-'));
  const port = await freePort();
  const password = `zc-test-${randomBytes(6).toString('hex')}`;
  let child: ChildProcess | null = null;
  let lastStartMs = 0;
  const killOnExit = () => child?.kill('SIGKILL');
  process.on('exit', killOnExit);

  const start = async () => {
    if (child) throw new Error('Neo4j is already running');
    const began = Date.now();
    child = spawn(
      'java',
      // Small heap and client-only JIT: the test data is tiny and start time is what matters.
      ['-Xms64m', '-Xmx512m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-cp', classpath, 'zaxyconsole.Neo4jLauncher', '--home', home, '--port', String(port), '--password', password],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    const proc = child;
    proc.on('exit', () => {
      if (child === proc) child = null;
    });
    await waitForReady(proc);
    lastStartMs = Date.now() - began;
  };

  const stop = async () => {
    const proc = child;
    if (!proc) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  await start();
  return {
    uri: `bolt://127.0.0.1:${port}`,
    port,
    user: 'neo4j',
    password,
    database: 'neo4j',
    home,
    startMs: () => lastStartMs,
    running: () => child !== null,
    start,
    stop,
    async dispose() {
      await stop();
      process.off('exit', killOnExit);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

function waitForReady(proc: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    proc.stderr?.setEncoding('utf8');
    proc.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    const lines = createInterface({ input: proc.stdout! });
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`Neo4j did not print READY within ${START_TIMEOUT_MS / 1000}s; stderr: ${stderr}`));
    }, START_TIMEOUT_MS);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`the Neo4j launcher exited (${code}) before READY; stderr: ${stderr}`));
    };
    proc.once('exit', onExit);
    lines.on('line', (line) => {
      if (!line.startsWith('READY ')) return;
      clearTimeout(timer);
      proc.off('exit', onExit);
      resolve();
    });
  });
}

/**
 * The server to test against: the one the global setup started for this run when there is one
 * (`npm test`), otherwise a server of this file's own, disposed by `release`.
 */
export async function testNeo4j(): Promise<{ connection: Neo4jConnection; release: () => Promise<void> }> {
  const file = process.env.ZAXY_TEST_NEO4J_FILE;
  if (file) {
    if (!existsSync(file)) throw new Error(`ZAXY_TEST_NEO4J_FILE points at ${file}, which does not exist: the global setup did not start Neo4j`);
    return { connection: JSON.parse(readFileSync(file, 'utf8')) as Neo4jConnection, release: () => Promise.resolve() };
  }
  const server = await startNeo4j();
  return { connection: connectionOf(server), release: () => server.dispose() };
}

export function connectionOf(server: Neo4jServer): Neo4jConnection {
  return { uri: server.uri, port: server.port, user: server.user, password: server.password, database: server.database };
}

// --- Seeding with the real Zaxy (its venv from scripts/setup-zaxy.sh) ---------------------------

/** Appends `count` events to an Eventloom log with Zaxy's own EventLog (hash chain included). */
export async function appendZaxyEvents(logPath: string, count: number): Promise<void> {
  const script = `import sys
from zaxy.event import EventLog
log = EventLog(sys.argv[1])
for i in range(int(sys.argv[2])):
    log.append("note", "console-test", {"text": f"event {i}"})`;
  await execa(zaxyInstall().python, ['-c', script, logPath, String(count)]);
}

/**
 * Projects logs into Neo4j through the function behind `zaxy reproject`, which also applies Zaxy's
 * schema migrations; one Python process for all logs because Zaxy takes seconds to import.
 */
export async function zaxyReproject(connection: Neo4jConnection, projections: ReadonlyArray<{ log: string; sessionId: string }>): Promise<void> {
  const script = `import json, sys
from pathlib import Path
from zaxy.cli.serving import reproject
conn = json.loads(sys.argv[1])
for item in json.loads(sys.argv[2]):
    reproject(Path(item["log"]), from_seq=1, session_id=item["sessionId"], projection_backend="neo4j",
              pggraph_dsn=None, embedded_graph_path=None, reset_projection=False,
              neo4j_uri=conn["uri"], neo4j_user=conn["user"], neo4j_password=conn["password"])`;
  await execa(zaxyInstall().python, ['-c', script, JSON.stringify(connection), JSON.stringify(projections)]);
}

/** `zaxy memory status --graph --json`'s per-session graph figures, Zaxy's own field names. */
export async function zaxyGraphStatus(connection: Neo4jConnection, eventloomPath: string): Promise<Array<Record<string, unknown>>> {
  const { stdout } = await execa(zaxyInstall().zaxy, [
    'memory', 'status', '--eventloom-path', eventloomPath, '--graph', '--json', '--projection-backend', 'neo4j',
    '--neo4j-uri', connection.uri, '--neo4j-user', connection.user, '--neo4j-password', connection.password,
  ]);
  const parsed = JSON.parse(stdout) as { graph: { sessions: Array<Record<string, unknown>> } };
  return parsed.graph.sessions;
}
