// The demo's stand-in for Zaxy's projector. When the demo starts its own Neo4j (the launcher;
// never one the user configured: the demo touches nothing outside its directory), this applies
// Zaxy's schema migrations to it and replays each session's log into it in Zaxy's graph shape
// (spec zaxy-ops.md §3): Session, Event {session_id, seq, hash, prev_hash, type, thread,
// observed_at}, HAS_EVENT, and NEXT_EVENT / PREVIOUS_EVENT carrying session_id, from_hash and
// to_hash. So the Neo4j pane shows a migrated deployment and a live projection whose lag moves:
// a session is now and then left for a round, as a busy projector would. Like a replay, it takes
// a log only up to its first break, and starts a session over when its log was rewritten from
// the start (a rotation, a restore).
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import neo4j, { type Driver } from 'neo4j-driver';
import { parseJson, readZaxy, stripPrefix, type JsonObject } from '../eventloom/index.js';
import { createRng } from './rng.js';
import { migrationChecksum, ZAXY_MIGRATIONS } from './zaxy-schema.js';

/** One event as the graph holds it (hashes bare hex, as Zaxy projects them). */
export interface ProjectedEvent {
  readonly seq: number;
  readonly hash: string;
  readonly prev_hash: string | null;
  readonly type: string;
  readonly thread: string;
  readonly observed_at: string;
}

/** How far a session is projected: its lines taken, and the hashes they ended and began with. */
export interface ProjectionMark {
  readonly lines: number;
  readonly lastSeq: number;
  readonly lastHash: string | null;
  readonly firstHash: string | null;
}

export const NOTHING_PROJECTED: ProjectionMark = { lines: 0, lastSeq: 0, lastHash: null, firstHash: null };

export interface ProjectionStep {
  /** The graph's copy of the session must be dropped first (the log was rewritten). */
  readonly restart: boolean;
  readonly events: readonly ProjectedEvent[];
  readonly mark: ProjectionMark;
}

/**
 * What to project of a log's text, given how far it was projected: the new lines that continue
 * the chain (seq + 1, a correct hash, linked by prev_hash), up to the first that does not. Pure.
 */
export function projectionStep(text: string, mark: ProjectionMark): ProjectionStep {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const first = lines.length > 0 ? readEvent(lines[0] as string, 1) : null;
  // A different first event, or fewer lines than were taken: the log was rewritten from the start.
  const restart = mark.lines > 0 && (lines.length < mark.lines || first?.hash !== mark.firstHash);
  let at = restart ? NOTHING_PROJECTED : mark;
  const events: ProjectedEvent[] = [];
  for (let i = at.lines; i < lines.length; i++) {
    const event = readEvent(lines[i] as string, i + 1);
    if (event === null || event.seq !== at.lastSeq + 1 || event.prev_hash !== at.lastHash) break;
    events.push(event);
    at = { lines: i + 1, lastSeq: event.seq, lastHash: event.hash, firstHash: at.firstHash ?? event.hash };
  }
  return { restart, events, mark: at };
}

function readEvent(line: string, position: number): ProjectedEvent | null {
  let record: JsonObject;
  try {
    const value = parseJson(line);
    if (!(value instanceof Map)) return null;
    record = value;
  } catch {
    return null;
  }
  const reading = readZaxy(record, position);
  if ('invalid' in reading || !reading.hashOk) return null;
  const thread = record.get('threadId') ?? record.get('thread') ?? 'default';
  return {
    seq: reading.seq,
    hash: stripPrefix(reading.hash) as string,
    prev_hash: stripPrefix(reading.prevHash),
    type: reading.type,
    thread: typeof thread === 'string' ? thread : 'default',
    observed_at: reading.timestamp,
  };
}

// One transaction per session and round: nodes first, then the edges between them (a MATCH in
// the same statement as the MERGE that made its target would depend on the planner's order).
const DROP_SESSION = 'MATCH (e:Event {session_id: $session}) DETACH DELETE e';
const WRITE_EVENTS = `MERGE (s:Session {id: $session})
WITH s
UNWIND $events AS ev
MERGE (e:Event {session_id: $session, seq: ev.seq})
SET e.hash = ev.hash, e.prev_hash = ev.prev_hash, e.type = ev.type, e.thread = ev.thread, e.observed_at = ev.observed_at
MERGE (s)-[:HAS_EVENT]->(e)`;
const LINK_EVENTS = `UNWIND $events AS ev
MATCH (e:Event {session_id: $session, seq: ev.seq})
MATCH (p:Event {session_id: $session, hash: ev.prev_hash})
MERGE (p)-[n:NEXT_EVENT]->(e)
SET n.session_id = $session, n.from_hash = p.hash, n.to_hash = e.hash
MERGE (e)-[b:PREVIOUS_EVENT]->(p)
SET b.session_id = $session, b.from_hash = e.hash, b.to_hash = p.hash`;
const APPLIED_MIGRATIONS = 'MATCH (m:ZaxySchemaMigration) RETURN m.name AS name';
// apply_schema_migrations' record of a migration, verbatim.
const RECORD_MIGRATION = `MERGE (m:ZaxySchemaMigration {name: $name})
SET m.applied_at = datetime(),
    m.checksum = $checksum,
    m.statement_count = $statement_count`;

