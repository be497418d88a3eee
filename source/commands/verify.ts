// `zaxy-console verify`: checks Eventloom hash chains (and, with --archive, rotated archives
// against their manifests). Exit 0 all intact, 1 any broken, 2 usage error or unreadable path.
import { open, stat } from 'node:fs/promises';
import { ConsoleError, EXIT, fileError, type ExitCode } from '../errors.js';
import type { CommandContext, CommandSpec } from './command.js';
import type { ArchiveChecksum, ChainReport, DialectChoice, SkippedEntry, VerifyFileOptions } from '../eventloom/index.js';

// The verifier is loaded when the command runs: this spec is in the registry, which the console
// imports before its first frame.
const loadEventloom = () => import('../eventloom/index.js');

/** One log in `verify --json`; the field set is a contract with other tools, keep it stable. */
export interface VerifiedLog {
  path: string;
  ok: boolean;
  total_events: number;
  broken_at_seq: number | null;
  broken_line: number | null;
  reason_code: ChainReport['reason_code'];
  broken_reason: string | null;
  last_good_seq: number;
  last_good_line: number | null;
  last_good_hash: string | null;
  envelopes: ChainReport['envelopes'];
  dialect: ChainReport['dialect'];
  warnings: string[];
  bytes_verified: number;
  from_seq: number | null;
  latest: ChainReport['latest'];
  /** Only for rotated archives (--archive). */
  archive_checksum?: ArchiveChecksum;
}

export interface VerifyOutput {
  ok: boolean;
  logs: VerifiedLog[];
  skipped: SkippedEntry[];
}

interface Target {
  readonly path: string;
  readonly archive: boolean;
}

export const verifyCommand: CommandSpec = {
  name: 'verify',
  summary: 'verify Eventloom hash chains (Zaxy legacy + v1, Eventloom runtime logs)',
  positional: true,
  usage: ['verify [<file-or-root>...] [--json] [--archive] [--from-seq <n>] [--dialect auto|zaxy|eventloom-js] [--workers <n>] [--quiet]'],
  flags: {
    json: { type: 'boolean', description: 'print one JSON object: {ok, logs[], skipped[]}' },
    archive: { type: 'boolean', description: "also verify each root's archive/*.jsonl against its .sha256 manifest" },
    fromSeq: { type: 'number', description: 'judge events from this seq on; earlier ones are only read for their hashes' },
    dialect: {
      type: 'string',
      description: 'hashing dialect of v1 lines',
      choices: ['auto', 'zaxy', 'eventloom-js'],
      default: 'auto',
    },
    eventloomPath: { type: 'string', description: 'Eventloom root when no path is given (else $EVENTLOOM_PATH, else ./.eventloom)' },
    quiet: { type: 'boolean', description: 'no progress on stderr' },
    workers: { type: 'number', description: 'extra threads for a log of 16 MiB or more (default: one per core beyond the first, at most 3; 0: none)' },
  },
  details: [
    'A directory is an Eventloom root: its top-level *.jsonl files are session logs; other entries are listed as skipped.',
    'Verification stops judging a log at its first break (as Zaxy does) and reports seq, physical line and reason.',
    'Exit codes: 0 every log intact · 1 a log is broken or an archive does not match its manifest · 2 usage error or unreadable path',
  ].join('\n'),
  run,
};

async function run(ctx: CommandContext): Promise<ExitCode> {
  const fromSeq = ctx.flags.fromSeq as number | undefined;
  if (fromSeq !== undefined && (!Number.isSafeInteger(fromSeq) || fromSeq < 1)) {
    throw new ConsoleError('BAD_FLAG', `--from-seq needs a whole number >= 1 (got ${Number.isNaN(fromSeq) ? 'no number' : fromSeq})`);
  }
  const dialect = (ctx.flags.dialect ?? 'auto') as DialectChoice;
  const { checkArchive, parallelWorkers, resolveEventloomRoot } = await loadEventloom();
  const workers = (ctx.flags.workers as number | undefined) ?? parallelWorkers();
  if (!Number.isSafeInteger(workers) || workers < 0 || workers > 64) {
    throw new ConsoleError('BAD_FLAG', `--workers needs a whole number from 0 to 64 (got ${Number.isNaN(workers) ? 'no number' : workers})`);
  }
  const inputs = ctx.input.length > 0 ? ctx.input : [resolveEventloomRoot(ctx.flags.eventloomPath as string | undefined, ctx.env, ctx.cwd)];
  const { targets, skipped } = await collectTargets(inputs, ctx.cwd, ctx.flags.archive === true);
  const progress = createProgress(ctx.stderr, ctx.flags.quiet !== true && ctx.stderr.isTTY === true);
  const logs: VerifiedLog[] = [];
  for (const target of targets) {
    const report = await verifyOne(target.path, {
      dialect,
      fromSeq,
      signal: ctx.signal,
      onProgress: progress.bind(target.path),
      settlePartialMs: SETTLE_PARTIAL_MS,
      workers,
    });
    progress.done();
    const log = toVerifiedLog(target.path, report);
    if (target.archive) {
      log.archive_checksum = await checkArchive(target.path, ctx.signal).catch((error: unknown) => {
        throw fileError(target.path, error, 'archive');
      });
      if (log.archive_checksum.status !== 'ok') log.ok = false;
    }
    logs.push(log);
    if (!ctx.flags.json) ctx.stdout.write(`${formatLog(log)}\n`);
  }
  const output: VerifyOutput = { ok: logs.every((l) => l.ok), logs, skipped };
  if (ctx.flags.json) ctx.stdout.write(`${JSON.stringify(output)}\n`);
  else if (skipped.length > 0) ctx.stdout.write(`${skipped.length} entr${skipped.length === 1 ? 'y' : 'ies'} skipped (not session logs); --json lists them\n`);
  return output.ok ? EXIT.ok : EXIT.failure;
}

