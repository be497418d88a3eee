// The demo's query/upsert traffic and degradation bursts, as a pure function of time and a
// seeded generator: a slow wave on top of Poisson noise, and every minute or so a burst of one
// degraded-mode reason from the runbook's alert rules, so the Degradations pane has work to do.
import { intBetween, pick, type Rng } from './rng.js';

export interface Degradation {
  readonly operation: string;
  readonly reason: string;
}

export const BURST_KINDS: readonly Degradation[] = [
  { operation: 'query', reason: 'graph_unavailable' },
  { operation: 'append', reason: 'embedding_provider_unavailable' },
  { operation: 'query', reason: 'reranker_unavailable' },
];

export interface Burst extends Degradation {
  readonly startS: number;
  readonly endS: number;
}

export interface TrafficTick {
  readonly queries: readonly { readonly source: 'hybrid' | 'eventloom'; readonly durationS: number }[];
  readonly upserts: readonly string[];
  readonly invalidations: number;
  readonly degraded: readonly (Degradation & { readonly count: number })[];
}

const ENTITY_TYPES = ['Service', 'Decision', 'Person', 'File', 'Incident'];

/** Bursts start 10–20 s in (so a demo shows one quickly), then every 40–90 s, 8–20 s long. */
export function createBurstSchedule(rng: Rng): (tS: number) => Burst | null {
  const bursts: Burst[] = [];
  let nextStart = intBetween(rng, 10, 20);
  return (tS) => {
    while (nextStart <= tS) {
      const kind = bursts.length < BURST_KINDS.length ? (BURST_KINDS[bursts.length] as Degradation) : pick(rng, BURST_KINDS);
      const burst = { ...kind, startS: nextStart, endS: nextStart + intBetween(rng, 8, 20) };
      bursts.push(burst);
      nextStart = burst.endS + intBetween(rng, 40, 90);
      if (bursts.length > 8) bursts.shift();
    }
    return bursts.find((b) => b.startS <= tS && tS < b.endS) ?? null;
  };
}

/** One second of traffic at time tS (seconds since the demo started). */
export function trafficAt(rng: Rng, tS: number, burst: Burst | null): TrafficTick {
  const wave = 1 + 0.6 * Math.sin((2 * Math.PI * tS) / 120);
  const graphDown = burst?.reason === 'graph_unavailable';
  const queryCount = poisson(rng, 4 * wave);
  const queries = Array.from({ length: queryCount }, () => ({
    source: graphDown ? ('eventloom' as const) : ('hybrid' as const),
    // Log-normal around 60 ms (p95 ≈ 190 ms); the log fallback is slower.
    durationS: Math.exp(Math.log(graphDown ? 0.18 : 0.06) + 0.7 * gaussian(rng)),
  }));
  const upserts = graphDown ? [] : Array.from({ length: poisson(rng, 2 * wave) }, () => pick(rng, ENTITY_TYPES));
  const degraded = burst ? [{ operation: burst.operation, reason: burst.reason, count: 1 + poisson(rng, 2) }] : [];
  return { queries, upserts, invalidations: rng() < 0.05 ? 1 : 0, degraded };
}

function poisson(rng: Rng, lambda: number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rng();
  while (p > limit) {
    k++;
    p *= rng();
  }
  return k;
}

function gaussian(rng: Rng): number {
  const u = 1 - rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}
