// The console's sources as one unit for the keyboard: `p` pauses all of them, `r` polls all now,
// `+`/`-` change every interval. Each source keeps its own poller (its own timer and back-off),
// so one hung source never delays another.
import { createPoller, type Collector, type Poller, type SourceHealth } from '../sources/poller.js';

export interface SourceBinding<T> {
  readonly name: string;
  readonly collector: Collector<T>;
  readonly onData: (data: T) => void;
  readonly onHealth: (health: SourceHealth) => void;
  /** Some sources (Neo4j, backups) are slower to change; they poll at a multiple of the interval. */
  readonly intervalFactor?: number;
  readonly timeoutMs?: number;
  readonly describeError?: (error: unknown) => string;
}

export interface PollerGroup {
  start(): void;
  refresh(): void;
  setPaused(paused: boolean): void;
  setInterval(ms: number): void;
  readonly paused: () => boolean;
  readonly intervalMs: () => number;
  /** Stops every poller and closes every collector; errors while closing are collected, not thrown. */
  close(): Promise<void>;
}

export interface PollerGroupOptions {
  readonly intervalMs: number;
  /** Passed to every poller: they wake together on multiples of their interval (see `PollerOptions.tickGridMs`). */
  readonly tickGridMs?: number;
  readonly setTimer?: (fn: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
}

// Bindings of different snapshot types live in one list; each is used only with its own type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyBinding = SourceBinding<any>;

export function createPollerGroup(bindings: readonly AnyBinding[], options: PollerGroupOptions): PollerGroup {
  let intervalMs = options.intervalMs;
  let paused = false;
  const entries: { binding: AnyBinding; poller: Poller }[] = bindings.map((binding) => ({
    binding,
    poller: createPoller({
      name: binding.name,
      intervalMs: intervalMs * (binding.intervalFactor ?? 1),
      ...(binding.timeoutMs !== undefined ? { timeoutMs: binding.timeoutMs } : {}),
      ...(binding.describeError ? { describeError: binding.describeError } : {}),
      ...(options.tickGridMs !== undefined ? { tickGridMs: options.tickGridMs } : {}),
      ...(options.setTimer ? { setTimer: options.setTimer } : {}),
      ...(options.clearTimer ? { clearTimer: options.clearTimer } : {}),
      poll: (signal) => binding.collector.collect(signal),
      onData: binding.onData,
      onHealth: binding.onHealth,
    }),
  }));
  return {
    start: () => entries.forEach((e) => e.poller.start()),
    refresh: () => entries.forEach((e) => e.poller.refresh()),
    setPaused(next) {
      paused = next;
      for (const e of entries) {
        if (next) e.poller.pause();
        else e.poller.resume();
      }
    },
    setInterval(ms) {
      intervalMs = ms;
      for (const e of entries) e.poller.setInterval(ms * (e.binding.intervalFactor ?? 1));
    },
    paused: () => paused,
    intervalMs: () => intervalMs,
    async close() {
      for (const e of entries) e.poller.stop();
      await Promise.allSettled(entries.map(async (e) => {
        await e.poller.settled();
        await e.binding.collector.close?.();
      }));
    },
  };
}
