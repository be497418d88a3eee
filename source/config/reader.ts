// Looks each key up in the order Zaxy does (see load.ts) and turns its text into a typed, checked
// value that remembers where it came from. Bad values become one-line ConsoleErrors naming the
// key and its source.
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { ConsoleError, fileError } from '../errors.js';
import { parseDotenv, parseEnvProfile } from './dotenv.js';
import type { ConfigFlagName } from './flags.js';
import { Secret, type Setting, type ValueSource } from './setting.js';

export interface ConfigFinding {
  readonly key: string;
  readonly severity: 'warning' | 'error';
  readonly message: string;
}

interface Raw {
  readonly text: string;
  readonly source: ValueSource;
  readonly origin: string;
}

/** Every key config.py `_load_secret_file` reads from `<KEY>_FILE`. */
const ZAXY_SECRET_KEYS = [
  'NEO4J_PASSWORD',
  'MCP_ADMIN_TOKEN',
  'MCP_REMOTE_AUTH_TOKEN',
  'MCP_OIDC_CLIENT_SECRET',
  'OPENAI_API_KEY',
  'RERANKER_API_KEY',
  'COORDINATION_SEMANTIC_CONFLICT_API_KEY',
  'PATHLIGHT_ACCESS_TOKEN',
];
const PYDANTIC_TRUE = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const PYDANTIC_FALSE = new Set(['0', 'off', 'f', 'false', 'n', 'no']);

/** Which flag overrides which key. */
const FLAG_FOR_KEY: Partial<Record<string, ConfigFlagName>> = {
  EVENTLOOM_PATH: 'eventloomPath',
  ZAXY_METRICS_URL: 'metricsUrl',
  PROMETHEUS_URL: 'prometheusUrl',
  ZAXY_CONSOLE_BACKUP_DIR: 'backupDir',
  ZAXY_CONSOLE_BACKUP_MAX_AGE_HOURS: 'backupMaxAgeHours',
  ZAXY_CONSOLE_REFRESH: 'refresh',
  PATHLIGHT_DASHBOARD_URL: 'pathlightDashboardUrl',
};

export class ConfigReader {
  private readonly dotenvLocal: Map<string, Raw>;
  private readonly dotenv: Map<string, Raw>;

  constructor(
    private readonly root: string,
    private readonly cwd: string,
    private readonly flags: Partial<Record<ConfigFlagName, string | number>>,
    private readonly env: Readonly<Record<string, string | undefined>>,
  ) {
    this.dotenvLocal = readEnvFile(join(root, '.env.local'), '.env.local', (t) => parseEnvProfile(t));
    this.dotenv = readEnvFile(join(root, '.env'), '.env', (t) => parseDotenv(t, env));
  }

  lookup(key: string): Raw | undefined {
    const flag = FLAG_FOR_KEY[key];
    const flagValue = flag ? this.flags[flag] : undefined;
    if (flagValue !== undefined && flag) return { text: String(flagValue), source: 'flag', origin: `--${kebab(flag)}` };
    return this.fromEnvironment(key) ?? this.fromFiles(key);
  }

  private fromEnvironment(key: string): Raw | undefined {
    const value = this.env[key];
    return value === undefined ? undefined : { text: value, source: 'env', origin: 'the environment' };
  }

  /** pydantic-settings matches env-file keys case-insensitively. */
  private fromFiles(key: string): Raw | undefined {
    return this.dotenvLocal.get(key.toLowerCase()) ?? this.dotenv.get(key.toLowerCase());
  }

  text(key: string, fallback: string): Setting<string> {
    const raw = this.lookup(key);
    return raw ? { value: raw.text, source: raw.source, origin: raw.origin } : defaulted(fallback);
  }

  url(key: string, fallback: string, schemes: readonly string[]): Setting<string> {
    const setting = this.text(key, fallback);
    let url: URL | undefined;
    try {
      url = new URL(setting.value.trim());
    } catch {
      url = undefined;
    }
    if (!url || !schemes.includes(url.protocol) || url.hostname === '') {
      throw bad(key, setting, `is not a valid ${schemes.map((s) => s.slice(0, -1)).join('/')} URL: "${setting.value}"`, `e.g. ${schemes[0]}//${fallback ? new URL(fallback).host : 'localhost:9090'}`);
    }
    return { ...setting, value: setting.value.trim() };
  }

  choice<T extends string>(key: string, choices: readonly T[], fallback: T): Setting<T> {
    const setting = this.text(key, fallback);
    const value = setting.value.trim().toLowerCase();
    const match = choices.find((c) => c === value);
    if (!match) throw bad(key, setting, `must be one of ${choices.join(', ')} (got "${setting.value}")`);
    return { ...setting, value: match };
  }

  bool(key: string, fallback: boolean): Setting<boolean> {
    const raw = this.lookup(key);
    if (!raw) return defaulted(fallback);
    const text = raw.text.trim().toLowerCase();
    if (PYDANTIC_TRUE.has(text)) return { value: true, source: raw.source, origin: raw.origin };
    if (PYDANTIC_FALSE.has(text)) return { value: false, source: raw.source, origin: raw.origin };
    throw bad(key, raw, `must be true or false (got "${raw.text}")`);
  }

