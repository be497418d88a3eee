// The metrics collector over HTTP against the real prom-client fixture, and its one-line errors
// against real sockets (a closed port, a server that never answers, HTTP errors, non-metrics text).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { ConsoleError } from '../../source/errors.js';
import { createMetricsCollector } from '../../source/sources/metrics.js';
import { createPoller, PollTimeoutError, type SourceHealth } from '../../source/sources/poller.js';
import type { MetricsSnapshot } from '../../source/metrics/snapshot.js';
import { startPromFixture, type PromFixture } from '../support/prom-fixture.js';

let fixture: PromFixture;
before(async () => {
  fixture = await startPromFixture();
});
after(() => fixture.close());

const signal = () => new AbortController().signal;

describe('createMetricsCollector against prom-client', () => {
  for (const openMetrics of [false, true]) {
    test(`rates and percentiles over HTTP (${openMetrics ? 'OpenMetrics' : 'text 0.0.4'})`, async () => {
      fixture.reset();
      fixture.useOpenMetrics(openMetrics);
      let clock = 1_800_000_000_000;
      const collector = createMetricsCollector({ url: fixture.url, timeoutMs: 2000, ringCapacity: 50, now: () => clock });
      const first = await collector.collect(signal());
      assert.equal(first.openMetrics, openMetrics);
      assert.equal(first.url, fixture.url);
      fixture.appended.inc({ event_type: 'decision.made' }, 8);
      for (let i = 0; i < 20; i++) fixture.recordQuery(0.06, 'hybrid'); // bucket (0.05, 0.075]
      fixture.degraded.inc({ operation: 'append', reason: 'embedding_provider_unavailable' });
      clock += 4000;
      const second = await collector.collect(signal());
      const get = (id: string) => second.series.find((s) => s.id === id)!;
      assert.equal(get('append_rate').current, 2);
      assert.equal(get('query_rate:hybrid').current, 5);
      assert.ok(Math.abs(get('query_p50:hybrid').current! - 0.0625) < 1e-9);
      assert.equal(get('query_p50:hybrid').level, 'ok');
      const [embedding] = second.degradations;
      assert.equal(embedding?.alert?.rule.name, 'ZaxyEmbeddingFallbacks');
      assert.equal(embedding?.isNew, true);
      fixture.useOpenMetrics(false);
    });
  }

  test('the scrape asks for text 0.0.4', async () => {
    let accept: string | undefined;
    const server = await serve((req, res) => {
      accept = req.headers.accept;
      res.end('zaxy_invalidations_total 0\n');
    });
    try {
      await createMetricsCollector({ url: urlOf(server), timeoutMs: 1000, ringCapacity: 10 }).collect(signal());
      assert.match(accept ?? '', /^text\/plain;version=0\.0\.4/);
    } finally {
      await stop(server);
    }
  });
});

describe('an idle exporter', () => {
  test('an unchanged scrape reuses the parsed text; a changed one is read afresh', async () => {
    fixture.reset();
    fixture.useOpenMetrics(false);
    let clock = 1_800_000_000_000;
    const collector = createMetricsCollector({ url: fixture.url, timeoutMs: 2000, ringCapacity: 50, now: () => clock });
    fixture.appended.inc({ event_type: 'decision.made' });
    await collector.collect(signal());
    clock += 1000;
    const still = await collector.collect(signal());
    assert.equal(still.series.find((s) => s.id === 'append_rate')!.current, 0);
    fixture.appended.inc({ event_type: 'decision.made' }, 3);
    clock += 1000;
    const moved = await collector.collect(signal());
    assert.equal(moved.series.find((s) => s.id === 'append_rate')!.current, 3);
  });
});

