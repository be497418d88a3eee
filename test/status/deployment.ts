// Temp deployments with logs written by the real Zaxy (EventLog.append in the project venv), and
// the sdist's own scripts for rotation and backups. One Python process per batch of appends.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zaxyInstall } from '../support/zaxy.js';

const APPEND = `
import sys
from zaxy.event import EventLog
path, count, tag = sys.argv[1], int(sys.argv[2]), sys.argv[3]
log = EventLog(path)
for i in range(count):
    log.append("decision.made", "tester", {"decision": f"{tag}-{i}", "text": "caf\\u00e9 \\u2014 1.0", "score": 0.5})
`;

/** Appends `count` real Zaxy events to `path` (created if missing). */
export function zaxyAppend(path: string, count: number, tag = 'e'): void {
  execFileSync(zaxyInstall().python, ['-c', APPEND, path, String(count), tag], { env: { PATH: process.env.PATH, LANG: 'C.UTF-8' } });
}

/** A deployment root with `.eventloom/` holding the given sessions (name → event count). */
export function makeDeployment(sessions: Record<string, number>): { root: string; eventloom: string } {
  const root = mkdtempSync(join(tmpdir(), 'zc-deploy-'));
  const eventloom = join(root, '.eventloom');
  mkdirSync(eventloom);
  for (const [name, count] of Object.entries(sessions)) zaxyAppend(join(eventloom, `${name}.jsonl`), count, name);
  return { root, eventloom };
}

export function runScript(name: string, args: readonly string[]): string {
  return execFileSync('bash', [join(zaxyInstall().scripts, name), ...args], { encoding: 'utf8' });
}
