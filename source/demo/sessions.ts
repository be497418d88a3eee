// What the demo's agents "do": a few sessions with the event types, actors and payloads a real
// Zaxy deployment accumulates. Pure: the same seed gives the same stream, so tests can pin it.
import { decimalBetween, intBetween, pick, type Rng } from './rng.js';

export type EnvelopeFormat = 'legacy' | 'v1';

export interface SessionProfile {
  readonly id: string;
  /** How the log opens: legacy logs start with hook.session_started, which Zaxy never writes as v1. */
  readonly format: EnvelopeFormat;
  readonly thread: string;
  readonly kinds: readonly EventKind[];
  /** Mean gap between live appends. */
  readonly meanGapMs: number;
  /** Events already in the log when the demo starts. */
  readonly history: number;
}

export interface DemoEvent {
  readonly type: string;
  readonly actor: string;
  readonly thread: string;
  readonly payload: Record<string, unknown>;
  /** Payload keys Zaxy's redaction replaced with "[REDACTED]". */
  readonly redacted: readonly string[];
}

type EventKind = (rng: Rng) => Omit<DemoEvent, 'thread'>;

const plain = (type: string, actor: string, payload: Record<string, unknown>): Omit<DemoEvent, 'thread'> => ({
  type,
  actor,
  payload,
  redacted: [],
});

const TASKS = [
  'Migrate the billing webhook to the new queue',
  'Write café-menu import docs',
  'Ajouter la vérification des sauvegardes',
  'Index the 検索 results by relevance',
  'Reduce p95 hybrid query latency below 200 ms',
  'Rotate the MCP admin token',
];
const DECISIONS = [
  'approve the Neo4j 5.26 upgrade',
  'keep the embedded backend for staging',
  'roll back reranker v2 — regressions in naïve queries',
  'defer the résumé parser to next sprint',
];
const TOOLS = ['ripgrep', 'pytest', 'git', 'cypher-shell', 'curl'];
const TURNS = [
  'Looking at the failing query plan now.',
  'The projection lag is back to zero after the reindex ✓',
  'Zusammenfassung: drei Sitzungen, keine Fehler.',
  'Les journaux sont cohérents jusqu’à la séquence 40.',
  'ログのローテーションは完了しました。',
  'Shipping it 🚀 after the smoke tests pass.',
];

const goal: EventKind = (rng) => plain('goal.created', 'user', { title: pick(rng, TASKS), priority: intBetween(rng, 1, 4) });
const task: EventKind = (rng) =>
  plain('task.proposed', 'planner', { task: pick(rng, TASKS), estimate_hours: decimalBetween(rng, 0.5, 16) });
const decision: EventKind = (rng) =>
  plain('decision.recorded', 'assistant', {
    decision: pick(rng, DECISIONS),
    confidence: decimalBetween(rng, 0.4, 0.99),
    alternatives: intBetween(rng, 1, 4),
  });
const tool: EventKind = (rng) =>
  plain('tool.completed', 'assistant', {
    tool: pick(rng, TOOLS),
    duration_ms: intBetween(rng, 3, 4200),
    exit_code: rng() < 0.9 ? 0 : 1,
    files: [`src/${pick(rng, ['api', 'graph', 'ingest'])}/module_${intBetween(rng, 1, 40)}.py`],
  });
const query: EventKind = (rng) =>
  plain('memory.query.completed', 'zaxy-memory', {
    source: rng() < 0.85 ? 'hybrid' : 'eventloom',
    result_count: intBetween(rng, 0, 25),
    duration_ms: decimalBetween(rng, 8, 420),
    token_efficiency: { prompt_tokens: intBetween(rng, 200, 4000), facts_per_1k_prompt_tokens: decimalBetween(rng, 0.5, 9) },
  });
const turn: EventKind = (rng) =>
  plain('transcript.turn', pick(rng, ['assistant', 'user']), { role: 'assistant', content: pick(rng, TURNS) });
const heartbeat: EventKind = (rng) => plain('hook.heartbeat', 'zaxy-hooks', { source: 'ci', uptime_s: intBetween(rng, 60, 86_400) });
const toolCall: EventKind = (rng) =>
  plain('tool_call', 'assistant', { name: pick(rng, TOOLS), args: { pattern: 'TODO(ünïcode)', limit: intBetween(rng, 5, 50) } });
const integration: EventKind = (rng) => ({
  type: 'integration.configured',
  actor: 'operator',
  payload: { service: pick(rng, ['openai', 'pathlight', 'reranker']), api_key: '[REDACTED]', region: 'eu-west-1' },
  redacted: ['api_key'],
});

export const DEMO_SESSIONS: readonly SessionProfile[] = [
  { id: 'agent-1', format: 'v1', thread: 'default', kinds: [goal, task, decision, tool, query, query, integration], meanGapMs: 2500, history: 60 },
  { id: 'claude-code-default', format: 'legacy', thread: 'claude-code', kinds: [turn, turn, toolCall, heartbeat], meanGapMs: 4000, history: 120 },
  { id: 'research.pipeline', format: 'v1', thread: 'research', kinds: [task, tool, query, decision], meanGapMs: 7000, history: 35 },
  { id: 'ops-review', format: 'legacy', thread: 'ops', kinds: [decision, turn, heartbeat], meanGapMs: 9000, history: 24 },
];

/** The session whose log gets tampered with during the demo. */
export const TAMPERED_SESSION = 'ops-review';

/** The first event of a legacy session is what made Zaxy choose legacy for it. */
export function openingEvent(profile: SessionProfile): DemoEvent {
  const event =
    profile.format === 'legacy'
      ? plain('hook.session_started', 'zaxy-hooks', { source: 'startup', cwd: '/srv/agents/' + profile.id })
      : plain('goal.created', 'user', { title: `Bootstrap ${profile.id}`, priority: 1 });
  return { ...event, thread: profile.thread };
}

export function nextEvent(rng: Rng, profile: SessionProfile): DemoEvent {
  return { ...pick(rng, profile.kinds)(rng), thread: profile.thread };
}

/** Delay before the next live append: exponential around the mean, clamped to stay lively. */
export function nextGapMs(rng: Rng, profile: SessionProfile): number {
  const gap = -Math.log(1 - rng()) * profile.meanGapMs;
  return Math.round(Math.min(profile.meanGapMs * 3, Math.max(400, gap)));
}

/** Zaxy's timestamp form: isoformat() with +00:00 as Z, microseconds only when non-zero. */
export function zaxyTimestamp(ms: number, micros: number): string {
  const base = new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19);
  return micros === 0 ? `${base}Z` : `${base}.${String(micros).padStart(6, '0')}Z`;
}
