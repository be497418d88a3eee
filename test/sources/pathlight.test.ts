import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPathlightCollector, healthProblem, traceLink } from '../../source/sources/pathlight.js';
import { ConsoleError } from '../../source/errors.js';
import { Secret } from '../../source/config.js';

// Mimics pathlight-collector 0.3.3's GET /health (never authenticated) and the auth gate on /v1/*
// (a Bearer token when the collector has PATHLIGHT_ACCESS_TOKEN); the /health reply is switchable.
async function collectorServer(reply: { status: number; body: string; delayMs?: number }, collectorToken?: string): Promise<{ url: string; server: Server; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url} auth=${req.headers.authorization ?? '-'}`);
    setTimeout(() => {
      if (req.url === '/health') {
        res.writeHead(reply.status, { 'content-type': 'application/json' });
        res.end(reply.body);
      } else if (req.url?.startsWith('/v1/traces')) {
        const allowed = collectorToken === undefined || req.headers.authorization === `Bearer ${collectorToken}`;
        res.writeHead(allowed ? 200 : 401, { 'content-type': 'application/json' });
        res.end(allowed ? '{"traces":[],"total":0,"limit":1,"offset":0}' : '{"error":{"message":"unauthorized"}}');
      } else {
        res.writeHead(404).end('{}');
      }
    }, reply.delayMs ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, hits };
}

const configFor = (url: string, token?: string) => ({
  pathlight: {
    enabled: { value: true, source: 'env' as const, origin: 'the environment' },
    url: { value: url, source: 'env' as const, origin: 'the environment' },
    dashboardUrl: { value: 'http://127.0.0.1:3100/', source: 'default' as const, origin: 'default' },
    accessToken: token === undefined ? new Secret(undefined, null) : new Secret(token, 'env'),
  },
});
const signal = () => new AbortController().signal;
const close = (s: Server) => new Promise<void>((resolve) => s.close(() => resolve()));

test('pathlight: healthy collector, latency, link template', async () => {
  const { url, server, hits } = await collectorServer({ status: 200, body: '{"status":"ok","service":"pathlight-collector"}' });
  try {
    const snap = await createPathlightCollector(configFor(`${url}/`)).collect(signal());
    assert.equal(snap.status, 'ok');
    assert.equal(snap.health_url, `${url}/health`);
    assert.ok(snap.latency_ms >= 0 && snap.latency_ms < 3000);
    assert.equal(snap.trace_link_template, 'http://127.0.0.1:3100/traces/{trace_id}');
    assert.deepEqual([snap.api_auth, snap.token_accepted], ['open', null]);
    assert.deepEqual(hits, ['GET /health auth=-', 'GET /v1/traces?limit=1 auth=-']);
  } finally {
    await close(server);
  }
  assert.equal(traceLink('http://d:3100/', 'tr 1'), 'http://d:3100/traces/tr%201');
});

test('pathlight: each failure kind is one distinct line', async () => {
  const cases: Array<[string, { status: number; body: string; delayMs?: number }, RegExp]> = [
    ['http status', { status: 503, body: '{}' }, /^Pathlight collector at .*\/health answered HTTP 503$/],
    ['wrong service', { status: 200, body: '{"status":"ok","service":"dashboard"}' }, /service "dashboard", not pathlight-collector/],
    ['not json', { status: 200, body: '<html>' }, /not a JSON object/],
    ['unhealthy', { status: 200, body: '{"status":"degraded","service":"pathlight-collector"}' }, /reports status "degraded"/],
    ['timeout', { status: 200, body: '{}', delayMs: 1500 }, /did not answer within 0\.3 s/],
  ];
  for (const [name, reply, message] of cases) {
    const { url, server } = await collectorServer(reply);
    try {
      await assert.rejects(createPathlightCollector(configFor(url), { timeoutMs: 300 }).collect(signal()), (e: unknown) => {
        assert.ok(e instanceof ConsoleError, name);
        assert.match(e.message, message, name);
        return true;
      });
    } finally {
      server.closeAllConnections();
      await close(server);
    }
  }
  const { url, server } = await collectorServer({ status: 200, body: '{}' });
  await close(server);
  await assert.rejects(createPathlightCollector(configFor(url)).collect(signal()), /refused the connection/);
});

test('pathlight: a collector that needs a token is reported, and the configured token is checked', async () => {
  const healthy = { status: 200, body: '{"status":"ok","service":"pathlight-collector"}' };
  const { url, server, hits } = await collectorServer(healthy, 'collector-secret');
  try {
    const right = await createPathlightCollector(configFor(url, 'collector-secret')).collect(signal());
    assert.deepEqual([right.api_auth, right.token_accepted], ['token_required', true]);
    const wrong = await createPathlightCollector(configFor(url, 'other')).collect(signal());
    assert.deepEqual([wrong.api_auth, wrong.token_accepted], ['token_required', false]);
    assert.ok(hits.filter((h) => h.startsWith('GET /health')).every((h) => h.endsWith('auth=-')), 'no token is sent to /health');
  } finally {
    await close(server);
  }
});

test('healthProblem is a pure check of the body', () => {
  assert.equal(healthProblem({ status: 'ok', service: 'pathlight-collector' }), null);
  assert.match(healthProblem(null) ?? '', /not a JSON object/);
});
