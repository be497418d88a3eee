// The console state held in one Store: each source's latest snapshot and health side by side,
// the action run, and the few controls the keyboard changes. Sources write raw snapshots here
// (they never import React or view models); format.ts turns them into what panes show.
import type { ActionEvent } from '../actions/types.js';
import { reduceActionRun, type ActionRun } from '../actions/run-state.js';
import type { MetricsSnapshot } from '../metrics/snapshot.js';
import type { SourceHealth } from '../sources/poller.js';
import type { BackupsSnapshot } from '../sources/backups.js';
import type { Neo4jSnapshot } from '../sources/neo4j-snapshot.js';
import type { WorkspaceSnapshot } from '../sources/workspace.js';
import { sameStatusShown } from './format/common.js';
import { Store, type PublishWhen, type StoreOptions } from './store.js';

export interface SourceSlot<T> {
  readonly data: T | null;
  readonly health: SourceHealth | null;
}

export interface DeploymentMeta {
  /** The deployment root as given (absolute path). */
  readonly root: string;
  /** `ZAXY_ENV` of the deployment. */
  readonly env: string;
  /** `PROJECTION_BACKEND` (embedded, neo4j, …). */
  readonly backend: string;
  readonly readOnly: boolean;
  /** The newest backup older than this is flagged (ms). */
  readonly backupMaxAgeMs: number;
}

export interface ControlState {
  readonly paused: boolean;
  readonly intervalMs: number;
}

export interface ConsoleState {
  readonly meta: DeploymentMeta;
  readonly control: ControlState;
  readonly neo4j: SourceSlot<Neo4jSnapshot>;
  readonly metrics: SourceSlot<MetricsSnapshot>;
  readonly workspace: SourceSlot<WorkspaceSnapshot>;
  readonly backups: SourceSlot<BackupsSnapshot>;
  readonly action: ActionRun | null;
}

export type SourceName = 'neo4j' | 'metrics' | 'workspace' | 'backups';
export type ConsoleStore = Store<ConsoleState>;

const EMPTY_SLOT: SourceSlot<never> = { data: null, health: null };

export const DEFAULT_BACKUP_MAX_AGE_MS = 26 * 3600_000;

export interface CreateConsoleStoreOptions extends StoreOptions {
  readonly meta?: Partial<DeploymentMeta>;
  readonly intervalMs?: number;
}

export function createConsoleStore(options: CreateConsoleStoreOptions = {}): ConsoleStore {
  const { meta, intervalMs, ...storeOptions } = options;
  return new Store<ConsoleState>(
    {
      meta: { root: '', env: 'development', backend: 'embedded', readOnly: false, backupMaxAgeMs: DEFAULT_BACKUP_MAX_AGE_MS, ...meta },
      control: { paused: false, intervalMs: intervalMs ?? 2000 },
      neo4j: EMPTY_SLOT,
      metrics: EMPTY_SLOT,
      workspace: EMPTY_SLOT,
      backups: EMPTY_SLOT,
      action: null,
    },
    storeOptions,
  );
}

type SlotData<K extends SourceName> = ConsoleState[K] extends SourceSlot<infer T> ? T : never;

/** A source's latest snapshot (keeps its health). */
export function setSourceData<K extends SourceName>(store: ConsoleStore, name: K, data: SlotData<K>, when: PublishWhen = 'timer'): void {
  // A source that found nothing new hands back its last snapshot: nothing to publish.
  store.update(name, (slot) => (slot.data === data ? slot : { ...slot, data }), when);
}

/** A source's health from its poller (keeps the last snapshot: stale data stays visible, marked stale). */
export function setSourceHealth(store: ConsoleStore, name: SourceName, health: SourceHealth, when: PublishWhen = 'timer'): void {
  store.update(name, (slot) => (slot.health === health ? slot : ({ ...slot, health })), when);
}

/** `onData`/`onHealth` for `createPoller` or a poller group binding. */
export function sourceSink<K extends SourceName>(store: ConsoleStore, name: K): { onData: (data: SlotData<K>) => void; onHealth: (health: SourceHealth) => void } {
  return {
    // A poll's data and health arrive together in one callback: published once, when it ends. A
    // poll that found nothing new (the same data object) and left the status line as it was
    // publishes nothing at all.
    onData: (data) => setSourceData(store, name, data, 'task'),
    onHealth: (health) => setSourceHealth(store, name, health, sameStatusShown(store.getState()[name].health, health, Date.now()) ? 'quiet' : 'task'),
  };
}

/** A source that will not be polled (e.g. Neo4j "not configured (demo)"); the pane says why. */
export function disableSource(store: ConsoleStore, name: SourceName, reason: string): void {
  setSourceHealth(store, name, {
    name,
    state: 'disabled',
    lastOkAt: null,
    staleSince: null,
    error: reason,
    consecutiveFailures: 0,
    distinctErrors: [],
    nextPollAt: null,
    lastDurationMs: null,
    slowWarning: null,
    intervalMs: 0,
  });
}

export function setMeta(store: ConsoleStore, meta: Partial<DeploymentMeta>): void {
  store.update('meta', (previous) => ({ ...previous, ...meta }));
}

export function setPaused(store: ConsoleStore, paused: boolean): void {
  store.update('control', (c) => (c.paused === paused ? c : { ...c, paused }));
}

export function setIntervalMs(store: ConsoleStore, intervalMs: number): void {
  store.update('control', (c) => (c.intervalMs === intervalMs ? c : { ...c, intervalMs }));
}

/** Folds one action event into the run the action pane shows; pass as the runner's listener. */
export function applyActionEvent(store: ConsoleStore, event: ActionEvent): void {
  store.update('action', (run) => reduceActionRun(run, event));
}
