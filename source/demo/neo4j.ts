// Which Neo4j the demo shows: one the user configured (NEO4J_URI in the environment) if it answers
// on its Bolt port, else the project's test launcher (scripts/setup-neo4j.sh) started inside the
// demo directory, else none — and then the Neo4j pane says plainly "not configured (demo)" rather
// than pointing at a default address that was never meant for it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type DemoNeo4jMode = 'auto' | 'launcher' | 'off';
export const DEMO_NEO4J_MODES: readonly DemoNeo4jMode[] = ['auto', 'launcher', 'off'];

export interface DemoNeo4j {
  /** Lines for the demo's .env. */
  readonly env: Readonly<Record<string, string>>;
  readonly origin: 'environment' | 'launcher';
  /** Kills the launcher's JVM (synchronously signalled; `exited` resolves when it is gone). */
  stop(): void;
  readonly exited: () => Promise<void>;
}

/** dist/demo/neo4j.js and source/demo/neo4j.ts both sit two levels below the project root. */
const LAUNCHER_DIR = fileURLToPath(new URL('../../.cache/neo4j-launcher/', import.meta.url));

export function tcpOpen(host: string, port: number, timeoutMs = 700): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

export async function reachableNeo4j(env: Readonly<Record<string, string | undefined>>): Promise<Record<string, string> | null> {
  const uri = env.NEO4J_URI;
  if (!uri) return null;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return null;
  }
  if (!(await tcpOpen(url.hostname, Number(url.port || 7687)))) return null;
  const lines: Record<string, string> = { PROJECTION_BACKEND: 'neo4j', NEO4J_URI: uri };
  for (const key of ['NEO4J_USER', 'NEO4J_PASSWORD', 'NEO4J_DATABASE']) {
    const value = env[key];
    if (value !== undefined) lines[key] = value;
  }
  return lines;
}

export function launcherAvailable(): boolean {
  return existsSync(join(LAUNCHER_DIR, 'neo4j-launcher.jar')) && existsSync(join(LAUNCHER_DIR, 'classpath.txt')) && spawnSync('java', ['-version']).status === 0;
}

/**
 * Starts the launcher's Neo4j with its data inside the demo directory. It is not waited for: the
 * console opens at once and the Neo4j pane shows the server coming up ("down … retry in Ns", then
 * its health). The JVM also exits when our stdin pipe closes, so a killed demo leaves none behind.
 */
export async function startLauncherNeo4j(root: string): Promise<DemoNeo4j> {
  const classpath = `${join(LAUNCHER_DIR, 'neo4j-launcher.jar')}:${readFileSync(join(LAUNCHER_DIR, 'classpath.txt'), 'utf8').trim()}`;
  const home = join(root, 'neo4j');
  mkdirSync(home);
  const port = await freePort();
  const password = `demo-${randomBytes(6).toString('hex')}`;
  const child: ChildProcess = spawn(
    'java',
    ['-Xms64m', '-Xmx512m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-cp', classpath, 'zaxyconsole.Neo4jLauncher', '--home', home, '--port', String(port), '--password', password],
    { stdio: ['pipe', 'ignore', 'ignore'] },
  );
  child.on('error', () => undefined);
  const gone = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return {
    exited: () => gone,
    env: { PROJECTION_BACKEND: 'neo4j', NEO4J_URI: `bolt://127.0.0.1:${port}`, NEO4J_USER: 'neo4j', NEO4J_PASSWORD: password, NEO4J_DATABASE: 'neo4j' },
    origin: 'launcher',
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

/** The Neo4j the demo uses for a `--neo4j` mode, or null for "not configured (demo)". */
export async function demoNeo4j(mode: DemoNeo4jMode, env: Readonly<Record<string, string | undefined>>, root: string): Promise<DemoNeo4j | null> {
  if (mode === 'off') return null;
  if (mode === 'auto') {
    const configured = await reachableNeo4j(env);
    if (configured) return { env: configured, origin: 'environment', stop: () => undefined, exited: () => Promise.resolve() };
    if (!launcherAvailable()) return null;
  }
  return startLauncherNeo4j(root);
}
