// The combined snapshot `zaxy-console status` prints. Field names are snake_case and stable: they
// are the `--json` contract (documented in docs/status-json.md). Every source is an outcome, so one
// source being down never hides the others.
import type { ConfigFinding, EffectiveConfig } from '../config.js';
import type { BackupsSnapshot } from '../sources/backups.js';
import type { PathlightSnapshot } from '../sources/pathlight.js';
import type { WorkspaceSnapshot } from '../sources/workspace.js';

export type SourceName = 'neo4j' | 'metrics' | 'prometheus' | 'workspace' | 'backups' | 'pathlight';
export const SOURCE_NAMES: readonly SourceName[] = ['neo4j', 'metrics', 'prometheus', 'workspace', 'backups', 'pathlight'];

export type SourceOutcome<T> =
  | { readonly state: 'ok'; readonly duration_ms: number; readonly data: T }
  | { readonly state: 'down'; readonly duration_ms: number; readonly error: string; readonly error_code: string | null }
  /** Not part of this deployment's configuration (e.g. Neo4j with the embedded backend). */
  | { readonly state: 'not_configured'; readonly reason: string };

export interface MetricsSeriesSummary {
  readonly id: string;
  readonly unit: string;
  readonly current: number | null;
  readonly total: number | null;
  readonly level: string;
}

export interface DegradationSummary {
  readonly operation: string;
  readonly reason: string;
  readonly total: number;
  /** Increase between the two status samples (0 when unchanged). */
  readonly increase: number;
  readonly rising: boolean;
  readonly alert: string | null;
  readonly alert_severity: string | null;
  readonly advice: string;
}

export interface MetricsSummary {
  readonly url: string;
  readonly scrape_duration_ms: number;
  /** Gap between the two samples used for the rising rule (ms). */
  readonly sample_gap_ms: number;
  readonly series: readonly MetricsSeriesSummary[];
  readonly degradations: readonly DegradationSummary[];
  readonly degradations_rising: boolean;
  readonly missing_families: readonly string[];
}

export interface PrometheusSummary {
  readonly url: string;
  readonly version: string | null;
  readonly latency_ms: number;
}

/** One session's projection state as Zaxy's `memory status --graph` computes it. */
export interface ProjectionSessionSummary {
  readonly session_id: string;
  readonly projection_lag: number | null;
  readonly integrity_ok: boolean;
  readonly missing_chain_links: number;
  readonly event_count: number;
  readonly latest_seq: number | null;
  readonly eventloom_latest_seq: number | null;
  readonly latest_hash_matches: boolean;
  readonly next_event_edges: number;
  readonly previous_event_edges: number;
}

export interface Neo4jSummary {
  readonly uri: string;
  readonly version: string | null;
  readonly edition: string | null;
  readonly latency_ms: number | null;
  readonly projection: readonly ProjectionSessionSummary[];
  /** `ok`, or why per-session projection status could not be read. */
  readonly projection_state: string;
  /** Non-projection incidents: offline database, failed index, pending migration, long transaction. */
  readonly incidents: readonly string[];
  /** Everything the Neo4j source reported, as it reported it (camelCase; not part of the stable contract). */
  readonly detail: unknown;
}

export interface StatusSources {
  readonly neo4j: SourceOutcome<Neo4jSummary>;
  readonly metrics: SourceOutcome<MetricsSummary>;
  readonly prometheus: SourceOutcome<PrometheusSummary>;
  readonly workspace: SourceOutcome<WorkspaceSnapshot>;
  readonly backups: SourceOutcome<BackupsSnapshot>;
  readonly pathlight: SourceOutcome<PathlightSnapshot>;
}

export type Verdict = 'healthy' | 'degraded';

export interface StatusReason {
  readonly source: SourceName | 'config';
  readonly code: string;
  /** `degraded` reasons set exit 1; `warning` reasons are shown but do not. */
  readonly severity: 'degraded' | 'warning';
  readonly message: string;
}

export interface StatusReport {
  readonly schema: 'zaxy-console.status.v1';
  readonly generated_at: string;
  readonly verdict: Verdict;
  readonly exit_code: 0 | 1;
  readonly reasons: readonly StatusReason[];
  readonly sources: StatusSources;
  readonly config: EffectiveConfig;
  readonly config_findings: readonly ConfigFinding[];
}
