// One store for everything the console shows. Writers (pollers, actions) update it as often as
// they like; subscribers are told at most once per publish tick, so React re-renders at a fixed
// cadence however chatty the sources are. Listeners must be arrow properties to stay bound when
// handed to useSyncExternalStore.

export type Listener = () => void;

/**
 * When a write is published: `timer`, on the publish timer (throttled to `publishIntervalMs`,
 * after `settleMs`); `task`, at the end of the current task (a microtask), for writes that come in
 * one burst from one callback, such as a poll's data and health. Those then arm no timer: a timer
 * armed in one wake-up and cleared in another still wakes the process when it would have run
 * (Node re-arms its timer lazily), so every poll cost a wake-up or two of nothing (issue 5).
 * `quiet`, never by itself: for a write the caller knows changes nothing any view shows (a poll of a
 * still source moves only its times). Subscribers see it with the next publish; until then they
 * would have drawn the same screen from the old value, so a still console selects no view at all.
 */
export type PublishWhen = 'timer' | 'task' | 'quiet';

export interface StoreOptions {
  /** Minimum gap between notifications; 0 notifies synchronously (tests, headless). */
  readonly publishIntervalMs?: number;
  /**
   * How long the first publish after a quiet spell waits for more writes (default 0). Sources
   * polled on the same tick answer a few ms apart; waiting a little publishes them together, one
   * wake-up and one view update instead of two (issue 5: idle CPU).
   */
  readonly settleMs?: number;
  readonly setTimer?: (fn: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
}

export class Store<S extends object> {
  private state: S;
  private readonly listeners = new Set<Listener>();
  private readonly publishIntervalMs: number;
  private readonly settleMs: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private pending: unknown = null;
  private lastPublish = 0;
  private dirty = false;
  private taskQueued = false;

  constructor(initial: S, options: StoreOptions = {}) {
    this.state = initial;
    this.publishIntervalMs = options.publishIntervalMs ?? 250;
    this.settleMs = options.settleMs ?? 0;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms).unref());
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as NodeJS.Timeout));
  }

  readonly getState = (): S => this.state;

  readonly subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Replaces one top-level section. Identical values (by reference) publish nothing. */
  readonly set = <K extends keyof S>(key: K, value: S[K], when: PublishWhen = 'timer'): void => {
    if (Object.is(this.state[key], value)) return;
    this.state = { ...this.state, [key]: value };
    if (when === 'task') this.publishAtEndOfTask();
    else if (when === 'timer') this.schedule();
  };

  /** Updates one section from its previous value. */
  readonly update = <K extends keyof S>(key: K, fn: (previous: S[K]) => S[K], when: PublishWhen = 'timer'): void => {
    this.set(key, fn(this.state[key]), when);
  };

  /** Publishes now (e.g. before exit or in a headless snapshot). */
  readonly flush = (): void => {
    if (this.pending !== null) {
      this.clearTimer(this.pending);
      this.pending = null;
    }
    if (!this.dirty) return;
    this.dirty = false;
    this.lastPublish = Date.now();
    for (const listener of [...this.listeners]) listener();
  };

  readonly dispose = (): void => {
    if (this.pending !== null) this.clearTimer(this.pending);
    this.pending = null;
    this.listeners.clear();
  };

  private publishAtEndOfTask(): void {
    this.dirty = true;
    if (this.publishIntervalMs <= 0) {
      this.flush();
      return;
    }
    if (this.taskQueued) return;
    this.taskQueued = true;
    queueMicrotask(() => {
      this.taskQueued = false;
      this.flush();
    });
  }

  private schedule(): void {
    this.dirty = true;
    if (this.publishIntervalMs <= 0) {
      this.flush();
      return;
    }
    if (this.pending !== null) return;
    const wait = Math.max(this.settleMs, this.lastPublish + this.publishIntervalMs - Date.now());
    this.pending = this.setTimer(() => {
      this.pending = null;
      this.flush();
    }, wait);
  }
}
