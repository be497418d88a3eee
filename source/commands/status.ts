// `zaxy-console status`: one snapshot of every source for scripts and health checks, or, with
// --watch, one per refresh interval until Ctrl-C.
import { configFlags, loadConfig } from '../config.js';
import { ConsoleError, EXIT, type ExitCode } from '../errors.js';
import type { CommandSpec } from './command.js';

export const statusCommand: CommandSpec = {
  name: 'status',
  summary: 'one health snapshot of Neo4j, metrics, Prometheus, Eventloom, backups and Pathlight',
  usage: ['status [--json] [--watch] [--root <dir>] [config flags]'],
  flags: {
    json: { type: 'boolean', description: 'print JSON (stable snake_case fields; one object per line with --watch)' },
    watch: { type: 'boolean', description: 'repeat every --refresh seconds until Ctrl-C' },
    timeout: { type: 'number', description: 'per-source timeout in seconds for network sources (default 5; local sources get 10x)' },
    sampleGap: { type: 'number', description: 'seconds between the two metrics scrapes that decide "degradations rising" (default 1)' },
    verifyBackups: { type: 'boolean', description: 'also verify every Eventloom log inside the newest backup' },
    ...configFlags,
  },
  details: [
    'Exit codes: 0 healthy · 1 degraded (a source down, a chain broken, projection lag, newest backup',
    'missing/too old/failing its manifest, a degradation counter rising between two scrapes) ·',
    '2 usage or configuration error · 130 interrupted (--watch ends this way).',
    'Secrets are never printed: passwords and tokens show as set (env|file|.env|.env.local), default or unset.',
  ].join('\n'),
  async run({ flags, env, cwd, stdout, signal }) {
    const config = loadConfig({ flags, env, cwd });
    // Loaded on use: the sources behind a status report (Neo4j's driver among them) are heavy.
    const [{ createStatusSession }, { renderStatusText }] = await Promise.all([import('../status/collect.js'), import('../status/render-text.js')]);
    const timeoutMs = seconds(flags.timeout, '--timeout', 5) * 1000;
    const sampleGapMs = seconds(flags.sampleGap, '--sample-gap', 1, true) * 1000;
    const session = createStatusSession(config, { timeoutMs, sampleGapMs, verifyNewestBackup: flags.verifyBackups === true });
    const json = flags.json === true;
    try {
      if (flags.watch !== true) {
        const report = await session.collect(signal);
        stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : renderStatusText(report));
        return report.exit_code;
      }
      return await watch(async () => {
        const report = await session.collect(signal);
        stdout.write(json ? `${JSON.stringify(report)}\n` : `${renderStatusText(report)}\n`);
      }, config.refreshSeconds.value * 1000, signal);
    } finally {
      await session.close();
    }
  },
};

async function watch(round: () => Promise<void>, intervalMs: number, signal: AbortSignal): Promise<ExitCode> {
  try {
    for (;;) {
      await round();
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, intervalMs);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(signal.reason as Error);
        }, { once: true });
      });
    }
  } catch (error) {
    if (signal.aborted) return EXIT.cancelled;
    throw error;
  }
}

function seconds(value: unknown, flag: string, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new ConsoleError('BAD_FLAG', `${flag} must be a ${allowZero ? 'non-negative' : 'positive'} number of seconds`, { hint: `e.g. ${flag} ${fallback}` });
  }
  return value;
}
