// The demo deployment's I/O shell: a temp directory laid out like a Zaxy root (.env, .eventloom,
// backups/), logs appended to live, one log tampered with mid-demo, a metrics exporter, and with
// the demo's own Neo4j, a projection of the logs into it.
// It writes only inside its own mkdtemp directory and removes it on close (closeSync exists for
// process exit handlers, where nothing async runs any more).
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBackup, type BuiltBackup } from './backups.js';
import { pyDigest } from './digest.js';
import { tamperLine, type CanonicalDigest } from './envelope.js';
import { startExporter, type DemoExporter } from './exporter.js';
import { lockLogs } from '../actions/log-lock.js';
import { backfill, createSessionChain, tailOf, type SessionChain, type TimedLine } from './history.js';
import { createRng, type Rng } from './rng.js';
import type { DemoNeo4j } from './neo4j.js';
import { startDemoProjector } from './projector.js';
import { DEMO_SESSIONS, TAMPERED_SESSION, nextGapMs } from './sessions.js';
import { createBurstSchedule, trafficAt } from './traffic.js';

export interface DemoOptions {
  readonly seed?: number;
  /** When the tampered session's chain breaks; default 20 s after start. */
  readonly tamperAfterMs?: number;
  /** Where the mkdtemp directory goes; default the OS temp dir. */
  readonly parentDir?: string;
  readonly digest?: CanonicalDigest;
  /** A Neo4j for the demo, given the deployment root (the launcher keeps its data there). */
  readonly neo4j?: (root: string) => Promise<DemoNeo4j | null>;
  readonly now?: () => number;
  /** false: a still deployment (no appends, traffic or tamper), for idle benchmarks. */
  readonly live?: boolean;
}

export interface DemoDeployment {
  readonly root: string;
  readonly metricsUrl: string;
  readonly seed: number;
  /** Where the demo's Neo4j came from, or null when it has none. */
  readonly neo4j: DemoNeo4j['origin'] | null;
  /** Resolves with the seq that was tampered with, once it has been. */
  readonly tampered: Promise<{ session: string; seq: number }>;
  close(): Promise<void>;
  /** Synchronous removal for `process.on('exit')`; safe to call more than once. */
  closeSync(): void;
}

const HOUR = 3_600_000;
/** Backups the Backups pane should have opinions about: fresh, content-corrupted, stale (> 26 h). */
const BACKUP_AGES = [
  { ageMs: 12 * 60_000, corrupt: false },
  { ageMs: 7 * HOUR, corrupt: true },
  { ageMs: 30 * HOUR, corrupt: false },
];
const HISTORY_SPAN_MS = 36 * HOUR;

export async function startDemo(options: DemoOptions = {}): Promise<DemoDeployment> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const now = options.now ?? Date.now;
  const digest = options.digest ?? pyDigest;
  const rng = createRng(seed);
  const root = mkdtempSync(join(options.parentDir ?? tmpdir(), 'zaxy-demo-'));
  let removed = false;
  const removeSync = () => {
    if (removed) return;
    removed = true;
    // Retries: a JVM being killed may still be writing into <root>/neo4j for a moment.
    rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  };

  let exporter: DemoExporter | undefined;
  let neo4j: DemoNeo4j | null = null;
  try {
    neo4j = (await options.neo4j?.(root)) ?? null;
    exporter = await startExporter();
    const start = now();
    const logDir = join(root, '.eventloom');
    mkdirSync(logDir);
    const chains = DEMO_SESSIONS.map((profile) => createSessionChain(profile, rng, digest));
    // Each session's last event a little before start, staggered, so ages differ from the first frame.
    const timeline = chains.map((chain, i) => ({ chain, lines: backfill(chain, start - HISTORY_SPAN_MS, start - (i + 1) * 47_000) }));
    for (const { chain, lines } of timeline) writeFileSync(join(logDir, `${chain.profile.id}.jsonl`), lines.map((l) => `${l.line}\n`).join(''));
    writeDocs(root, exporter.url, neo4j?.env ?? {}, seed);
    writeBackups(root, timeline, start);

    // Only into a Neo4j of the demo's own: one the user configured is not the demo's to write.
    const projector =
      neo4j?.origin === 'launcher' ? startDemoProjector({ logDir, sessions: DEMO_SESSIONS.map((p) => p.id), env: neo4j.env, seed }) : null;
    const live =
      options.live === false
        ? stillDeployment(exporter)
        : startLiveTraffic({ root: logDir, chains, rng, exporter, now, tamperAfterMs: options.tamperAfterMs ?? 20_000 });
    const ownExporter = exporter;
    const ownNeo4j = neo4j;
    return {
      root,
      metricsUrl: exporter.url,
      seed,
      neo4j: neo4j?.origin ?? null,
      tampered: live.tampered,
      async close() {
        await live.stop();
        await projector?.stop();
        await ownExporter.close();
        ownNeo4j?.stop();
        await ownNeo4j?.exited();
        removeSync();
      },
      closeSync() {
        live.stopTimers();
        void projector?.stop();
        ownNeo4j?.stop();
        removeSync();
      },
    };
  } catch (error) {
    await exporter?.close();
    neo4j?.stop();
    removeSync();
    throw error;
  }
}

