// Node's --test-global-setup hook: one Neo4j for the whole `npm test` run instead of one per file
// (a JVM start costs 15–50 s on a busy 2-core machine). Test files find it through
// ZAXY_TEST_NEO4J_FILE (inherited by the per-file test processes); a file run on its own starts
// its own server instead (see testNeo4j in neo4j.ts).
import { rmSync, writeFileSync } from 'node:fs';
import { register } from 'tsx/esm/api';
import type { Neo4jServer } from './neo4j.js';

// Node loads this file with its own type stripping, outside `--import tsx`, so the `.js`
// specifiers of our TypeScript modules only resolve once tsx's hooks are registered here.
register();
const { connectionOf, sharedConnectionFile, startNeo4j } = await import('./neo4j.js');

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
