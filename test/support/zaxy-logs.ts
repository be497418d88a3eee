// Both verdicts on the same files: Zaxy's own EventLog.verify() (through scripts/zaxy-fixture.py in
// the real Zaxy venv, one Python process per batch) and `zaxy-console verify --json` (the built CLI).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { projectRoot, zaxyInstall } from './zaxy.js';

const run = promisify(execFile);
const maxBuffer = 256 * 1024 * 1024;

export const fixtureScript = join(projectRoot, 'scripts', 'zaxy-fixture.py');
/** Logs recorded with the zaxy 3.2.0 CLI by `zaxy-fixture.py record test/fixtures/zaxy`. */
export const recordedLogsDir = join(projectRoot, 'test', 'fixtures', 'zaxy', 'logs');
export const builtCli = join(projectRoot, 'dist', 'bin.js');

const zaxyReport = z.object({
  ok: z.boolean(),
  total_events: z.number().int(),
  broken_at_seq: z.number().int().nullable(),
  broken_reason: z.string().nullable(),
});
const zaxyVerdict = z.object({
  path: z.string(),
  report: zaxyReport.nullable(),
  /** Zaxy has no report for a file it cannot read (bad JSON, bad UTF-8, invalid record): it raises. */
  raised: z.object({ type: z.string(), message: z.string(), line: z.number().int().nullable() }).nullable(),
  envelopes: z.object({ legacy: z.number().int(), v1: z.number().int() }).optional(),
  tail: z.object({ seq: z.number().int(), hash: z.string() }).nullable().optional(),
  hashes: z.array(z.string()).optional(),
  /** Seconds inside EventLog.verify() alone, interpreter start-up excluded. */
  verify_seconds: z.number().optional(),
});
export type ZaxyReport = z.infer<typeof zaxyReport>;
export type ZaxyVerdict = z.infer<typeof zaxyVerdict>;

async function zaxyPython(args: readonly string[]): Promise<string> {
  const { python } = zaxyInstall();
  const { stdout } = await run(python, [fixtureScript, ...args], { maxBuffer, env: { ...process.env, LANG: 'C.UTF-8' } });
  return stdout;
}

/** Zaxy's verdict per file, keyed by absolute path. */
export async function zaxyVerdicts(
  paths: readonly string[],
  options: { hashes?: boolean; brief?: boolean } = {},
): Promise<Map<string, ZaxyVerdict>> {
  const extra = [...(options.hashes === true ? ['--hashes'] : []), ...(options.brief === true ? ['--brief'] : [])];
  const parsed = z.array(zaxyVerdict).parse(JSON.parse(await zaxyPython(['verify', ...extra, ...paths])));
  return new Map(parsed.map((v) => [resolve(v.path), v]));
}

export interface ForgeResult {
  readonly seq: number;
  readonly old_hash: string;
  readonly new_hash: string;
}

/**
 * Copies `input` to `output` with the event on physical `line` edited and re-sealed by Zaxy's own
 * hash code (payload edit, or `prevHash` swapped in), leaving the next event's link as it was.
 */
export async function zaxyForge(input: string, output: string, line: number, prevHash?: string): Promise<ForgeResult> {
  const extra = prevHash === undefined ? [] : ['--prev-hash', prevHash];
  const out = JSON.parse(await zaxyPython(['forge', input, output, String(line), ...extra])) as unknown;
  return z.object({ seq: z.number(), old_hash: z.string(), new_hash: z.string() }).parse(out);
}

/** Copies `input` to `output` plus one v1 event built by Zaxy's own `_build_event` after its tail. */
export async function zaxyExtendV1(input: string, output: string): Promise<{ seq: number; hash: string }> {
  const out = JSON.parse(await zaxyPython(['extend-v1', input, output])) as unknown;
  return z.object({ seq: z.number(), hash: z.string() }).parse(out);
}

export const reasonCodes = [
  'hash_mismatch',
  'prev_hash_mismatch',
  'sequence_mismatch',
  'first_prev_hash_set',
  'malformed_json',
  'partial_trailing_line',
  'invalid_event',
  'duplicate_event_id',
] as const;
export type ReasonCode = (typeof reasonCodes)[number];

// The `verify --json` contract of issue 3 §3, checked strictly so a drifting shape fails loudly.
const consoleLog = z.object({
  path: z.string(),
  ok: z.boolean(),
  total_events: z.number().int(),
  broken_at_seq: z.number().int().nullable(),
  broken_line: z.number().int().nullable(),
  reason_code: z.enum(reasonCodes).nullable(),
  broken_reason: z.string().nullable(),
  last_good_seq: z.number().int().nullable(),
  last_good_hash: z.string().nullable(),
  envelopes: z.object({ legacy: z.number().int(), v1: z.number().int() }),
  dialect: z.string().nullable(),
});
const consoleReport = z.object({
  ok: z.boolean(),
  logs: z.array(consoleLog.passthrough()),
  skipped: z.array(z.object({ path: z.string(), reason: z.string() }).passthrough()),
});
export type ConsoleLogVerdict = z.infer<typeof consoleLog>;
export type ConsoleVerifyReport = z.infer<typeof consoleReport>;

export interface ConsoleVerifyRun {
  readonly exitCode: number;
  readonly report: ConsoleVerifyReport;
  readonly stderr: string;
}

/** Runs the built `zaxy-console verify --json …` and parses its one JSON object. */
export async function consoleVerify(args: readonly string[], cwd = projectRoot): Promise<ConsoleVerifyRun> {
  if (!existsSync(builtCli)) throw new Error(`${builtCli} is missing: build first (npm run build)`);
  let stdout: string;
  let stderr: string;
  let exitCode = 0;
  try {
    ({ stdout, stderr } = await run(process.execPath, [builtCli, 'verify', '--json', ...args], { cwd, maxBuffer }));
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; code?: unknown };
    if (typeof failed.code !== 'number') throw error;
    ({ stdout = '', stderr = '' } = failed);
    exitCode = failed.code;
  }
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    throw new Error(`verify --json printed no JSON object (exit ${exitCode}): ${stdout.slice(0, 300)} ${stderr.slice(0, 300)}`);
  }
  return { exitCode, report: consoleReport.parse(json), stderr };
}

/** Our verdicts keyed by absolute path. */
export function byPath(report: ConsoleVerifyReport, cwd = projectRoot): Map<string, ConsoleLogVerdict> {
  return new Map(report.logs.map((log) => [resolve(cwd, log.path), log]));
}

/** Hash links are compared with the `sha256:` prefix normalised away (Zaxy strips it, v1 lines carry it). */
export function bareHash(hash: string | null | undefined): string | null {
  return hash == null ? null : hash.replace(/^sha256:/, '');
}

export { run as execFileAsync };
