// Reads the deployment's configuration the way Zaxy does, so the console looks at the same Neo4j,
// the same Eventloom directory and the same secrets the server uses.
//
// Precedence (checked against zaxy-memory 3.2.0): flag > environment > <root>/.env.local >
// <root>/.env > default. `.env.local` beats `.env` because Zaxy's CLI passes `.env.local` values
// as init arguments to Settings (cli/serving.py `_status_settings`), which outrank the dotenv
// source in pydantic-settings. `<NAME>_FILE` follows config.py `_load_secret_file`: its path comes
// from the environment, else from the env files, and it is read only when `<NAME>` is not in the
// environment and the env files left the value at its default.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConsoleError, fileError } from '../errors.js';
import type { FlagValues } from '../commands/command.js';
import { configFlagValues } from './flags.js';
import { ConfigReader, type ConfigFinding } from './reader.js';
import type { Secret, Setting } from './setting.js';

export type { ConfigFinding } from './reader.js';

export const PROJECTION_BACKENDS = ['embedded', 'neo4j', 'pggraph', 'latticedb'] as const;
export type ProjectionBackend = (typeof PROJECTION_BACKENDS)[number];

export interface ConsoleConfig {
  readonly root: Setting<string>;
  readonly zaxyEnv: Setting<string>;
  readonly projectionBackend: Setting<ProjectionBackend>;
  /** Absolute. */
  readonly eventloomPath: Setting<string>;
  readonly neo4j: {
    readonly uri: Setting<string>;
    readonly user: Setting<string>;
    readonly password: Secret;
    readonly database: Setting<string>;
    /** Absolute path, or null when unset. */
    readonly caCert: Setting<string | null>;
    readonly trustAll: Setting<boolean>;
  };
  readonly pathlight: {
    readonly enabled: Setting<boolean>;
    readonly url: Setting<string>;
    readonly accessToken: Secret;
    readonly dashboardUrl: Setting<string>;
  };
  readonly metricsUrl: Setting<string>;
  readonly prometheusUrl: Setting<string | null>;
  /** Absolute. */
  readonly backupDir: Setting<string>;
  readonly refreshSeconds: Setting<number>;
  readonly backupMaxAgeHours: Setting<number>;
  /** Problems worth showing that do not stop the console (permissions, production rules). */
  readonly findings: readonly ConfigFinding[];
}

export interface LoadConfigOptions {
  readonly flags?: FlagValues;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

const NEO4J_SCHEMES = ['bolt:', 'bolt+s:', 'bolt+ssc:', 'neo4j:', 'neo4j+s:', 'neo4j+ssc:'];
const HTTP_SCHEMES = ['http:', 'https:'];

export function loadConfig(options: LoadConfigOptions): ConsoleConfig {
  const flags = configFlagValues(options.flags ?? {});
  const rootText = typeof flags.root === 'string' ? flags.root : undefined;
  const root: Setting<string> = rootText
    ? { value: resolve(options.cwd, rootText), source: 'flag', origin: '--root' }
    : { value: resolve(options.cwd), source: 'default', origin: 'default' };
  checkRoot(root);
  const reader = new ConfigReader(root.value, options.cwd, flags, options.env);
  const findings: ConfigFinding[] = [];

  const zaxyEnv = reader.text('ZAXY_ENV', 'development');
  const projectionBackend = reader.choice('PROJECTION_BACKEND', PROJECTION_BACKENDS, 'embedded');
  const neo4j = {
    uri: reader.url('NEO4J_URI', 'bolt://localhost:7687', NEO4J_SCHEMES),
    user: reader.text('NEO4J_USER', 'neo4j'),
    password: reader.secret('NEO4J_PASSWORD', 'testpassword', findings),
    database: reader.text('NEO4J_DATABASE', 'neo4j'),
    caCert: reader.optionalPath('NEO4J_CA_CERT'),
    trustAll: reader.bool('NEO4J_TRUST_ALL', false),
  };
  const pathlightUrl = reader.url('PATHLIGHT_URL', 'http://localhost:4100', HTTP_SCHEMES);
  const pathlight = {
    enabled: reader.bool('PATHLIGHT_ENABLED', false),
    url: pathlightUrl,
    accessToken: reader.secret('PATHLIGHT_ACCESS_TOKEN', undefined, findings),
    dashboardUrl: reader.url('PATHLIGHT_DASHBOARD_URL', defaultDashboard(pathlightUrl.value), HTTP_SCHEMES),
  };
  const prometheus = reader.lookup('PROMETHEUS_URL');
  const config: ConsoleConfig = {
    root,
    zaxyEnv,
    projectionBackend,
    eventloomPath: reader.path('EVENTLOOM_PATH', '.eventloom'),
    neo4j,
    pathlight,
    metricsUrl: reader.url('ZAXY_METRICS_URL', 'http://127.0.0.1:8080/metrics', HTTP_SCHEMES),
    prometheusUrl: prometheus && prometheus.text !== ''
      ? reader.url('PROMETHEUS_URL', '', HTTP_SCHEMES)
      : { value: null, source: prometheus?.source ?? 'default', origin: prometheus?.origin ?? 'default' },
    backupDir: reader.path('ZAXY_CONSOLE_BACKUP_DIR', 'backups'),
    refreshSeconds: reader.positiveNumber('ZAXY_CONSOLE_REFRESH', 2),
    backupMaxAgeHours: reader.positiveNumber('ZAXY_CONSOLE_BACKUP_MAX_AGE_HOURS', 26),
    findings,
  };
  findings.push(...reader.secretFileFindings(), ...productionFindings(config), ...caCertFindings(config));
  return config;
}

function checkRoot(root: Setting<string>): void {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(root.value).isDirectory();
  } catch (error) {
    throw fileError(root.value, error, 'deployment root');
  }
  if (!isDirectory) throw new ConsoleError('CONFIG_ROOT', `deployment root is not a directory: ${root.value}`, { hint: 'pass --root <dir> holding .env and .eventloom' });
}

function defaultDashboard(collectorUrl: string): string {
  const url = new URL(collectorUrl);
  url.port = '3100';
  url.pathname = '';
  return url.toString().replace(/\/$/, '');
}

/** The rules config.py `_validate_production_security` enforces, plus the compose rule on TRUST_ALL. */
function productionFindings(config: ConsoleConfig): ConfigFinding[] {
  if (config.zaxyEnv.value.toLowerCase() !== 'production') return [];
  const out: ConfigFinding[] = [];
  if (config.projectionBackend.value === 'neo4j') {
    if (config.neo4j.password.reveal() === 'testpassword') {
      out.push({ key: 'NEO4J_PASSWORD', severity: 'error', message: 'NEO4J_PASSWORD must be overridden in production' });
    }
    if (config.neo4j.uri.value.startsWith('bolt://') && config.neo4j.caCert.value === null) {
      out.push({ key: 'NEO4J_CA_CERT', severity: 'error', message: 'NEO4J_CA_CERT is required when NEO4J_URI uses bolt:// in production' });
    }
  }
  if (config.neo4j.trustAll.value) {
    out.push({ key: 'NEO4J_TRUST_ALL', severity: 'error', message: 'NEO4J_TRUST_ALL is not allowed in production' });
  }
  return out;
}

function caCertFindings(config: ConsoleConfig): ConfigFinding[] {
  const path = config.neo4j.caCert.value;
  if (path === null) return [];
  try {
    statSync(path);
    return [];
  } catch {
    return [{ key: 'NEO4J_CA_CERT', severity: 'error', message: `NEO4J_CA_CERT does not exist: ${path}` }];
  }
}
