// The demo's Neo4j choice. The launcher itself is exercised by the sources' Neo4j tests; here the
// decision: a configured NEO4J_URI is used only when something answers on its port.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { demoNeo4j, reachableNeo4j } from '../../source/demo/neo4j.js';

async function listening(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return { port: address.port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

test('a NEO4J_URI that answers becomes the demo .env, credentials included', async () => {
  const server = await listening();
  try {
    const env = { NEO4J_URI: `bolt://127.0.0.1:${server.port}`, NEO4J_PASSWORD: 'pw', NEO4J_USER: 'neo4j' };
    assert.deepEqual(await reachableNeo4j(env), { PROJECTION_BACKEND: 'neo4j', ...env });
    const chosen = await demoNeo4j('auto', env, '/nonexistent');
    assert.equal(chosen?.origin, 'environment');
  } finally {
    await server.close();
  }
});

test('a NEO4J_URI that does not answer, a malformed one, or none is not used; off never is', async () => {
  const server = await listening();
  await server.close();
  assert.equal(await reachableNeo4j({ NEO4J_URI: `bolt://127.0.0.1:${server.port}` }), null);
  assert.equal(await reachableNeo4j({ NEO4J_URI: 'not a uri' }), null);
  assert.equal(await reachableNeo4j({}), null);
  const up = await listening();
  try {
    assert.equal(await demoNeo4j('off', { NEO4J_URI: `bolt://127.0.0.1:${up.port}` }, '/nonexistent'), null);
  } finally {
    await up.close();
  }
});
