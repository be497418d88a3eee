// Collects one StatusReport: every configured source concurrently, each bounded by its own
// timeout, none able to block or fail the others. A session keeps its collectors between calls
// so `--watch` re-verifies only appended log bytes and reuses backup hashes.
import { describeConfig, type ConsoleConfig } from '../config.js';
import { ConsoleError } from '../errors.js';
import type { MetricsSnapshot } from '../metrics/snapshot.js';
import { createBackupsCollector, type BackupsSnapshot } from '../sources/backups.js';
import { createMetricsCollector, type MetricsCollector } from '../sources/metrics.js';
import { createPathlightCollector } from '../sources/pathlight.js';
import type { Collector } from '../sources/poller.js';
import { createWorkspaceCollector, type WorkspaceSnapshot } from '../sources/workspace.js';
import { summarizeMetrics } from './metrics-summary.js';
import { createStatusNeo4j } from './neo4j-summary.js';
import { sessionHeads } from '../sources/projection-status.js';
import { createPrometheusProbe } from './prometheus-probe.js';
import type { MetricsSummary, SourceOutcome, StatusReport, StatusSources } from './types.js';
import { judgeStatus } from './verdict.js';

export interface StatusSessionOptions {
  /** Per-poll timeout for network sources (ms). Local sources get ten times as long. */
  readonly timeoutMs?: number;
  /** Gap between the two metrics samples that decide "degradations rising" (ms). */
  readonly sampleGapMs?: number;
  /** Also verify every log inside the newest backup (reads the whole archive once per file). */
  readonly verifyNewestBackup?: boolean;
  readonly now?: () => number;
}

export interface StatusSession {
  collect(signal: AbortSignal): Promise<StatusReport>;
  close(): Promise<void>;
}

const notConfigured = (reason: string) => ({ state: 'not_configured', reason }) as const;

export function createStatusSession(config: ConsoleConfig, options: StatusSessionOptions = {}): StatusSession {
  const timeoutMs = options.timeoutMs ?? 5000;
  const localTimeoutMs = timeoutMs * 10;
  const sampleGapMs = options.sampleGapMs ?? 1000;
  const now = options.now ?? Date.now;
  const workspace = createWorkspaceCollector(config);
  const backupList = createBackupsCollector(config);
  // With --verify-backups: a newest archive whose contents were never checked is checked now
  // (remembered by size+mtime, so --watch does it once per new backup).
  const backups: Collector<BackupsSnapshot> = {
    async collect(signal) {
      const listed = await backupList.collect(signal);
      const newest = listed.backups[0];
      if (!options.verifyNewestBackup || !newest || newest.contents) return listed;
      await backupList.verifyContents(newest.name, signal);
      return backupList.collect(signal);
    },
  };
  const metrics: MetricsCollector = createMetricsCollector({ url: config.metricsUrl.value, timeoutMs, ringCapacity: 60, now });
  const prometheus = config.prometheusUrl.value ? createPrometheusProbe(config.prometheusUrl.value, timeoutMs) : null;
  const pathlight = config.pathlight.enabled.value ? createPathlightCollector(config, { timeoutMs, now }) : null;
  // The graph is compared with the log heads of the same round, so Neo4j waits for the workspace.
  let currentWorkspace: Promise<SourceOutcome<WorkspaceSnapshot>> = Promise.resolve(notConfigured('not collected yet'));
  const neo4j =
    config.projectionBackend.value === 'neo4j'
      ? createStatusNeo4j(config, timeoutMs, async () => {
          const ws = await currentWorkspace;
          return sessionHeads(ws.state === 'ok' ? ws.data : null);
        })
      : null;
  let lastMetrics: MetricsSnapshot | null = null;

  /** Two scrapes: the previous one (from the last --watch round) or one taken `sampleGapMs` ago. */
  const metricsCollector: Collector<MetricsSummary> = {
    async collect(signal) {
      let first = lastMetrics;
      if (first === null) {
        first = await metrics.collect(signal);
        await delay(sampleGapMs, signal);
      }
      const second = await metrics.collect(signal);
      lastMetrics = second;
      return summarizeMetrics(first, second);
    },
  };

  return {
    async collect(signal) {
      currentWorkspace = outcome(workspace, localTimeoutMs, signal);
      const [neo4jOutcome, metricsOutcome, prometheusOutcome, workspaceOutcome, backupsOutcome, pathlightOutcome] = await Promise.all([
        neo4j
          ? outcome(neo4j, localTimeoutMs + timeoutMs, signal)
          : Promise.resolve(notConfigured(`PROJECTION_BACKEND=${config.projectionBackend.value}: the projection is not in Neo4j`)),
        outcome(metricsCollector, timeoutMs + sampleGapMs, signal),
        prometheus ? outcome(prometheus, timeoutMs, signal) : Promise.resolve(notConfigured('no Prometheus URL (--prometheus-url or PROMETHEUS_URL)')),
        currentWorkspace,
        outcome(backups, localTimeoutMs, signal),
        pathlight ? outcome(pathlight, timeoutMs, signal) : Promise.resolve(notConfigured('PATHLIGHT_ENABLED is not true')),
      ]);
      signal.throwIfAborted();
      const sources: StatusSources = {
        neo4j: neo4jOutcome,
        metrics: metricsOutcome,
        prometheus: prometheusOutcome,
        workspace: workspaceOutcome,
        backups: backupsOutcome,
        pathlight: pathlightOutcome,
      };
      const { verdict, reasons } = judgeStatus(sources, config.findings);
      return {
        schema: 'zaxy-console.status.v1',
        generated_at: new Date(now()).toISOString(),
        verdict,
        exit_code: verdict === 'healthy' ? 0 : 1,
        reasons,
        sources,
        config: describeConfig(config),
        config_findings: config.findings,
      };
    },
    async close() {
      await Promise.all([neo4j?.close?.(), metrics.close?.(), workspace.close?.()]);
    },
  };
}

/** Runs one collect under its own timeout; any failure becomes a `down` outcome with one line. */
async function outcome<T>(collector: Collector<T>, timeoutMs: number, parent: AbortSignal): Promise<SourceOutcome<T>> {
  const started = performance.now();
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = AbortSignal.any([parent, timeout]);
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const data = await Promise.race([collector.collect(signal), abortion(signal)]);
    return { state: 'ok', duration_ms: elapsed(), data };
  } catch (error) {
    if (parent.aborted) throw error;
    if (timeout.aborted) {
      return { state: 'down', duration_ms: elapsed(), error: `no answer within ${(timeoutMs / 1000).toFixed(1)} s`, error_code: 'TIMEOUT' };
    }
    return {
      state: 'down',
      duration_ms: elapsed(),
      error: error instanceof ConsoleError ? error.message : error instanceof Error ? error.message : String(error),
      error_code: error instanceof ConsoleError ? error.code : ((error as NodeJS.ErrnoException).code ?? null),
    };
  }
}

/** Rejects when the signal aborts, so a collector that ignores its signal cannot hang status. */
function abortion(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason as Error);
    signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
