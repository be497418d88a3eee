// The one polling loop every source uses (Halin's lessons): its own interval, a per-poll timeout,
// ×2 back-off on failure up to a cap, one message per distinct error, a "stale since" time, and a
// warning when a poll takes longer than twice its interval. A poll that hangs or throws never
// blocks the other sources: each poller owns its timer.

export type SourceState = 'pending' | 'ok' | 'down' | 'disabled' | 'paused';

export interface SourceHealth {
  readonly name: string;
  readonly state: SourceState;
  /** When the last successful poll finished (ms since epoch). */
  readonly lastOkAt: number | null;
  /** Set when the data shown is older than one interval because polls are failing. */
  readonly staleSince: number | null;
  /** The current error, de-duplicated: the same text does not grow `distinctErrors`. */
  readonly error: string | null;
  readonly consecutiveFailures: number;
  readonly distinctErrors: readonly string[];
  readonly nextPollAt: number | null;
  readonly lastDurationMs: number | null;
  readonly slowWarning: string | null;
  readonly intervalMs: number;
}

export interface PollerOptions<T> {
  readonly name: string;
  readonly intervalMs: number;
  /** Per-poll timeout; defaults to the interval, at least 1 s. */
  readonly timeoutMs?: number;
  /** Upper bound for back-off; defaults to 60 s or 8 intervals, whichever is larger. */
  readonly maxBackoffMs?: number;
  readonly poll: (signal: AbortSignal) => Promise<T>;
  readonly onData: (data: T) => void;
  readonly onHealth: (health: SourceHealth) => void;
  /** Turns an error into the one line shown to the user. */
  readonly describeError?: (error: unknown) => string;
  readonly now?: () => number;
  /**
   * Schedules each poll at the nearest multiple of the interval on the clock, or of this many ms
   * if that is longer (0: exactly one interval after the last poll ended). Pollers whose intervals
   * are multiples of one base interval then wake the process together, once per interval, however
   * far apart their polls ended; a finer grid left two of them 100 ms apart for good, two wake-ups
   * a second instead of one (issue 5: idle CPU).
   */
  readonly tickGridMs?: number;
  readonly setTimer?: (fn: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
}

const MAX_DISTINCT_ERRORS = 20;

export class PollTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${(timeoutMs / 1000).toFixed(1)}s`);
    this.name = 'PollTimeoutError';
  }
}

export interface Poller {
  start(): void;
  stop(): void;
  /** Polls now (the `r` key); a poll already in flight is not duplicated. */
  refresh(): void;
  setInterval(ms: number): void;
  pause(): void;
  resume(): void;
  readonly health: () => SourceHealth;
  /** Resolves when the poll in flight (if any) settles; for tests and headless snapshots. */
  readonly settled: () => Promise<void>;
}

export function createPoller<T>(options: PollerOptions<T>): Poller {
  const now = options.now ?? Date.now;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms).unref());
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as NodeJS.Timeout));
  const describe = options.describeError ?? ((e: unknown) => (e instanceof Error ? e.message : String(e)));
  let intervalMs = options.intervalMs;
  let timer: unknown = null;
  let inFlight: Promise<void> | null = null;
  let running = false;
  let paused = false;
  let health: SourceHealth = {
    name: options.name,
    state: 'pending',
    lastOkAt: null,
    staleSince: null,
    error: null,
    consecutiveFailures: 0,
    distinctErrors: [],
    nextPollAt: null,
    lastDurationMs: null,
    slowWarning: null,
    intervalMs,
  };

  const publish = (next: Partial<SourceHealth>) => {
    health = { ...health, ...next, intervalMs };
    options.onHealth(health);
  };

  const maxBackoff = () => options.maxBackoffMs ?? Math.max(60_000, intervalMs * 8);
  const delayAfter = (failures: number) => (failures === 0 ? intervalMs : Math.min(maxBackoff(), intervalMs * 2 ** failures));

  const schedule = (ms: number) => {
    if (!running || paused) return;
    if (timer !== null) clearTimer(timer);
    const at = now();
    const grid = options.tickGridMs ? Math.max(options.tickGridMs, intervalMs) : 0;
    const delay = alignedDelay(at, ms, grid);
    timer = setTimer(() => {
      timer = null;
      void tick();
    }, delay);
    publish({ nextPollAt: at + delay });
  };

  const tick = (): Promise<void> => {
    if (inFlight) return inFlight;
    const started = now();
    const timeoutMs = options.timeoutMs ?? Math.max(1000, intervalMs);
    const controller = new AbortController();
    let timeoutHandle: unknown = null;
    const timeout = new Promise<never>((_, reject) => {
      timeoutHandle = setTimer(() => {
        const error = new PollTimeoutError(timeoutMs);
        controller.abort(error);
        reject(error);
      }, timeoutMs);
    });
    let polled: Promise<T>;
    try {
      polled = options.poll(controller.signal);
    } catch (error) {
      // A poll that throws before returning its promise fails like one that rejects: the poller lives on.
      polled = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    inFlight = Promise.race([polled, timeout])
      .then(
        (data) => {
          const duration = now() - started;
          options.onData(data);
          publish({
            state: 'ok',
            lastOkAt: now(),
            staleSince: null,
            error: null,
            consecutiveFailures: 0,
            lastDurationMs: duration,
            slowWarning: slowWarning(duration),
          });
          schedule(intervalMs);
        },
        (error: unknown) => {
          const duration = now() - started;
          const message = describe(error);
          const failures = health.consecutiveFailures + 1;
          const distinct = health.distinctErrors.includes(message)
            ? health.distinctErrors
            : [...health.distinctErrors, message].slice(-MAX_DISTINCT_ERRORS);
          publish({
            state: 'down',
            staleSince: health.staleSince ?? health.lastOkAt ?? started,
            error: message,
            consecutiveFailures: failures,
            distinctErrors: distinct,
            lastDurationMs: duration,
            slowWarning: slowWarning(duration),
          });
          schedule(delayAfter(failures));
        },
      )
      .finally(() => {
        if (timeoutHandle !== null) clearTimer(timeoutHandle);
        inFlight = null;
      });
    return inFlight;
  };

  const slowWarning = (duration: number) =>
    duration > 2 * intervalMs ? `poll took ${(duration / 1000).toFixed(1)}s, more than twice the ${(intervalMs / 1000).toFixed(1)}s interval` : null;

  return {
    start() {
      if (running) return;
      running = true;
      void tick();
    },
    stop() {
      running = false;
      if (timer !== null) clearTimer(timer);
      timer = null;
    },
    refresh() {
      if (!running || inFlight) return;
      if (timer !== null) clearTimer(timer);
      timer = null;
      void tick();
    },
    setInterval(ms: number) {
      intervalMs = ms;
      publish({});
      if (running && !paused && !inFlight) schedule(delayAfter(health.consecutiveFailures));
    },
    pause() {
      paused = true;
      if (timer !== null) clearTimer(timer);
      timer = null;
      publish({ state: health.state === 'ok' ? 'paused' : health.state, nextPollAt: null });
    },
    resume() {
      if (!paused) return;
      paused = false;
      if (health.state === 'paused') publish({ state: 'ok' });
      if (running) void tick();
    },
    health: () => health,
    settled: () => inFlight ?? Promise.resolve(),
  };
}

/**
 * `ms` from `now`, moved to the nearest multiple of `gridMs` on the clock (never below half a grid
 * step, so a short back-off cannot collapse into an immediate poll). Rounding to the nearest, not
 * up, keeps the average interval: a poll that ends a few ms after the grid point comes back to it.
 */
export function alignedDelay(now: number, ms: number, gridMs: number): number {
  if (gridMs <= 0) return ms;
  const due = Math.round((now + ms) / gridMs) * gridMs;
  return Math.max(due - now, Math.min(ms, gridMs / 2));
}

/**
 * What a source module exports: `collect` fetches one snapshot (it may keep state between calls,
 * e.g. counter values for rates or verified offsets), `close` releases sockets. The status command
 * calls `collect` once; the TUI wraps it in `createPoller`.
 */
export interface Collector<T> {
  collect(signal: AbortSignal): Promise<T>;
  close?(): Promise<void>;
}
