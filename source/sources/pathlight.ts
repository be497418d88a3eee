// Pathlight collector health (only polled when PATHLIGHT_ENABLED=true): `GET {url}/health` must
// answer `{"status":"ok","service":"pathlight-collector"}` (pathlight 0.3.3). The endpoint never
// needs auth, so no token is sent. Failures are one ConsoleError line saying which kind it was.
import type { ConsoleConfig } from '../config.js';
import { ConsoleError, EXIT } from '../errors.js';
import { describeFetchError } from './metrics.js';
import type { Collector } from './poller.js';

export interface PathlightSnapshot {
  readonly health_url: string;
  readonly status: 'ok';
  readonly service: string;
  readonly latency_ms: number;
  readonly dashboard_url: string;
  /** Replace `{trace_id}` with a trace id to link to it in the dashboard. */
  readonly trace_link_template: string;
  /**
   * Whether `/v1/*` answers without credentials, as Zaxy 3.2.0 calls it (its tracer never sends
   * PATHLIGHT_ACCESS_TOKEN): `token_required` means Zaxy's traces are being rejected.
   */
  readonly api_auth: ApiAuth;
  /** With PATHLIGHT_ACCESS_TOKEN set: whether the collector accepts it (`null` when unset). */
  readonly token_accepted: boolean | null;
  readonly collected_at: string;
}

export interface PathlightCollectorOptions {
  readonly timeoutMs?: number;
  readonly now?: () => number;
}

const EXPECTED_SERVICE = 'pathlight-collector';

export type ApiAuth = 'open' | 'token_required' | 'unknown';

/** Pure: what the answer to an unauthenticated `GET /v1/traces?limit=1` says about auth. */
export function apiAuthOf(status: number | null): ApiAuth {
  if (status === 200) return 'open';
  if (status === 401 || status === 403) return 'token_required';
  return 'unknown';
}

export function traceLink(dashboardUrl: string, traceId: string): string {
  return `${dashboardUrl.replace(/\/+$/, '')}/traces/${encodeURIComponent(traceId)}`;
}

export function healthUrl(collectorUrl: string): string {
  return `${collectorUrl.replace(/\/+$/, '')}/health`;
}

/** Pure: is this body the collector's healthy answer? Returns the problem, or null when healthy. */
export function healthProblem(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return 'answered with something that is not a JSON object';
  const { status, service } = body as { status?: unknown; service?: unknown };
  if (service !== EXPECTED_SERVICE) return `answered as service ${JSON.stringify(service ?? null)}, not ${EXPECTED_SERVICE} (wrong URL?)`;
  if (status !== 'ok') return `reports status ${JSON.stringify(status ?? null)}`;
  return null;
}

export function createPathlightCollector(
  config: Pick<ConsoleConfig, 'pathlight'>,
  options: PathlightCollectorOptions = {},
): Collector<PathlightSnapshot> {
  const url = healthUrl(config.pathlight.url.value);
  const dashboard = config.pathlight.dashboardUrl.value.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 3000;
  const now = options.now ?? Date.now;
  return {
    async collect(signal) {
      const started = performance.now();
      const timeout = AbortSignal.timeout(timeoutMs);
      let text: string;
      let status: number;
      try {
        const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.any([signal, timeout]) });
        status = response.status;
        text = await response.text();
      } catch (error) {
        throw describeFetchError(error, {
          codePrefix: 'PATHLIGHT',
          subject: `Pathlight collector at ${url}`,
          timeoutMs,
          timeout,
          unreachableHint: 'start the collector (port 4100 by default) or fix PATHLIGHT_URL; set PATHLIGHT_ENABLED=false if it is not used',
        });
      }
      const latency = Math.round((performance.now() - started) * 10) / 10;
      if (status !== 200) {
        throw new ConsoleError('PATHLIGHT_HTTP', `Pathlight collector at ${url} answered HTTP ${status}`, {
          hint: 'check PATHLIGHT_URL points at the collector, not the dashboard',
          exitCode: EXIT.failure,
        });
      }
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      const problem = healthProblem(body);
      if (problem !== null) {
        throw new ConsoleError('PATHLIGHT_UNHEALTHY', `Pathlight collector at ${url} ${problem}`, {
          hint: 'check PATHLIGHT_URL points at the collector (default port 4100)',
          exitCode: EXIT.failure,
        });
      }
      const probe = `${config.pathlight.url.value.replace(/\/+$/, '')}/v1/traces?limit=1`;
      const apiAuth = apiAuthOf(await statusOf(probe, {}, timeoutMs, signal));
      const token = config.pathlight.accessToken.reveal();
      const tokenStatus = token ? await statusOf(probe, { authorization: `Bearer ${token}` }, timeoutMs, signal) : null;
      return {
        health_url: url,
        status: 'ok',
        service: EXPECTED_SERVICE,
        latency_ms: latency,
        dashboard_url: dashboard,
        trace_link_template: `${dashboard}/traces/{trace_id}`,
        api_auth: apiAuth,
        token_accepted: token ? tokenStatus === 200 : null,
        collected_at: new Date(now()).toISOString(),
      };
    },
  };
}

/** HTTP status of a GET, or null when it could not be fetched (the health check already passed). */
async function statusOf(url: string, headers: Record<string, string>, timeoutMs: number, signal: AbortSignal): Promise<number | null> {
  try {
    const response = await fetch(url, { headers, signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) });
    await response.body?.cancel();
    return response.status;
  } catch {
    signal.throwIfAborted();
    return null;
  }
}
