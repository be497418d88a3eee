// Node's --test-global-setup hook: one Neo4j for the whole `npm test` run instead of one per file
// (a JVM start costs 10–50 s on a busy 2-core machine). Test files find it through
// ZAXY_TEST_NEO4J_FILE (inherited by the per-file test processes); a file run on its own starts
// its own server instead (see testNeo4j in neo4j.ts).
import { rmSync, writeFileSync } from 'node:fs';
import { connectionOf, sharedConnectionFile, startNeo4j, type Neo4jServer } from './neo4j.js';

let server: Neo4jServer | undefined;

export async function globalSetup(): Promise<void> {
  server = await startNeo4j();
  writeFileSync(sharedConnectionFile, JSON.stringify(connectionOf(server), null, 2), { mode: 0o600 });
  process.env.ZAXY_TEST_NEO4J_FILE = sharedConnectionFile;
}

export async function globalTeardown(): Promise<void> {
  await server?.dispose();
  rmSync(sharedConnectionFile, { force: true });
}
