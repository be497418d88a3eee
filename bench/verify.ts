// `verify` throughput, peak RSS and its ratios to `openssl dgst -sha256` and to Zaxy's own
// EventLog.verify(), all measured in one run on the same large, valid, Zaxy-written log.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zaxyInstall } from '../test/support/zaxy.js';
import { builtCli, execFileAsync, fixtureScript, zaxyVerdicts } from '../test/support/zaxy-logs.js';
import { flagValue } from './section.js';
import type { BenchMeasurement, BenchOptions, BenchSection } from './section.js';

const MiB = 1024 * 1024;
/** Zaxy's verifier is measured on a prefix first; the whole log only if that projects under the limit. */
const ZAXY_PREFIX_MIB = 16;

interface ChildRun {
  readonly seconds: number;
  readonly peakRssMiB: number;
  readonly stdout: string;
  readonly exitCode: number;
}

const gnuTime = '/usr/bin/time';

/** The child's VmHWM so far (kB), or 0 once it is gone. */
function highWaterKb(pid: number): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * Runs a command and measures its wall time (here, around the whole child) and peak RSS: from GNU
 * time's getrusage when installed, else by sampling /proc/<pid>/status VmHWM (which only grows).
 */
function measured(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<ChildRun> {
  return new Promise((resolvePromise, reject) => {
    const underTime = existsSync(gnuTime);
    const started = process.hrtime.bigint();
    const child = underTime
      ? spawn(gnuTime, ['-v', command, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } })
      : spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let sampledKb = 0;
    const sampler = underTime ? undefined : setInterval(() => (sampledKb = Math.max(sampledKb, highWaterKb(child.pid ?? 0))), 5);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(sampler);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const stderr = Buffer.concat(err).toString('utf8');
      const kb = underTime ? Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] ?? 0) : sampledKb;
      if (kb === 0) {
        reject(new Error(`no peak RSS measured for ${command}: ${stderr.slice(-400)}`));
        return;
      }
      resolvePromise({ seconds, peakRssMiB: kb / 1024, stdout: Buffer.concat(out).toString('utf8'), exitCode: code ?? -1 });
    });
  });
}

async function ensureLog(options: BenchOptions, sizeMiB: number): Promise<string> {
  const file = join(options.cacheDir, `zaxy-mixed-${sizeMiB}mib-seed3.jsonl`);
  if (existsSync(file)) return file;
  console.log(`bench verify: generating ${sizeMiB} MiB through Zaxy's own writer (EventLog.append_many) → ${file}`);
  const { stdout } = await execFileAsync(zaxyInstall().python, [fixtureScript, 'generate', file, '--size-mb', String(sizeMiB)], {
    maxBuffer: 1024 * 1024,
  });
  console.log(`bench verify: generated ${stdout.trim()}`);
  return file;
}

/** The first ~`mib` MiB of a log, cut at a line end, for timing a slow verifier. */
function prefixOf(file: string, mib: number): string {
  const out = `${file}.prefix-${mib}mib`;
  if (existsSync(out)) return out;
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(mib * MiB);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    const end = buffer.subarray(0, read).lastIndexOf(0x0a) + 1;
    writeFileSync(out, buffer.subarray(0, end));
  } finally {
    closeSync(fd);
  }
  return out;
}

async function ours(file: string, flags: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ run: ChildRun; events: number; envelopes: unknown }> {
  let best: ChildRun | undefined;
  let peak = 0;
  for (let i = 0; i < 3; i++) {
    const run = await measured(process.execPath, [builtCli, 'verify', '--json', ...flags, file], env);
    if (run.exitCode !== 0) throw new Error(`verify exited ${run.exitCode} on the generated log: ${run.stdout.slice(0, 400)}`);
    peak = Math.max(peak, run.peakRssMiB);
    if (best === undefined || run.seconds < best.seconds) best = run;
  }
  if (best === undefined) throw new Error('verify did not run');
  const report = JSON.parse(best.stdout) as { logs: { total_events: number; envelopes: unknown }[] };
  const log = report.logs[0];
  if (log === undefined) throw new Error('verify --json listed no log');
  return { run: { ...best, peakRssMiB: peak }, events: log.total_events, envelopes: log.envelopes };
}

async function openssl(file: string): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const run = await measured('openssl', ['dgst', '-sha256', file]);
    if (run.exitCode !== 0) throw new Error('openssl dgst failed');
    best = Math.min(best, run.seconds);
  }
  return best;
}

