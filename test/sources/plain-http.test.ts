// The raw keep-alive HTTP/1.1 client of the metrics scrape against real loopback servers: node:http
// servers for well-behaved responses, raw net servers for what node:http will not send (HTTP/1.0
// bodies until close, interim 1xx, malformed chunking), and httpGetText on top of it.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { describe, test } from 'node:test';
import { ConsoleError } from '../../source/errors.js';
import { httpGetText } from '../../source/sources/http-get.js';
import { createMetricsCollector } from '../../source/sources/metrics.js';
import { plainGet } from '../../source/sources/plain-http.js';

const signal = () => new AbortController().signal;
const text = async (url: string, headers: Record<string, string> = {}) => (await plainGet(new URL(url), headers, signal())).body.toString('utf8');

interface Served {
  readonly url: string;
  /** Connections accepted so far. */
  readonly connections: () => number;
  /** Connections the server has seen closed so far. */
  readonly closed: () => number;
  close(): Promise<void>;
}

/** Listens on loopback, counting connections, and on close destroys whatever is still open. */
async function listen(server: NetServer): Promise<Served> {
  const open = new Set<Socket>();
  let connections = 0;
  let closed = 0;
  server.on('connection', (socket: Socket) => {
    connections++;
    open.add(socket);
    socket.once('close', () => {
      closed++;
      open.delete(socket);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
    closed: () => closed,
    close: async () => {
      for (const socket of open) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

const http = (handler: (req: IncomingMessage, res: ServerResponse) => void, configure?: (server: HttpServer) => void) => {
  const server = createHttpServer(handler);
  configure?.(server);
  return listen(server);
};

/** A raw server: `answer` gets each connection and the bytes of its first request. */
const raw = (answer: (socket: Socket, request: string) => void) =>
  listen(
    createNetServer((socket) => {
      let request = '';
      socket.on('data', (chunk: Buffer) => {
        request += chunk.toString('latin1');
        if (request.includes('\r\n\r\n')) {
          socket.removeAllListeners('data');
          answer(socket, request);
        }
      });
      socket.on('error', () => undefined);
    }),
  );

async function using(served: Promise<Served>, body: (served: Served) => Promise<void>): Promise<void> {
  const server = await served;
  try {
    await body(server);
  } finally {
    await server.close();
  }
}

describe('body framing', () => {
  test('Content-Length', () =>
    using(
      http((_req, res) => res.writeHead(200, 'Fine', { 'content-length': 5, 'x-two': 'a' }).end('hello')),
      async ({ url }) => {
        const response = await plainGet(new URL(`${url}/metrics?x=1`), {}, signal());
        assert.equal(response.statusCode, 200);
        assert.equal(response.statusMessage, 'Fine');
        assert.equal(response.headers['x-two'], 'a');
        assert.equal(response.body.toString(), 'hello');
      },
    ));

  test('chunked, written in several pieces', () =>
    using(
      http((_req, res) => {
        res.write('one ');
        setTimeout(() => {
          res.write('two ');
          setTimeout(() => res.end('three'), 10);
        }, 10);
      }),
      async ({ url }) => assert.equal(await text(url), 'one two three'),
    ));

  test('HTTP/1.0 without a length: until the server closes, and the socket is not kept', () =>
    using(
      raw((socket) => socket.end('HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil close')),
      async (served) => {
        assert.equal(await text(served.url), 'until close');
        assert.equal(await text(served.url), 'until close');
        assert.equal(served.connections(), 2);
      },
    ));

  test('multi-byte UTF-8 split across chunks decodes whole', () => {
    const bytes = Buffer.from('zaxy_µ{label="ünïcødé ✓"} 1\n', 'utf8');
    const cut = bytes.indexOf(Buffer.from('✓')) + 1; // inside the three-byte ✓
    return using(
      http((_req, res) => {
        res.write(bytes.subarray(0, 6)); // inside µ
        setTimeout(() => {
          res.write(bytes.subarray(6, cut));
          setTimeout(() => res.end(bytes.subarray(cut)), 10);
        }, 10);
      }),
      async ({ url }) => {
        assert.equal(await text(url), bytes.toString('utf8'));
        assert.equal(await (await httpGetText(url, {}, signal())).text(), bytes.toString('utf8'));
      },
    );
  });

  test('an interim 100 Continue is skipped', () =>
    using(
      raw((socket) => socket.end('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')),
      async ({ url }) => assert.equal(await text(url), 'ok'),
    ));

  test('a malformed chunk size rejects saying so', () =>
    using(
      raw((socket) => socket.end('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\nmore\r\n0\r\n\r\n')),
      async ({ url }) => {
        await assert.rejects(plainGet(new URL(url), {}, signal()), { code: 'HPE_INVALID_CHUNK_SIZE', message: /invalid chunk size line: "zz"/ });
        await assert.rejects(createMetricsCollector({ url, timeoutMs: 1000, ringCapacity: 10 }).collect(signal()), (e: unknown) => {
          assert.ok(e instanceof ConsoleError);
          assert.match(e.toLine(), /could not be fetched \(HPE_INVALID_CHUNK_SIZE\)/);
          return true;
        });
      },
    ));

  test('an endless header block is cut off at 64 KiB', () =>
    using(
      raw((socket) => socket.write(`HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(70 * 1024)}`)),
      async ({ url }) => await assert.rejects(plainGet(new URL(url), {}, signal()), { code: 'HPE_HEADER_OVERFLOW' }),
    ));
});

describe('the request', () => {
  test('Host as in the URL, caller headers, one Connection: keep-alive', () => {
    let request = '';
    return using(
      raw((socket, received) => {
        request = received;
        socket.end('HTTP/1.1 204 No Content\r\n\r\n');
      }),
      async ({ url }) => {
        await plainGet(new URL(`${url}/a/b?c=d`), { accept: 'text/plain', Host: 'evil', connection: 'close' }, signal());
        const port = new URL(url).port;
        assert.equal(request, `GET /a/b?c=d HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\naccept: text/plain\r\nConnection: keep-alive\r\n\r\n`);
      },
    );
  });

  test('a request repeated with the same headers object is sent as built; another URL is built anew', () => {
    const requests: string[] = [];
    return using(
      raw((socket, received) => {
        requests.push(received.split('\r\n')[0] ?? '');
        socket.end('HTTP/1.1 204 No Content\r\n\r\n');
      }),
      async ({ url }) => {
        const headers = { accept: 'text/plain' };
        for (const path of ['/one', '/one', '/two?x=1', '/one']) await plainGet(new URL(`${url}${path}`), headers, signal());
        assert.deepEqual(requests, ['GET /one HTTP/1.1', 'GET /one HTTP/1.1', 'GET /two?x=1 HTTP/1.1', 'GET /one HTTP/1.1']);
      },
    );
  });

  test('CR or LF in a header is refused before connecting', async () => {
    await assert.rejects(plainGet(new URL('http://127.0.0.1:9/'), { accept: 'a\r\nX-Injected: 1' }, signal()), { code: 'ERR_INVALID_CHAR' });
    await assert.rejects(plainGet(new URL('http://127.0.0.1:9/'), { 'bad\nname': 'a' }, signal()), { code: 'ERR_INVALID_HTTP_TOKEN' });
  });
});

describe('keep-alive', () => {
  test('sequential GETs share one connection, which does not keep the process alive', () =>
    using(
      // The server's side unref'd, so only the client's side could count as keeping the process alive.
      http((_req, res) => res.end('x'), (server) => server.on('connection', (socket: Socket) => socket.unref())),
      async (served) => {
        const sockets = () => process.getActiveResourcesInfo().filter((resource) => resource === 'TCPSocketWrap').length;
        await sleep(20); // earlier tests' sockets finish closing
        const before = sockets();
        for (let i = 0; i < 3; i++) assert.equal(await text(served.url), 'x');
        assert.equal(served.connections(), 1);
        assert.equal(sockets(), before, "the idle socket is unref'd");
      },
    ));

  test('Connection: close is honoured', () =>
    using(
      http((_req, res) => res.writeHead(200, { connection: 'close' }).end('x')),
      async (served) => {
        await text(served.url);
        await text(served.url);
        assert.equal(served.connections(), 2);
      },
    ));

  test("the server's keep-alive timeout closes the idle socket; the next GET connects afresh", () =>
    using(
      http(
        (_req, res) => res.end('x'),
        (server) => Object.assign(server, { keepAliveTimeout: 50, keepAliveTimeoutBuffer: 0 }), // node 24 adds a 1 s buffer
      ),
      async (served) => {
        assert.equal(await text(served.url), 'x');
        await sleep(200);
        assert.equal(served.closed(), 1);
        assert.equal(await text(served.url), 'x');
        assert.equal(served.connections(), 2);
      },
    ));

  test('a reused socket the server drops on arrival is retried once on a fresh one', () => {
    let requests = 0;
    return using(
      http((req, res) => {
        if (++requests === 2) req.socket.destroy();
        else res.end(`answer ${requests}`);
      }),
      async (served) => {
        assert.equal(await text(served.url), 'answer 1');
        assert.equal(await text(served.url), 'answer 3');
        assert.equal(served.connections(), 2);
      },
    );
  });

  test('a fresh connection dropped before answering is reported, not retried', () =>
    using(
      raw((socket) => socket.destroy()),
      async (served) => {
        await assert.rejects(plainGet(new URL(served.url), {}, signal()), { code: 'ECONNRESET' });
        assert.equal(served.connections(), 1);
      },
    ));

  test('concurrent GETs use their own sockets; one stays idle, the other is closed', () =>
    using(
      http((_req, res) => setTimeout(() => res.end('x'), 20)),
      async (served) => {
        assert.deepEqual(await Promise.all([text(served.url), text(served.url)]), ['x', 'x']);
        assert.equal(served.connections(), 2);
        await sleep(50);
        assert.equal(served.closed(), 1);
        assert.equal(await text(served.url), 'x');
        assert.equal(served.connections(), 2);
      },
    ));
});

describe('failures', () => {
  test('connection refused keeps its code', async () => {
    const served = await http(() => undefined);
    const { url } = served;
    await served.close();
    await assert.rejects(plainGet(new URL(url), {}, signal()), { code: 'ECONNREFUSED' });
  });

  test('an abort mid-body rejects with the reason and destroys the socket', () =>
    using(
      raw((socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial')),
      async (served) => {
        const controller = new AbortController();
        const reason = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
        const pending = plainGet(new URL(served.url), {}, controller.signal);
        await sleep(50);
        controller.abort(reason);
        await assert.rejects(pending, (e) => e === reason);
        await sleep(50);
        assert.equal(served.closed(), 1);
      },
    ));
});

describe('through httpGetText', () => {
  test('a redirect is followed over the same connection', () =>
    using(
      http((req, res) => {
        if (req.url === '/old') res.writeHead(302, { location: '/new' }).end('moved');
        else res.end(`at ${req.url}`);
      }),
      async (served) => {
        const response = await httpGetText(`${served.url}/old`, {}, signal());
        assert.equal(response.status, 200);
        assert.equal(await response.text(), 'at /new');
        assert.equal(served.connections(), 1);
      },
    ));

  test('a gzip body is decoded, a BOM dropped', () =>
    using(
      http((_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.from('\uFEFFzaxy_up 1\n')))),
      async ({ url }) => {
        const response = await httpGetText(url, {}, signal());
        assert.equal(await response.text(), 'zaxy_up 1\n');
      },
    ));

  test('a failed status is cancelled without harm', () =>
    using(
      http((_req, res) => res.writeHead(503, 'Service Unavailable').end('down')),
      async ({ url }) => {
        const response = await httpGetText(url, {}, signal());
        assert.deepEqual([response.ok, response.status, response.statusText], [false, 503, 'Service Unavailable']);
        response.cancel();
      },
    ));
});
