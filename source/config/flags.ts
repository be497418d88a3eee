// The flags every command that talks to a deployment accepts. Defaults are described, not set,
// so a flag the user did not pass is absent and the environment and env files can still apply.
// A path given as a flag is relative to the current directory, like any shell argument; the same
// path from the environment or an env file is relative to the root, where Zaxy runs.
import type { FlagSpec, FlagValues } from '../commands/command.js';

export const configFlags = {
  root: { type: 'string', description: 'deployment root holding .env, .env.local, .eventloom (default: current directory)' },
  eventloomPath: { type: 'string', description: 'Eventloom directory (env EVENTLOOM_PATH, relative to the root; default <root>/.eventloom)' },
  metricsUrl: { type: 'string', description: 'Zaxy metrics endpoint (env ZAXY_METRICS_URL, default http://127.0.0.1:8080/metrics)' },
  prometheusUrl: { type: 'string', description: 'Prometheus server for history (env PROMETHEUS_URL, optional)' },
  backupDir: { type: 'string', description: 'backups directory (env ZAXY_CONSOLE_BACKUP_DIR, default <root>/backups)' },
  backupMaxAgeHours: { type: 'number', description: 'newest backup older than this is a warning (env ZAXY_CONSOLE_BACKUP_MAX_AGE_HOURS, default 26)' },
  refresh: { type: 'number', description: 'refresh interval in seconds (env ZAXY_CONSOLE_REFRESH, default 2)' },
  pathlightDashboardUrl: { type: 'string', description: 'Pathlight dashboard for trace links (env PATHLIGHT_DASHBOARD_URL, default: collector host on port 3100)' },
} as const satisfies Record<string, FlagSpec>;

export type ConfigFlagName = keyof typeof configFlags;

/** Picks the config flags out of a command's parsed flags. */
export function configFlagValues(flags: FlagValues): Partial<Record<ConfigFlagName, string | number>> {
  const out: Partial<Record<ConfigFlagName, string | number>> = {};
  for (const name of Object.keys(configFlags) as ConfigFlagName[]) {
    const value = flags[name];
    if (typeof value === 'string' || typeof value === 'number') out[name] = value;
  }
  return out;
}