describe('errors are classified in one line', () => {
  const expectError = async (url: string, code: RegExp, message: RegExp, timeoutMs = 1000) => {
    const collector = createMetricsCollector({ url, timeoutMs, ringCapacity: 10 });
    await assert.rejects(collector.collect(signal()), (e: unknown) => {
      assert.ok(e instanceof ConsoleError, String(e));
      assert.match(e.code, code);
      assert.match(e.toLine(), message);
      assert.ok(!e.toLine().includes('\n'));
      return true;
    });
  };

  test('refused', async () => {
    const server = await serve(() => undefined);
    const url = urlOf(server);
    await stop(server); // the port is now closed
    await expectError(url, /^METRICS_UNREACHABLE$/, /refused the connection/);
  });

  test('timeout', async () => {
    const server = await serve(() => undefined); // accepts and never answers
    try {
      await expectError(urlOf(server), /^METRICS_TIMEOUT$/, /did not answer within 0\.3 s/, 300);
    } finally {
      await stop(server);
    }
  });

  test('HTTP status', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(503, 'Service Unavailable');
      res.end('down');
    });
    try {
      await expectError(urlOf(server), /^METRICS_HTTP$/, /answered HTTP 503 Service Unavailable/);
    } finally {
      await stop(server);
    }
  });

  test('parse error names the line', async () => {
    const server = await serve((_req, res) => res.end('# TYPE a counter\na 1\n<html>oops</html>\n'));
    try {
      await expectError(urlOf(server), /^METRICS_PARSE$/, /not valid Prometheus text \(line 3: expected a metric name: <html>oops<\/html>\)/);
    } finally {
      await stop(server);
    }
  });

  test('a bad URL is refused up front', () => {
    assert.throws(() => createMetricsCollector({ url: 'localhost:8080', timeoutMs: 1000, ringCapacity: 10 }), /metrics URL must be http\(s\): localhost:8080/);
    assert.throws(() => createMetricsCollector({ url: 'not a url', timeoutMs: 1000, ringCapacity: 10 }), /metrics URL is not a URL: not a url/);
  });

  test("a caller's cancel is passed through, not reported as a timeout", async () => {
    const server = await serve(() => undefined);
    try {
      const collector = createMetricsCollector({ url: urlOf(server), timeoutMs: 5000, ringCapacity: 10 });
      const controller = new AbortController();
      const pending = collector.collect(controller.signal);
      controller.abort();
      await assert.rejects(pending, (e: unknown) => !(e instanceof ConsoleError) && (e as Error).name === 'AbortError');
      // The poller aborts with its own timeout error, which must reach it unchanged.
      const polled = new AbortController();
      const timedOut = collector.collect(polled.signal);
      polled.abort(new PollTimeoutError(100));
      await assert.rejects(timedOut, PollTimeoutError);
    } finally {
      await stop(server);
    }
  });
});

test('inside the real poller: down with one line while the exporter is gone, back (and reset-safe) after it restarts', async () => {
  fixture.reset();
  fixture.appended.inc({ event_type: 'x' }, 500);
  const snapshots: MetricsSnapshot[] = [];
  const healths: SourceHealth[] = [];
  const collector = createMetricsCollector({ url: fixture.url, timeoutMs: 1000, ringCapacity: 20 });
  const poller = createPoller({
    name: 'metrics',
    intervalMs: 100,
    maxBackoffMs: 200,
    poll: (signal) => collector.collect(signal),
    onData: (s) => snapshots.push(s),
    onHealth: (h) => healths.push(h),
    describeError: (e) => (e instanceof ConsoleError ? e.toLine() : String(e)),
  });
  const until = async (what: string, ok: () => boolean) => {
    const deadline = Date.now() + 10_000;
    while (!ok()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  poller.start();
  try {
    await until('two scrapes', () => snapshots.length >= 2);
    await fixture.stopServing();
    await until('the source to go down', () => poller.health().state === 'down');
    assert.match(poller.health().error ?? '', /^metrics at .* refused the connection \(nothing listening\) — /);
    assert.ok(poller.health().staleSince !== null);
    const seen = snapshots.length;
    await fixture.restart(); // counters start again from zero
    fixture.appended.inc({ event_type: 'x' }, 3);
    await until('recovery', () => poller.health().state === 'ok' && snapshots.length > seen);
    const after = snapshots[seen]!.series.find((s) => s.id === 'append_rate')!;
    assert.ok(after.current !== null && after.current > 0, 'the reset counter gives a positive rate, not a negative one');
    assert.equal(after.total, 3);
    assert.ok(healths.some((h) => h.consecutiveFailures >= 1));
  } finally {
    poller.stop();
    await poller.settled();
  }
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<Server> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
const stop = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
