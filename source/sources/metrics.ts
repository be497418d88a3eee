// The Zaxy metrics source: scrape the exporter (it answers any path), parse strictly, fold the
// scrape into the pure tracker and return a snapshot. Every failure becomes one ConsoleError line
// that says which of refused / timeout / HTTP status / unparsable it was.

import { ConsoleError, EXIT } from '../errors.js';
import { ExpositionError, parseExposition, type Exposition } from '../metrics/exposition.js';
import { ringCapacity } from '../metrics/ring.js';
import type { MetricsSnapshot } from '../metrics/snapshot.js';
import {
  advanceMetrics,
  createMetricsTracker,
  isSteadyScrape,
  metricsSnapshot,
  retimedSnapshot,
  steadyScrape,
  withHistory,
  type MetricsHistory,
  type MetricsTracker,
} from '../metrics/tracker.js';
import { httpGetText } from './http-get.js';
import type { Collector } from './poller.js';

export interface MetricsCollectorOptions {
  readonly url: string;
  readonly timeoutMs: number;
  /** Points kept per sparkline series (clamped to 1…600). */
  readonly ringCapacity: number;
  readonly now?: () => number;
}

export interface MetricsCollector extends Collector<MetricsSnapshot> {
  /** Adds Prometheus history (from `backfillMetrics`); merged into every later snapshot. */
  seedHistory(history: MetricsHistory): void;
  /**
   * The snapshot as of now without scraping (e.g. right after `seedHistory`, so sparklines fill
   * before the first scrape lands); null before any scrape or history.
   */
  current(): MetricsSnapshot | null;
}

/** Text 0.0.4 first: it is what Zaxy's prometheus_client serves by default and what the parser targets. */
export const SCRAPE_ACCEPT = 'text/plain;version=0.0.4;q=1,*/*;q=0.1';
/** One object for every scrape: plain-http reuses the request bytes it built for the same headers. */
const SCRAPE_HEADERS: Readonly<Record<string, string>> = Object.freeze({ accept: SCRAPE_ACCEPT });

export function createMetricsCollector(options: MetricsCollectorOptions): MetricsCollector {
  const now = options.now ?? Date.now;
  const url = checkedUrl(options.url);
  let tracker: MetricsTracker = createMetricsTracker(ringCapacity(options.ringCapacity));
  let lastDurationMs = 0;
  // An idle deployment serves the same text scrape after scrape; parsing it is most of a poll's
  // CPU (issue 5: idle CPU), and the parsed exposition is immutable, so the last one is reused.
  let last: { readonly text: string; readonly exposition: Exposition } | null = null;
  // The snapshot of the last scrape, which a steady scrape (nothing but times would change) re-times.
  let built: MetricsSnapshot | null = null;
  return {
    async collect(signal: AbortSignal): Promise<MetricsSnapshot> {
      const started = now();
      const text = await scrape(url, options.timeoutMs, signal);
      let exposition: Exposition;
      try {
        exposition = last?.text === text ? last.exposition : parseExposition(text);
        last = { text, exposition };
      } catch (error) {
        if (error instanceof ExpositionError) {
          throw new ConsoleError('METRICS_PARSE', `metrics at ${url} are not valid Prometheus text (${error.message})`, {
            hint: 'check that the metrics URL points at a Prometheus exporter',
            exitCode: EXIT.failure,
          });
        }
        throw error;
      }
      const at = now();
      lastDurationMs = at - started;
      const meta = { url, scrapeDurationMs: lastDurationMs };
      if (built !== null && isSteadyScrape(tracker, exposition, at)) {
        tracker = steadyScrape(tracker, at);
        built = retimedSnapshot(built, tracker, meta);
      } else {
        tracker = advanceMetrics(tracker, exposition, at);
        built = metricsSnapshot(tracker, meta);
      }
      return built;
    },
    seedHistory(history: MetricsHistory) {
      tracker = withHistory(tracker, history);
      built = null; // history changes what the rings and alerts show
    },
    current() {
      if (tracker.lastScrapeAt === null && tracker.history === null) return null;
      return metricsSnapshot(tracker, { url, scrapeDurationMs: lastDurationMs }, now());
    },
  };
}

