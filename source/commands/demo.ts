import { notATerminal, preloadUi, runConsole } from '../console/run.js';
import { uiFlags } from '../console/flags.js';
import { ConsoleError, EXIT } from '../errors.js';
import { loadConfig } from '../config.js';
import { DEMO_NEO4J_MODES, type DemoNeo4jMode } from '../demo/neo4j.js';
import type { CommandSpec } from './command.js';

export const demoCommand: CommandSpec = {
  name: 'demo',
  summary: 'open the console on a self-contained live demo deployment (what `npm start` runs)',
  usage: ['demo [--seed <n>] [--readonly] [--color <mode>] [--ascii] [--refresh <s>]', 'demo --no-ui    (keep the deployment running for another console or a benchmark)'],
  flags: {
    ...uiFlags,
    refresh: { type: 'number', description: 'refresh interval in seconds', default: 1 },
    seed: { type: 'number', description: 'seed of the generated sessions and traffic (default: random)' },
    ui: { type: 'boolean', description: 'open the console; --no-ui prints the deployment root and keeps it live until Ctrl-C', default: true },
    live: { type: 'boolean', description: 'append events and move metrics; --no-live keeps the deployment still (idle benchmarks)', default: true },
    tamperAfter: { type: 'number', description: 'seconds until one session’s chain is tampered with', default: 20 },
    // Not `--neo4j`: meow camel-cases a digit followed by a letter (neo4J), so that flag would be lost.
    graph: {
      type: 'string',
      choices: DEMO_NEO4J_MODES,
      default: 'auto',
      description: 'the demo’s Neo4j — auto: NEO4J_URI if it answers, else the project’s launcher if built (scripts/setup-neo4j.sh); launcher; off',
    },
  },
  details: [
    'The deployment lives in a new temporary directory: Eventloom logs in Zaxy’s legacy and v1 formats',
    'appended to live, a Prometheus exporter on a free loopback port with degradation bursts, backups',
    '(one stale, one with a corrupted log inside) and one session whose chain breaks during the demo.',
    'Nothing outside that directory is touched, and it is removed on exit (also on Ctrl-C / SIGTERM).',
    'Neo4j: NEO4J_URI when it answers, else the project’s launcher when built (its data stays in the',
    'demo directory; the pane shows it starting); otherwise the Neo4j pane says "not configured (demo)".',
  ].join('\n'),
  async run(ctx) {
    const { flags } = ctx;
    const seed = flags.seed as number | undefined;
    const tamperAfter = flags.tamperAfter as number;
    const refresh = flags.refresh as number;
    if (seed !== undefined && (!Number.isInteger(seed) || seed < 0)) throw new ConsoleError('BAD_FLAG', `--seed must be a non-negative integer (got ${seed})`);
    if (!(tamperAfter >= 0)) throw new ConsoleError('BAD_FLAG', `--tamper-after must be 0 or more seconds (got ${tamperAfter})`);
    if (!(refresh > 0)) throw new ConsoleError('BAD_FLAG', `--refresh must be more than 0 seconds (got ${refresh})`);
    const refusal = flags.ui === false ? null : notATerminal(ctx.stdout);
    if (refusal) throw refusal;
    // The UI modules load while the deployment is generated.
    if (flags.ui !== false) preloadUi(ctx).catch(() => undefined);

    const mode = flags.graph as DemoNeo4jMode;
    // Loaded on use: prom-client alone costs ~100 ms of start-up for every other command.
    const [{ startDemo }, { demoNeo4j, launcherAvailable }] = await Promise.all([import('../demo/deployment.js'), import('../demo/neo4j.js')]);
    if (mode === 'launcher' && !launcherAvailable()) {
      throw new ConsoleError('NEO4J_LAUNCHER_MISSING', 'the Neo4j launcher is not built (or java is missing)', { hint: 'run scripts/setup-neo4j.sh, or use --graph auto|off' });
    }
    const demo = await startDemo({
      ...(seed !== undefined ? { seed } : {}),
      tamperAfterMs: tamperAfter * 1000,
      live: flags.live !== false,
      neo4j: (root) => demoNeo4j(mode, ctx.env, root),
    });
    // A second signal makes cli.tsx call process.exit: only synchronous cleanup runs then. A hang-up
    // (terminal closed, SSH dropped) is not one cli.tsx handles, and would otherwise skip it.
    const onExit = () => demo.closeSync();
    const onHangUp = () => process.exit(EXIT.cancelled);
    process.on('exit', onExit);
    process.on('SIGHUP', onHangUp);
    try {
      if (flags.ui === false) {
        ctx.stdout.write(
          `zaxy-console demo: deployment at ${demo.root} (seed ${demo.seed})\n` +
            `  neo4j    ${demo.neo4j ?? 'not configured'}\n` +
            `  metrics  ${demo.metricsUrl}\n` +
            `  open it  zaxy-console --root ${demo.root}\n` +
            '  Ctrl-C stops it and removes the directory\n',
        );
        await new Promise<void>((resolve) => {
          if (ctx.signal.aborted) resolve();
          ctx.signal.addEventListener('abort', () => resolve(), { once: true });
        });
        return EXIT.cancelled;
      }
      // The demo's own .env decides everything: the user's ZAXY_*/NEO4J_* variables describe
      // their real deployment, not this one.
      const config = loadConfig({ flags: { root: demo.root, refresh }, env: {}, cwd: demo.root });
      return await runConsole({ ...ctx, config, demo: { neo4jConfigured: demo.neo4j !== null } });
    } finally {
      await demo.close();
      process.off('exit', onExit);
      process.off('SIGHUP', onHangUp);
    }
  },
};

