// A real Prometheus (Debian package, scripts/setup-prometheus.sh) started per test on a free
// loopback port with its own throwaway TSDB, scraping the given targets every second.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

export interface PrometheusServer {
  readonly url: string;
  /** Instant query; returns the vector result. */
  query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  /** Polls until `promql` returns a sample whose value passes `accept`, or fails after `timeoutMs`. */
  waitFor(promql: string, accept: (value: number) => boolean, timeoutMs?: number): Promise<number>;
  stop(): Promise<void>;
}

export const PROMETHEUS_BINARY = process.env.PROMETHEUS_BIN ?? 'prometheus';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('could not get a free port');
  return address.port;
}

export async function startPrometheus(targets: readonly string[]): Promise<PrometheusServer> {
  const dir = await mkdtemp(join(tmpdir(), 'zaxy-console-prom-'));
  const config = join(dir, 'prometheus.yml');
  await writeFile(
    config,
    ['global:', '  scrape_interval: 1s', '  scrape_timeout: 1s', 'scrape_configs:', '  - job_name: zaxy', '    static_configs:', `      - targets: [${targets.map((t) => JSON.stringify(t)).join(', ')}]`, ''].join('\n'),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    PROMETHEUS_BINARY,
    [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (error) => reject(new Error(`cannot run ${PROMETHEUS_BINARY} (run scripts/setup-prometheus.sh): ${error.message}`))),
  );
  spawnError.catch(() => undefined);
  const exited = () => child.exitCode !== null || child.signalCode !== null;

  const stop = async () => {
    if (!exited()) {
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await gone;
    }
    await rm(dir, { recursive: true, force: true });
  };

  const query = async (promql: string) => {
    const response = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: promql })}`);
    const body = (await response.json()) as { status: string; error?: string; data?: { result: { metric: Record<string, string>; value: [number, string] }[] } };
    if (body.status !== 'success' || !body.data) throw new Error(`Prometheus query failed: ${body.error ?? response.status}`);
    return body.data.result;
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited()) {
      await stop();
      throw new Error(`prometheus exited during start-up: ${stderr.trim()}`);
    }
    const ready = await Promise.race([fetch(`${url}/-/ready`).then((r) => r.ok, () => false), spawnError]);
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus did not become ready in 30 s: ${stderr.trim()}`);
    }
    await delay(100);
  }

  return {
    url,
    query,
    async waitFor(promql, accept, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const result = await query(promql);
        const value = result[0] ? Number(result[0].value[1]) : Number.NaN;
        if (result[0] && accept(value)) return value;
        if (Date.now() > until) throw new Error(`Prometheus never satisfied ${promql} within ${timeoutMs} ms (last: ${result[0] ? value : 'no result'})`);
        await delay(200);
      }
    },
    stop,
  };
}