async function zaxyVerify(file: string, limitSeconds: number): Promise<{ mibPerSecond: number; note: string; seconds: number }> {
  const timeOn = async (path: string) => {
    const verdict = (await zaxyVerdicts([path], { brief: true })).values().next().value;
    if (verdict?.report?.ok !== true || verdict.verify_seconds === undefined) {
      throw new Error(`Zaxy did not verify ${path} as intact: ${JSON.stringify(verdict)}`);
    }
    return verdict.verify_seconds;
  };
  const size = statSync(file).size;
  const prefix = prefixOf(file, ZAXY_PREFIX_MIB);
  const prefixSize = statSync(prefix).size;
  const prefixSeconds = await timeOn(prefix);
  const projected = (prefixSeconds * size) / prefixSize;
  if (projected > limitSeconds) {
    return {
      mibPerSecond: prefixSize / MiB / prefixSeconds,
      seconds: prefixSeconds,
      note: `on a ${(prefixSize / MiB).toFixed(0)} MiB prefix: the whole log projects to ${projected.toFixed(0)} s`,
    };
  }
  const seconds = await timeOn(file);
  return { mibPerSecond: size / MiB / seconds, seconds, note: 'whole log, in-process, Python start-up excluded' };
}

export const section: BenchSection = {
  name: 'verify',
  description: 'zaxy-console verify vs openssl sha256 and Zaxy EventLog.verify() on one large Zaxy-written log',
  async run(options) {
    const sizeMiB = Number(flagValue(options.argv, 'size-mb') ?? 200);
    const zaxyLimit = Number(flagValue(options.argv, 'zaxy-limit-s') ?? 60);
    if (!Number.isFinite(sizeMiB) || sizeMiB <= 0) throw new Error('--size-mb must be a positive number');
    const file = await ensureLog(options, sizeMiB);
    const size = statSync(file).size;
    const sslSeconds = await openssl(file); // also warms the page cache for the runs below
    const mine = await ours(file, []);
    // The same on this thread alone, for comparison: the default adds one worker per extra core.
    const single = await ours(file, ['--workers', '0']);
    // And with the JS tape instead of the WebAssembly scan engine (what it gains).
    const jsTape = await ours(file, [], { ZAXY_CONSOLE_SCAN: 'js' });
    const { parallelWorkers } = await import('../source/eventloom/verify-blocks.js');
    const zaxy = await zaxyVerify(file, zaxyLimit);
    const mibPerSecond = size / MiB / mine.run.seconds;
    const sslMiBps = size / MiB / sslSeconds;
    console.log(`bench verify: ${file}: ${mine.events} events, envelopes ${JSON.stringify(mine.envelopes)}`);
    return [
      { name: 'log size', value: size / MiB, unit: 'MiB' },
      { name: `verify wall time (best of 3, incl. node start; ${parallelWorkers()} worker + main thread)`, value: mine.run.seconds, unit: 's' },
      { name: 'verify throughput', value: mibPerSecond, unit: 'MiB/s' },
      { name: 'verify events/s', value: mine.events / mine.run.seconds, unit: 'ev/s' },
      { name: 'openssl dgst -sha256 throughput', value: sslMiBps, unit: 'MiB/s' },
      { name: 'Zaxy EventLog.verify() throughput', value: zaxy.mibPerSecond, unit: 'MiB/s', note: zaxy.note },
      { name: 'ratio to openssl', value: mibPerSecond / sslMiBps, unit: '×', target: { at: 'least', value: 0.25 } },
      { name: 'ratio to Zaxy verify', value: mibPerSecond / zaxy.mibPerSecond, unit: '×', target: { at: 'least', value: 10 } },
      { name: 'verify peak RSS (VmHWM)', value: mine.run.peakRssMiB, unit: 'MiB', target: { at: 'most', value: 120 } },
      { name: 'single thread (--workers 0) throughput', value: size / MiB / single.run.seconds, unit: 'MiB/s' },
      { name: 'single thread ratio to openssl', value: size / MiB / single.run.seconds / sslMiBps, unit: '×' },
      { name: 'single thread ratio to Zaxy verify', value: size / MiB / single.run.seconds / zaxy.mibPerSecond, unit: '×' },
      { name: 'single thread peak RSS', value: single.run.peakRssMiB, unit: 'MiB' },
      { name: 'JS tape, no WebAssembly (ZAXY_CONSOLE_SCAN=js) throughput', value: size / MiB / jsTape.run.seconds, unit: 'MiB/s' },
      { name: 'JS tape ratio to openssl', value: size / MiB / jsTape.run.seconds / sslMiBps, unit: '×' },
    ] satisfies BenchMeasurement[];
  },
};
