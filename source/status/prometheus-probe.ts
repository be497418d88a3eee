// Is the configured Prometheus answering? `GET /api/v1/status/buildinfo` is cheap, needs no query,
// and returns the version. (History backfill is the TUI's job: sources/prometheus.ts.)
import { ConsoleError, EXIT } from '../errors.js';
import { describeFetchError } from '../sources/metrics.js';
import type { Collector } from '../sources/poller.js';
import type { PrometheusSummary } from './types.js';

export function createPrometheusProbe(baseUrl: string, timeoutMs: number): Collector<PrometheusSummary> {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const url = new URL('api/v1/status/buildinfo', base).href;
  return {
    async collect(signal) {
      const started = performance.now();
      const timeout = AbortSignal.timeout(timeoutMs);
      let response: Response;
      let text: string;
      try {
        response = await fetch(url, { signal: AbortSignal.any([signal, timeout]) });
        text = await response.text();
      } catch (error) {
        throw describeFetchError(error, {
          codePrefix: 'PROMETHEUS',
          subject: `Prometheus at ${baseUrl}`,
          timeoutMs,
          timeout,
          unreachableHint: 'start Prometheus or fix --prometheus-url / PROMETHEUS_URL',
        });
      }
      if (!response.ok) {
        throw new ConsoleError('PROMETHEUS_HTTP', `Prometheus at ${baseUrl} answered HTTP ${response.status} to ${url}`, {
          hint: 'check that the URL is the Prometheus server root',
          exitCode: EXIT.failure,
        });
      }
      let body: { data?: { version?: unknown } };
      try {
        body = JSON.parse(text) as { data?: { version?: unknown } };
      } catch {
        throw new ConsoleError('PROMETHEUS_BODY', `Prometheus at ${baseUrl} did not answer with JSON at ${url}`, {
          hint: 'check that the URL is the Prometheus server root',
          exitCode: EXIT.failure,
        });
      }
      const version = typeof body.data?.version === 'string' ? body.data.version : null;
      return { url: baseUrl, version, latency_ms: Math.round((performance.now() - started) * 10) / 10 };
    },
  };
}
