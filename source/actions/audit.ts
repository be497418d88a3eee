// The audit trail: one JSON line per action in <root>/.zaxy-console/audit.jsonl — who ran what,
// where, with which arguments (secrets redacted) and how each step ended.
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';

export interface AuditStep {
  readonly id: string;
  readonly status: 'ok' | 'failed' | 'cancelled';
  readonly elapsedMs: number;
  readonly message: string | null;
}

export interface AuditEntry {
  readonly time: string;
  readonly user: string;
  readonly host: string;
  readonly action: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly status: string;
  readonly message: string;
  readonly elapsedMs: number;
  readonly steps: readonly AuditStep[];
  readonly logFile: string | null;
}

export interface AuditInput {
  readonly action: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly status: string;
  readonly message: string;
  readonly steps: readonly AuditStep[];
  readonly startedAt: number;
  readonly elapsedMs: number;
  readonly logFile: string | null;
}

export const AUDIT_FILE = join('.zaxy-console', 'audit.jsonl');

// Zaxy's own redaction key pattern (security.py), minus its metric-key exceptions: an argument
// name that looks like a secret never reaches the trail.
const SECRET_KEY = /(api[_-]?key|authorization|bearer|cookie|credential|password|private[_-]?key|secret|token)/i;
const SECRET_VALUE = /^(sk-[A-Za-z0-9_-]{8,}|AKIA[0-9A-Z]{12,}|eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;

export function redactArgs(args: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args)) {
    if (value === undefined) continue;
    if (SECRET_KEY.test(key) || (typeof value === 'string' && SECRET_VALUE.test(value))) out[key] = '[REDACTED]';
    else if (Array.isArray(value)) out[key] = value.map((v) => (typeof v === 'string' && SECRET_VALUE.test(v) ? '[REDACTED]' : (v as unknown)));
    else out[key] = value;
  }
  return out;
}

export async function appendAudit(root: string, input: AuditInput): Promise<void> {
  const entry: AuditEntry = {
    time: new Date(input.startedAt).toISOString(),
    user: currentUser(),
    host: hostname(),
    action: input.action,
    args: redactArgs(input.args),
    status: input.status,
    message: input.message,
    elapsedMs: input.elapsedMs,
    steps: input.steps,
    logFile: input.logFile,
  };
  await mkdir(join(root, '.zaxy-console'), { recursive: true });
  // One write of one line with O_APPEND: concurrent consoles interleave whole lines.
  await appendFile(join(root, AUDIT_FILE), `${JSON.stringify(entry)}\n`, 'utf8');
}

/** The newest `limit` entries, newest first; unreadable lines are skipped, a missing file is empty. */
export async function readRecentAudit(root: string, limit = 20): Promise<AuditEntry[]> {
  let text: string;
  try {
    text = await readFile(join(root, AUDIT_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries: AuditEntry[] = [];
  for (const line of text.split('\n').reverse()) {
    if (entries.length >= limit) break;
    if (!line.trim()) continue;
    try {
      entries.push(JSON.parse(line) as AuditEntry);
    } catch {
      // A torn line from a crash mid-append; the rest of the trail is still good.
    }
  }
  return entries;
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}