function checkedUrl(raw: string): string {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConsoleError('METRICS_URL', `metrics URL is not a URL: ${raw}`, { hint: 'pass e.g. --metrics-url http://127.0.0.1:8080/metrics' });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConsoleError('METRICS_URL', `metrics URL must be http(s): ${raw}`, { hint: 'pass e.g. --metrics-url http://127.0.0.1:8080/metrics' });
  }
  return parsed.href;
}

async function scrape(url: string, timeoutMs: number, signal: AbortSignal): Promise<string> {
  // One timer, cleared when the scrape ends: AbortSignal.timeout's would stay armed (and wake the
  // process) for the whole timeout after every scrape.
  const timeout = new AbortController();
  const aborted = new AbortController();
  const timer = setTimeout(() => {
    timeout.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    aborted.abort(timeout.signal.reason);
  }, timeoutMs);
  const onCancel = () => aborted.abort(signal.reason);
  if (signal.aborted) onCancel();
  else signal.addEventListener('abort', onCancel, { once: true });
  try {
    const response = await httpGetText(url, SCRAPE_HEADERS, aborted.signal);
    if (!response.ok) {
      response.cancel();
      throw new ConsoleError('METRICS_HTTP', `metrics at ${url} answered HTTP ${response.status} ${response.statusText}`.trimEnd(), {
        hint: 'check the metrics URL; Zaxy’s exporter answers any path with 200',
        exitCode: EXIT.failure,
      });
    }
    return await response.text();
  } catch (error) {
    // The caller (the poller's own timeout, or shutdown) cancelled: its reason is the story.
    if (signal.aborted) throw signal.reason ?? error;
    throw describeFetchError(error, {
      codePrefix: 'METRICS',
      subject: `metrics at ${url}`,
      timeoutMs,
      timeout: timeout.signal,
      unreachableHint: 'start the exporter (get_metrics().start_server(port)) or fix --metrics-url',
    });
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onCancel);
  }
}

export interface FetchFailureContext {
  /** Error code prefix, e.g. `METRICS` gives `METRICS_TIMEOUT`. */
  readonly codePrefix: string;
  /** How the message names the endpoint, e.g. `metrics at http://…`. */
  readonly subject: string;
  readonly timeoutMs: number;
  /** The timeout signal, to tell a timeout from a caller's cancel. */
  readonly timeout?: AbortSignal;
  readonly unreachableHint: string;
}

const SOCKET_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'refused the connection (nothing listening)',
  ENOTFOUND: 'has a host name that does not resolve',
  EAI_AGAIN: 'has a host name that does not resolve',
  ECONNRESET: 'reset the connection',
  EHOSTUNREACH: 'is unreachable',
  ENETUNREACH: 'is unreachable',
};

/** Maps fetch failures (undici nests the socket error in `cause`; node:http does not) to one actionable line. */
export function describeFetchError(error: unknown, context: FetchFailureContext): unknown {
  if (error instanceof ConsoleError) return error;
  const name = (error as { name?: string } | null)?.name;
  if ((name === 'TimeoutError' || name === 'AbortError') && (context.timeout === undefined || context.timeout.aborted)) {
    return new ConsoleError(`${context.codePrefix}_TIMEOUT`, `${context.subject} did not answer within ${(context.timeoutMs / 1000).toFixed(1)} s`, {
      hint: 'the server is hung or the network drops packets',
      exitCode: EXIT.failure,
      cause: error,
    });
  }
  if (name === 'AbortError') return error; // cancelled by the caller: not a source failure to describe
  const failure = error as { code?: unknown; cause?: { code?: string } } | null;
  const code = failure?.cause?.code ?? (typeof failure?.code === 'string' ? failure.code : undefined);
  const what = (code && SOCKET_ERRORS[code]) ?? `could not be fetched (${code ?? (error instanceof Error ? error.message : String(error))})`;
  return new ConsoleError(`${context.codePrefix}_UNREACHABLE`, `${context.subject} ${what}`, {
    hint: context.unreachableHint,
    exitCode: EXIT.failure,
    cause: error,
  });
}