/** Zaxy's pending schema migrations, applied and recorded as `zaxy schema apply` does. */
async function applyZaxyMigrations(driver: Driver, database: string): Promise<void> {
  const applied = new Set((await driver.executeQuery(APPLIED_MIGRATIONS, {}, { database })).records.map((r) => r.get('name') as string));
  for (const migration of ZAXY_MIGRATIONS) {
    if (applied.has(migration.name)) continue;
    for (const statement of migration.statements) await driver.executeQuery(statement, {}, { database });
    const checksum = migrationChecksum(migration, (text) => createHash('sha256').update(text, 'utf8').digest('hex'));
    await driver.executeQuery(RECORD_MIGRATION, { name: migration.name, checksum, statement_count: neo4j.int(migration.statements.length) }, { database });
  }
}

export interface DemoProjectorOptions {
  readonly logDir: string;
  readonly sessions: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly seed: number;
  /** Between rounds; default 1 s. */
  readonly intervalMs?: number;
  /** Chance a session is left for a round (lag the pane can show); default 0.2. */
  readonly skipChance?: number;
}

export interface DemoProjector {
  /** Resolves after the next complete round (tests wait on it). */
  round(): Promise<void>;
  stop(): Promise<void>;
}

export function startDemoProjector(options: DemoProjectorOptions): DemoProjector {
  const { env, logDir } = options;
  const database = env.NEO4J_DATABASE ?? 'neo4j';
  const driver: Driver = neo4j.driver(env.NEO4J_URI ?? '', neo4j.auth.basic(env.NEO4J_USER ?? 'neo4j', env.NEO4J_PASSWORD ?? ''), {
    connectionTimeout: 2000,
    maxTransactionRetryTime: 0,
    maxConnectionPoolSize: 1,
    disableLosslessIntegers: true,
  });
  const rng = createRng(options.seed);
  const marks = new Map<string, ProjectionMark>();
  const seen = new Map<string, string>();
  let migrated = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let waiters: (() => void)[] = [];

  const projectSession = async (session: string) => {
    const path = join(logDir, `${session}.jsonl`);
    const info = await stat(path);
    const version = `${info.size}:${info.mtimeMs}`;
    if (seen.get(session) === version) return;
    const step = projectionStep(await readFile(path, 'utf8'), marks.get(session) ?? NOTHING_PROJECTED);
    if (step.restart || step.events.length > 0) {
      if (!migrated) {
        await applyZaxyMigrations(driver, database);
        migrated = true;
      }
      const events = step.events.map((e) => ({ ...e, seq: neo4j.int(e.seq) }));
      const session_ = driver.session({ database });
      try {
        await session_.executeWrite(async (tx) => {
          if (step.restart) await tx.run(DROP_SESSION, { session });
          await tx.run(WRITE_EVENTS, { session, events });
          await tx.run(LINK_EVENTS, { session, events });
        });
      } finally {
        await session_.close();
      }
    }
    marks.set(session, step.mark);
    seen.set(session, version);
  };

  const round = async () => {
    for (const session of options.sessions) {
      if (stopped) return;
      // The first round takes every session, so the pane starts in sync once Neo4j is up.
      if (marks.has(session) && rng() < (options.skipChance ?? 0.2)) continue;
      // Neo4j still starting, or a log mid-rewrite: this session waits for the next round.
      await projectSession(session).catch(() => undefined);
    }
  };

  const wake = () => {
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve();
  };
  const loop = async () => {
    await round();
    wake();
    if (!stopped) timer = setTimeout(() => void loop(), options.intervalMs ?? 1000);
  };
  void loop();

  return {
    round: () => new Promise<void>((resolve) => waiters.push(resolve)),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      wake();
      await driver.close();
    },
  };
}
