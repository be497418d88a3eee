// The effective configuration as plain data for `status --json` and the TUI's config pane. Keys are
// the environment names an operator would set; secrets appear only as their masked description.
import type { ConsoleConfig } from './load.js';
import type { Secret, Setting, ValueSource } from './setting.js';

export interface EffectiveValue {
  readonly value: string | number | boolean | null;
  readonly source: ValueSource | 'unset';
}

export type EffectiveConfig = Readonly<Record<string, EffectiveValue>>;

export function describeConfig(config: ConsoleConfig): EffectiveConfig {
  const plain = (s: Setting<string | number | boolean | null>): EffectiveValue => ({ value: s.value, source: s.source });
  const masked = (s: Secret): EffectiveValue => ({ value: s.describe(), source: s.source ?? 'unset' });
  return {
    ROOT: plain(config.root),
    ZAXY_ENV: plain(config.zaxyEnv),
    PROJECTION_BACKEND: plain(config.projectionBackend),
    EVENTLOOM_PATH: plain(config.eventloomPath),
    NEO4J_URI: plain(config.neo4j.uri),
    NEO4J_USER: plain(config.neo4j.user),
    NEO4J_PASSWORD: masked(config.neo4j.password),
    NEO4J_DATABASE: plain(config.neo4j.database),
    NEO4J_CA_CERT: plain(config.neo4j.caCert),
    NEO4J_TRUST_ALL: plain(config.neo4j.trustAll),
    PATHLIGHT_ENABLED: plain(config.pathlight.enabled),
    PATHLIGHT_URL: plain(config.pathlight.url),
    PATHLIGHT_ACCESS_TOKEN: masked(config.pathlight.accessToken),
    PATHLIGHT_DASHBOARD_URL: plain(config.pathlight.dashboardUrl),
    ZAXY_METRICS_URL: plain(config.metricsUrl),
    PROMETHEUS_URL: plain(config.prometheusUrl),
    ZAXY_CONSOLE_BACKUP_DIR: plain(config.backupDir),
    ZAXY_CONSOLE_BACKUP_MAX_AGE_HOURS: plain(config.backupMaxAgeHours),
    ZAXY_CONSOLE_REFRESH: plain(config.refreshSeconds),
  };
}