async function verifyOne(path: string, options: VerifyFileOptions): Promise<ChainReport> {
  const { verifyFile } = await loadEventloom();
  try {
    return await verifyFile(path, options);
  } catch (error) {
    if (error instanceof ConsoleError || (error as Error).name === 'AbortError') throw error;
    throw fileError(path, error, 'log');
  }
}

/** Resolves every input before verifying anything, so a bad path fails fast with exit 2. */
async function collectTargets(inputs: readonly string[], cwd: string, archives: boolean): Promise<{ targets: Target[]; skipped: SkippedEntry[] }> {
  const { discoverWorkspace } = await loadEventloom();
  const targets: Target[] = [];
  const skipped: SkippedEntry[] = [];
  for (const input of inputs) {
    const path = input.startsWith('/') ? input : `${cwd}/${input}`;
    const info = await stat(path).catch((error: unknown) => {
      throw fileError(input, error, 'log or Eventloom root');
    });
    if (info.isDirectory()) {
      const workspace = await discoverWorkspace(path).catch((error: unknown) => {
        throw fileError(input, error, 'Eventloom root');
      });
      const found = workspace.logs.length + (archives ? workspace.archives.length : 0);
      if (found === 0) {
        throw new ConsoleError('NO_LOGS', `no session logs (top-level *.jsonl) in ${input}`, {
          hint: 'pass the Eventloom root (EVENTLOOM_PATH) or a log file',
        });
      }
      targets.push(...workspace.logs.map((p) => ({ path: p, archive: false })));
      if (archives) targets.push(...workspace.archives.map((p) => ({ path: p, archive: true })));
      skipped.push(...workspace.skipped);
    } else if (info.isFile()) {
      await assertLooksLikeLog(path, input);
      targets.push({ path, archive: false });
    } else {
      throw new ConsoleError('NOT_A_LOG', `not a regular file or directory: ${input}`);
    }
  }
  return { targets, skipped };
}

/** Refuses an unreadable file, or one that is binary data rather than a (possibly damaged) log. */
async function assertLooksLikeLog(path: string, input: string): Promise<void> {
  const handle = await open(path, 'r').catch((error: unknown) => {
    throw fileError(input, error, 'log');
  });
  try {
    const head = Buffer.alloc(8192);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const bytes = head.subarray(0, bytesRead);
    const firstByte = bytes.find((b) => b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d);
    if (bytes.includes(0) && firstByte !== 0x7b) {
      throw new ConsoleError('NOT_A_LOG', `not an Eventloom log (binary data): ${input}`, { hint: 'pass a *.jsonl session log or an Eventloom root' });
    }
  } finally {
    await handle.close();
  }
}

function toVerifiedLog(path: string, r: ChainReport): VerifiedLog {
  return {
    path,
    ok: r.ok,
    total_events: r.total_events,
    broken_at_seq: r.broken_at_seq,
    broken_line: r.broken_line,
    reason_code: r.reason_code,
    broken_reason: r.broken_reason,
    last_good_seq: r.last_good_seq,
    last_good_line: r.last_good_line,
    last_good_hash: r.last_good_hash,
    envelopes: r.envelopes,
    dialect: r.dialect,
    warnings: r.warnings,
    bytes_verified: r.bytes_verified,
    from_seq: r.from_seq,
    latest: r.latest,
  };
}

export function formatLog(log: VerifiedLog): string {
  const events = `${log.total_events} event${log.total_events === 1 ? '' : 's'}`;
  const kind = log.dialect ? ` [${log.dialect}]` : '';
  let line = log.reason_code
    ? `${log.path}  ${events}${kind}  BROKEN at seq ${log.broken_at_seq ?? '?'} (line ${log.broken_line ?? '?'}): ${log.broken_reason} [${log.reason_code}]; last good seq ${log.last_good_seq}`
    : `${log.path}  ${events}${kind}  OK`;
  if (log.archive_checksum) line += `; archive ${log.archive_checksum.status === 'ok' ? 'checksum OK' : `${log.archive_checksum.status}: ${log.archive_checksum.message}`}`;
  for (const warning of log.warnings) line += `\n  warning: ${warning}`;
  return line;
}

/** A partial last line may be a Zaxy/Eventloom append in flight: look again once after this. */
const SETTLE_PARTIAL_MS = 250;
const PROGRESS_AFTER_MS = 1000;
const PROGRESS_EVERY_MS = 250;

/** Progress for logs that take over a second: bytes/total, rate and ETA, redrawn on one line. */
function createProgress(stderr: CommandContext['stderr'], enabled: boolean) {
  let started = 0;
  let lastDraw = 0;
  let drawn = false;
  return {
    bind(path: string): ((offset: number, size: number) => void) | undefined {
      if (!enabled) return undefined;
      started = Date.now();
      lastDraw = 0;
      return (offset, size) => {
        const now = Date.now();
        if (now - started < PROGRESS_AFTER_MS || now - lastDraw < PROGRESS_EVERY_MS) return;
        lastDraw = now;
        const rate = offset / ((now - started) / 1000);
        const eta = rate > 0 && size > offset ? Math.ceil((size - offset) / rate) : 0;
        stderr.write(`\r\x1b[K${path}: ${mib(offset)}/${mib(size)} MiB  ${mib(rate)} MiB/s  ETA ${eta}s`);
        drawn = true;
      };
    },
    done(): void {
      if (drawn) stderr.write('\r\x1b[K');
      drawn = false;
    },
  };
}

const mib = (bytes: number) => (bytes / 1048576).toFixed(1);
