// Drives test/fixtures/eventloom/zaxy_write.py: the real Zaxy writes, seals and verifies logs.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { projectRoot, zaxyInstall } from '../../support/zaxy.js';

export interface ZaxyEventSpec {
  type: string;
  actor?: string;
  payload?: Record<string, unknown>;
  thread?: string;
  timestamp?: string;
}

export interface ZaxyIntegrity {
  ok: boolean;
  total_events: number;
  broken_at_seq: number | null;
  broken_reason: string | null;
}

export type ZaxyAnswer = { verify: ZaxyIntegrity } | { line: string } | { error: string };

/** Sends documents (raw JSON text, so Python-only tokens like NaN can be passed) and collects answers. */
export async function zaxy(documents: readonly string[]): Promise<ZaxyAnswer[]> {
  const { python } = zaxyInstall();
  const child = spawn(python, [join(projectRoot, 'test/fixtures/eventloom/zaxy_write.py')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const answers: ZaxyAnswer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (l) => answers.push(JSON.parse(l) as ZaxyAnswer));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`zaxy_write.py exited with ${code}`))));
  });
  child.stdin.end(documents.map((d) => `${d}\n`).join(''));
  await done;
  if (answers.length !== documents.length) throw new Error(`zaxy_write.py answered ${answers.length} of ${documents.length}`);
  return answers;
}

export function writeDoc(path: string, events: readonly ZaxyEventSpec[]): string {
  return JSON.stringify({ path, events });
}