function writeDocs(root: string, metricsUrl: string, extraEnv: Readonly<Record<string, string>>, seed: number): void {
  const env: Record<string, string> = {
    ZAXY_ENV: 'development',
    PROJECTION_BACKEND: 'embedded',
    EVENTLOOM_PATH: '.eventloom',
    ZAXY_METRICS_URL: metricsUrl,
    ZAXY_CONSOLE_BACKUP_DIR: 'backups',
    MCP_REMOTE_SESSION_HEADER: 'x-zaxy-session-id',
    ...extraEnv,
  };
  const lines = [`# Zaxy demo deployment made by \`zaxy-console demo\` (seed ${seed}); removed when the demo exits.`];
  for (const [key, value] of Object.entries(env)) lines.push(`${key}=${value}`);
  writeFileSync(join(root, '.env'), `${lines.join('\n')}\n`, { mode: 0o600 });
  writeFileSync(join(root, '.env.example'), 'ZAXY_ENV=development\nPROJECTION_BACKEND=embedded\nEVENTLOOM_PATH=.eventloom\n');
  writeFileSync(join(root, 'README.md'), '# Demo deployment\n\nGenerated by zaxy-console; every file here is synthetic.\n');
}

function writeBackups(root: string, timeline: readonly { chain: SessionChain; lines: readonly TimedLine[] }[], start: number): void {
  const dir = join(root, 'backups');
  mkdirSync(dir);
  for (const { ageMs, corrupt } of BACKUP_AGES) {
    const atMs = start - ageMs;
    const files = new Map<string, string>([['README.md', '# Demo deployment\n'], ['.env.example', 'ZAXY_ENV=development\n']]);
    for (const { chain, lines } of timeline) {
      const kept = lines.filter((l) => l.ms < atMs).map((l) => l.line);
      if (kept.length === 0) continue;
      if (corrupt && chain.profile.id === 'claude-code-default') {
        const victim = Math.floor(kept.length / 2);
        kept[victim] = tamperLine(kept[victim] as string);
      }
      files.set(`.eventloom/${chain.profile.id}.jsonl`, kept.map((l) => `${l}\n`).join(''));
    }
    writeBackup(dir, buildBackup({ files, atMs }));
  }
}

function writeBackup(dir: string, backup: BuiltBackup): void {
  const archive = join(dir, `${backup.name}.tar.gz`);
  const manifest = join(dir, `${backup.name}.sha256`);
  writeFileSync(archive, backup.archive);
  writeFileSync(manifest, backup.manifest);
  const seconds = backup.atMs / 1000;
  utimesSync(archive, seconds, seconds);
  utimesSync(manifest, seconds, seconds);
}

interface LiveOptions {
  readonly root: string;
  readonly chains: readonly SessionChain[];
  readonly rng: Rng;
  readonly exporter: DemoExporter;
  readonly now: () => number;
  readonly tamperAfterMs: number;
}

/**
 * An append as Zaxy's EventLog does it: under the log's flock (so a rotation or restore holding it
 * loses nothing), continuing from whatever the file ends with — after a rotation emptied it, a new
 * chain at seq 1, possibly in the other envelope (zaxyWriterFormat).
 */
async function appendLikeZaxy(chain: SessionChain, path: string, now: () => number, exporter: DemoExporter): Promise<void> {
  await underLock(path, async () => {
    chain.resume(tailOf(await readFile(path, 'utf8')));
    const { event, line } = chain.next(now());
    await appendFile(path, `${line}\n`);
    exporter.recordAppend(event.type);
  });
}

async function underLock(path: string, work: () => Promise<void>): Promise<void> {
  const lock = await lockLogs([path], { mode: 'exclusive', timeoutMs: 5000 });
  try {
    await work();
  } finally {
    await lock.release();
  }
}

/** One round of traffic so every family has samples, then nothing moves. */
function stillDeployment(exporter: DemoExporter) {
  exporter.record(trafficAt(createRng(1), 0, null));
  return { tampered: new Promise<never>(() => undefined), stopTimers: () => undefined, stop: () => Promise.resolve() };
}

function startLiveTraffic({ root, chains, rng, exporter, now, tamperAfterMs }: LiveOptions) {
  const timers = new Set<NodeJS.Timeout>();
  const queues = new Map<string, Promise<void>>();
  let stopped = false;
  const started = now();
  const later = (ms: number, fn: () => void) => {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!stopped) fn();
    }, ms);
    timers.add(timer);
  };
  // One write at a time per log, so the tamper never interleaves with an append. A failed append
  // (the log is locked for long, or its tail is not a Zaxy event) is skipped, as an agent would retry.
  const serial = (session: string, work: () => Promise<void>) => {
    const next = (queues.get(session) ?? Promise.resolve()).then(work).catch(() => undefined);
    queues.set(session, next);
    return next;
  };

  for (const chain of chains) {
    const path = join(root, `${chain.profile.id}.jsonl`);
    const appendNext = () => {
      void serial(chain.profile.id, () => appendLikeZaxy(chain, path, now, exporter));
      later(nextGapMs(rng, chain.profile), appendNext);
    };
    later(nextGapMs(rng, chain.profile), appendNext);
  }

  const burstAt = createBurstSchedule(rng);
  const trafficTick = () => {
    const tS = (now() - started) / 1000;
    exporter.record(trafficAt(rng, tS, burstAt(tS)));
    later(1000, trafficTick);
  };
  trafficTick();

  const tampered = new Promise<{ session: string; seq: number }>((resolve) => {
    later(tamperAfterMs, () => {
      const path = join(root, `${TAMPERED_SESSION}.jsonl`);
      void serial(TAMPERED_SESSION, () =>
        underLock(path, async () => {
          const lines = (await readFile(path, 'utf8')).split('\n');
          const index = Math.floor((lines.length - 1) / 2);
          lines[index] = tamperLine(lines[index] as string);
          await writeFile(path, lines.join('\n'));
          resolve({ session: TAMPERED_SESSION, seq: index + 1 });
        }),
      );
    });
  });

  const stopTimers = () => {
    stopped = true;
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
  };
  return {
    tampered,
    stopTimers,
    async stop() {
      stopTimers();
      await Promise.all(queues.values());
    },
  };
}