  positiveNumber(key: string, fallback: number): Setting<number> {
    const raw = this.lookup(key);
    if (!raw) return defaulted(fallback);
    const value = Number(raw.text.trim());
    if (raw.text.trim() === '' || !Number.isFinite(value) || value <= 0) {
      throw bad(key, raw, `must be a positive number (got "${raw.text}")`);
    }
    return { value, source: raw.source, origin: raw.origin };
  }

  /** A path from a flag is relative to the shell's directory; from anywhere else, to the root. */
  path(key: string, fallback: string): Setting<string> {
    const setting = this.text(key, fallback);
    const base = setting.source === 'flag' ? this.cwd : this.root;
    return { ...setting, value: resolve(base, setting.value) };
  }

  optionalPath(key: string): Setting<string | null> {
    const raw = this.lookup(key);
    if (!raw || raw.text.trim() === '') return defaulted(null);
    return { value: resolve(this.root, raw.text.trim()), source: raw.source, origin: raw.origin };
  }

  secret(key: string, fallback: string | undefined, findings: ConfigFinding[]): Secret {
    const fileKey = `${key}_FILE`;
    const fileRaw = this.secretFile(key);
    const fromEnv = this.fromEnvironment(key);
    const fromFiles = this.fromFiles(key);
    const ignoredBecause = fromEnv ? `${key} is set in the environment` : fromFiles && fromFiles.text !== fallback ? `${key} is set in ${fromFiles.origin}` : null;
    if (fileRaw && ignoredBecause) {
      findings.push({ key: fileKey, severity: 'warning', message: `${fileKey} is ignored because ${ignoredBecause} (Zaxy's rule)` });
    }
    if (fromEnv) return new Secret(fromEnv.text, 'env');
    if (fileRaw && !ignoredBecause) {
      const path = this.resolveSecretPath(fileRaw.text);
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        throw new ConsoleError('CONFIG_SECRET_FILE', `${fileKey} could not be read: ${path} (set in ${fileRaw.origin})`, {
          hint: `${describeErrno(error)}; fix the path or its permissions`,
          cause: error,
        });
      }
      return new Secret(text.trim(), 'file', path);
    }
    if (fromFiles) return new Secret(fromFiles.text, fromFiles.source);
    return fallback === undefined ? new Secret(undefined, null) : new Secret(fallback, 'default');
  }

  /** Where `<key>_FILE` points, from the environment first, then the env files. */
  secretFile(key: string): Raw | undefined {
    return nonEmpty(this.fromEnvironment(`${key}_FILE`)) ?? nonEmpty(this.fromFiles(`${key}_FILE`));
  }

  resolveSecretPath(text: string): string {
    return isAbsolute(text) ? text : resolve(this.root, text);
  }

  /**
   * validate-deployment.sh's secret-file checks, for every `_FILE` key Zaxy accepts (not only the
   * ones the console uses): the file exists and is not open to group or other.
   */
  secretFileFindings(): ConfigFinding[] {
    const out: ConfigFinding[] = [];
    for (const key of ZAXY_SECRET_KEYS) {
      const raw = this.secretFile(key);
      if (!raw) continue;
      const path = this.resolveSecretPath(raw.text);
      let mode: number;
      try {
        mode = statSync(path).mode & 0o777;
      } catch {
        out.push({ key: `${key}_FILE`, severity: 'error', message: `${key}_FILE does not exist: ${path}` });
        continue;
      }
      if ((mode & 0o077) !== 0) {
        out.push({
          key: `${key}_FILE`,
          severity: 'warning',
          message: `${key}_FILE is readable or writable by group/other (mode ${mode.toString(8).padStart(4, '0')}): ${path} — chmod 600 it`,
        });
      }
    }
    return out;
  }
}

function readEnvFile(path: string, source: ValueSource, parse: (text: string) => Map<string, string>): Map<string, Raw> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw fileError(path, error, `${source} file`);
  }
  const out = new Map<string, Raw>();
  for (const [key, value] of parse(text)) out.set(key.toLowerCase(), { text: value, source, origin: path });
  return out;
}

const nonEmpty = (raw: Raw | undefined): Raw | undefined => (raw && raw.text !== '' ? raw : undefined);
const defaulted = <T>(value: T): Setting<T> => ({ value, source: 'default', origin: 'default' });
const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function bad(key: string, setting: { source: ValueSource; origin: string }, problem: string, hint?: string): ConsoleError {
  const where = setting.source === 'flag' ? setting.origin : setting.source === 'default' ? 'the default' : setting.origin;
  const name = setting.source === 'flag' ? setting.origin : key;
  return new ConsoleError('CONFIG_INVALID', `${name} ${problem} (from ${where})`, hint ? { hint } : {});
}

function describeErrno(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'the file does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return error instanceof Error ? error.message : String(error);
}
