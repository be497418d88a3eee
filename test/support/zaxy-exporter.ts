// Zaxy's real metrics exporter (zaxy.metrics.get_metrics().start_server) in the project venv,
// driven command by command from the test through zaxy_exporter.py.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { zaxyInstall } from './zaxy.js';

export type ZaxyMetricsCall =
  | { readonly call: 'record_event_append'; readonly args: [eventType: string] }
  | { readonly call: 'record_query'; readonly args: [durationSeconds: number, source?: string] }
  | { readonly call: 'record_upsert'; readonly args: [entityType: string] }
  | { readonly call: 'record_invalidation'; readonly args: [] }
  | { readonly call: 'record_degraded_operation'; readonly args: [operation: string, reason: string] };

export interface ZaxyExporter {
  readonly url: string;
  readonly port: number;
  /** Calls one MetricsCollector method in the Python process and waits for it to finish. */
  call(command: ZaxyMetricsCall): Promise<void>;
  close(): Promise<void>;
}

export async function startZaxyExporter(): Promise<ZaxyExporter> {
  const { python } = zaxyInstall();
  const child: ChildProcessWithoutNullStreams = spawn(python, [join(import.meta.dirname, 'zaxy_exporter.py')], { stdio: 'pipe' });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout });
  const queue: ((line: string) => void)[] = [];
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`zaxy exporter exited (${code}): ${stderr.trim()}`))));
  exited.catch(() => undefined);
  lines.on('line', (line) => queue.shift()?.(line));
  const nextLine = () => Promise.race([new Promise<string>((resolve) => queue.push(resolve)), exited]);

  const ready = await nextLine();
  const port = Number(/^READY (\d+)$/.exec(ready)?.[1]);
  if (!port) throw new Error(`zaxy exporter did not start: ${ready} ${stderr.trim()}`);
  let chain = Promise.resolve();
  return {
    url: `http://127.0.0.1:${port}/metrics`,
    port,
    call(command) {
      const run = chain.then(async () => {
        const answer = nextLine();
        child.stdin.write(`${JSON.stringify(command)}\n`);
        const line = await answer;
        if (line !== 'OK') throw new Error(`zaxy exporter ${command.call}: ${line}`);
      });
      chain = run.catch(() => undefined);
      return run;
    },
    async close() {
      if (child.exitCode !== null) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.stdin.end();
      child.kill('SIGTERM');
      await gone;
    },
  };
}
