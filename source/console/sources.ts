// Which sources the console polls for a configuration, and where each one's snapshots go. The
// source modules are imported here lazily, after the first frame is on screen: start-up time is
// dominated by module loading, and a blank terminal for a second reads as a hang.
import type { ConsoleConfig } from '../config.js';
import type { ConsoleStore } from '../store/state.js';
import { disableSource, sourceSink } from '../store/state.js';
import type { BackupsCollector, BackupsSnapshot } from '../sources/backups.js';
import type { Collector } from '../sources/poller.js';
import { sessionHeads } from '../sources/projection-status.js';
import type { SourceBinding } from './poller-group.js';

export interface SourceOptions {
  /** Opened by `zaxy-console demo`: Neo4j absent means "not configured (demo)". */
  readonly demo?: { readonly neo4jConfigured: boolean };
  /** Sparkline points kept per series (one per terminal cell of the widest pane). */
  readonly ringCapacity?: number;
}

/** Backups and Neo4j change slowly and cost more per poll than reading log tails. */
const SLOW_FACTOR = 5;
/** Transactions open this long are shown (the runbook's "slow" checklist). */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function createSourceBindings(config: ConsoleConfig, store: ConsoleStore, options: SourceOptions = {}): Promise<SourceBinding<any>[]> {
  const intervalMs = config.refreshSeconds.value * 1000;
  const timeoutMs = Math.max(2000, intervalMs);
  const [{ createWorkspaceCollector }, { watchDirectory }, { createBackupsCollector }, { createMetricsCollector }] = await Promise.all([
    import('../sources/workspace.js'),
    import('../sources/change-watch.js'),
    import('../sources/backups.js'),
    import('../sources/metrics.js'),
  ]);
  const metrics = createMetricsCollector({ url: config.metricsUrl.value, timeoutMs, ringCapacity: options.ringCapacity ?? 120 });
  const bindings: SourceBinding<unknown>[] = [
    { name: 'workspace', collector: createWorkspaceCollector(config, { watch: watchDirectory }), timeoutMs: Math.max(10_000, intervalMs), ...sourceSink(store, 'workspace') },
    { name: 'metrics', collector: metrics, timeoutMs, ...sourceSink(store, 'metrics') },
    { name: 'backups', collector: withContentChecks(createBackupsCollector(config, { watch: watchDirectory })), intervalFactor: SLOW_FACTOR, timeoutMs: 30_000, ...sourceSink(store, 'backups') },
  ] as SourceBinding<unknown>[];

  if (config.projectionBackend.value === 'neo4j') {
    // neo4j-driver is the heaviest module here (~0.4 s to load): only when the backend uses it.
    const { createNeo4jCollector, neo4jSourceConfig } = await import('../sources/neo4j.js');
    // Projection lag compares the graph with the log heads the workspace poller last saw.
    const heads = () => sessionHeads(store.getState().workspace.data);
    const collector = createNeo4jCollector(neo4jSourceConfig(config, timeoutMs, heads));
    bindings.push({ name: 'neo4j', collector, intervalFactor: 2, timeoutMs: timeoutMs * 2, ...sourceSink(store, 'neo4j') } as SourceBinding<unknown>);
  } else {
    disableSource(store, 'neo4j', options.demo && !options.demo.neo4jConfigured ? 'not configured (demo)' : `not used: PROJECTION_BACKEND=${config.projectionBackend.value}`);
  }

  const prometheusUrl = config.prometheusUrl.value;
  if (prometheusUrl !== null) {
    // History is a nicety: sparklines fill from the first frame when it works, and fill live when not.
    void import('../sources/prometheus.js')
      .then(({ backfillMetrics }) => backfillMetrics({ prometheusUrl, windowSeconds: 600, cells: options.ringCapacity ?? 120, timeoutMs: 5000 }))
      .then((backfill) => metrics.seedHistory(backfill.history))
      .catch(() => undefined);
  }
  return bindings;
}

/**
 * Verifies the logs inside each archive once (per name, size and mtime), one archive at a time in
 * the background, so the Backups pane's "contents" column fills in without a key press and a
 * backup with a corrupted log is flagged before anyone restores it. Results appear on the next poll.
 */
export function withContentChecks(collector: BackupsCollector): Collector<BackupsSnapshot> {
  const tried = new Set<string>();
  let checking: Promise<void> | null = null;
  const abort = new AbortController();
  return {
    async collect(signal) {
      const snapshot = await collector.collect(signal);
      const todo = snapshot.backups.filter((b) => b.contents === null && b.manifest === 'ok' && !tried.has(`${b.name}\0${b.size_bytes}\0${b.created_at}`));
      if (checking === null && todo.length > 0) {
        checking = (async () => {
          for (const backup of todo) {
            if (abort.signal.aborted) return;
            tried.add(`${backup.name}\0${backup.size_bytes}\0${backup.created_at}`);
            await collector.verifyContents(backup.name, abort.signal).catch(() => undefined);
          }
        })().finally(() => {
          checking = null;
        });
      }
      return snapshot;
    },
    async close() {
      abort.abort();
      await checking;
      await collector.close?.();
    },
  };
}
