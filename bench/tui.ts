// TUI benchmark: the built console in a real terminal (tmux) on demo deployments, measured from
// outside: first frame after launch, idle CPU from /proc/<pid>/stat deltas (ps %cpu is a lifetime
// average), RSS over time, and the bytes the console writes to the terminal (tmux pipe-pane).
// Targets apply to a still deployment at a 1 s refresh; the live demo is reported beside it.
//   node --import tsx bench/run.ts --only tui [--tui-seconds 600] [--tui-warmup 130]
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { node, Tmux } from '../test/e2e/tmux.js';
import { flagValue, type BenchMeasurement, type BenchOptions, type BenchSection } from './section.js';

const WARM_LAUNCHES = 5;

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

interface Demo {
  readonly root: string;
  readonly child: ChildProcess;
}

/** A demo deployment in its own process, so its traffic is not billed to the console. */
async function startDemoProcess(projectRoot: string, live: boolean): Promise<Demo> {
  const child = spawn(process.execPath, [join(projectRoot, 'dist', 'bin.js'), 'demo', '--no-ui', '--seed', '7', '--graph', 'off', ...(live ? [] : ['--no-live'])], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) {
    const match = /deployment at (\S+)/.exec(line);
    if (match?.[1]) return { root: match[1], child };
  }
  throw new Error('the demo process exited before printing its root');
}

async function stopDemo(demo: Demo): Promise<void> {
  const exited = new Promise((resolve) => demo.child.once('exit', resolve));
  demo.child.kill('SIGTERM');
  await exited;
}

function cpuTicks(pid: number): number {
  // Fields after the `(comm)`: state is 3rd, utime 14th, stime 15th in the full line.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

interface Run {
  readonly cpuPercent: number;
  /** CPU over the first and the second half of the window. */
  readonly cpuHalves: readonly [number, number];
  readonly bytesPerMinute: number;
  readonly rss: readonly number[];
}

interface Launch {
  readonly firstFrameMs: number;
  readonly firstDataMs: number;
  /** The first frame counted from when the bench started typing the command (harness included). */
  readonly typedFrameMs: number;
}

/**
 * Starts the console in `tmux` (whose output `pipe` records) and waits for its first frame and
 * its first session rows. "After launch" counts from the moment the shell execs node: bash writes
 * its clock ($EPOCHREALTIME, a builtin, so no fork) just before. Typing the line into tmux and the
 * shell parsing it (50–150 ms here) are the harness, not the console, so they are left out.
 */
async function launch(tmux: Tmux, pipe: string, scratch: string, root: string, codeCache: string): Promise<Launch> {
  const stamp = join(scratch, 'exec-at');
  const typed = Date.now();
  await tmux.run(`echo $EPOCHREALTIME > ${stamp}; NODE_COMPILE_CACHE=${codeCache} exec ${node} dist/bin.js --root ${root} --refresh 1`);
  await until(() => readFileSync(pipe, 'utf8').includes('Sessions'), 'the first frame', 10_000, 2);
  const frameAt = Date.now();
  await until(() => readFileSync(pipe, 'utf8').includes('agent-1'), 'session rows', 15_000, 2);
  const dataAt = Date.now();
  const execAt = Number(readFileSync(stamp, 'utf8').trim()) * 1000;
  if (!Number.isFinite(execAt) || execAt < typed - 1000) throw new Error(`bench tui: the shell did not record when it started the console (${stamp})`);
  return { firstFrameMs: frameAt - execAt, firstDataMs: dataAt - execAt, typedFrameMs: frameAt - typed };
}

/** A fresh terminal whose output is recorded; `body` gets it and the recording's path. */
async function inTerminal<T>(projectRoot: string, body: (tmux: Tmux, pipe: string, scratch: string) => Promise<T>): Promise<T> {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-tui-'));
  const pipe = join(scratch, 'terminal.out');
  const tmux = await Tmux.start({ cols: 120, rows: 40, cwd: projectRoot });
  try {
    await tmux.tmux('pipe-pane', '-o', '-t', tmux.target, `cat >> ${pipe}`);
    await until(() => existsSync(pipe), 'pipe-pane to open', 5000);
    return await body(tmux, pipe, scratch);
  } finally {
    await tmux.kill();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The first launch with an empty V8 code cache (as after an install or upgrade), then `warm` more. */
async function firstFrames(projectRoot: string, root: string, codeCache: string, warm: number): Promise<{ cold: Launch; warm: Launch[] }> {
  const once = () =>
    inTerminal(projectRoot, async (tmux, pipe, scratch) => {
      const result = await launch(tmux, pipe, scratch, root, codeCache);
      // Each launch must have exited before the next starts, or their start-ups would overlap.
      const pid = await tmux.shellPid();
      await tmux.keys('q');
      await until(() => !existsSync(`/proc/${pid}`), 'the console to exit', 10_000);
      return result;
    });
  const cold = await once();
  const later: Launch[] = [];
  for (let i = 0; i < warm; i++) later.push(await once());
  return { cold, warm: later };
}

async function measure(projectRoot: string, root: string, codeCache: string, seconds: number, warmupS: number): Promise<Run> {
  return inTerminal(projectRoot, async (tmux, pipe, scratch) => {
    const echoBytes = () => statSync(pipe).size;
    await launch(tmux, pipe, scratch, root, codeCache);
    const pid = await tmux.shellPid();

    // Steady state: start-up work done and every sparkline ring full (until then each poll widens them).
    await new Promise((r) => setTimeout(r, warmupS * 1000));
    const rss: number[] = [rssMb(pid)];
    const ticks = [cpuTicks(pid)];
    const times = [performance.now()];
    const bytes0 = echoBytes();
    const sampleEvery = Math.max(1, Math.floor(seconds / 10));
    for (let elapsed = 0; elapsed < seconds; elapsed += sampleEvery) {
      await new Promise((r) => setTimeout(r, sampleEvery * 1000));
      rss.push(rssMb(pid));
      ticks.push(cpuTicks(pid));
      times.push(performance.now());
    }
    const cpu = (from: number, to: number) => ((ticks[to]! - ticks[from]!) / CLK_TCK / ((times[to]! - times[from]!) / 1000)) * 100;
    const last = ticks.length - 1;
    const mid = Math.floor(last / 2);
    const bytesPerMinute = ((echoBytes() - bytes0) / ((times[last]! - times[0]!) / 1000)) * 60;
    await tmux.keys('q');
    return { cpuPercent: cpu(0, last), cpuHalves: [cpu(0, mid), cpu(mid, last)], bytesPerMinute, rss };
  });
}

async function until(test: () => boolean, what: string, timeoutMs: number, everyMs = 50): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!test()) {
    if (performance.now() > deadline) throw new Error(`bench tui: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

async function run({ argv, projectRoot }: BenchOptions): Promise<BenchMeasurement[]> {
  if (!existsSync(join(projectRoot, 'dist', 'bin.js'))) throw new Error('dist/bin.js is missing: run `npm run build` first');
  // Ten minutes: RSS must be stable over that long, and V8 has optimised the per-poll code by then.
  const seconds = Number(flagValue(argv, 'tui-seconds') ?? 600);
  // The console keeps 120 sparkline points: at a 1 s refresh the rings are full after 2 minutes.
  const warmupS = Number(flagValue(argv, 'tui-warmup') ?? 130);
  const rows: BenchMeasurement[] = [];
  // A private V8 code cache (bin.ts enables it): the first launch finds it empty, later ones use it.
  const codeCache = mkdtempSync(join(tmpdir(), 'bench-code-cache-'));
  try {
    for (const live of [false, true]) {
      const demo = await startDemoProcess(projectRoot, live);
      try {
        if (!live) {
          const { cold, warm } = await firstFrames(projectRoot, demo.root, codeCache, WARM_LAUNCHES);
          const frames = warm.map((l) => l.firstFrameMs);
          const withRows = warm.map((l) => l.firstDataMs);
          const note = (ms: number[]) => `median of ${ms.length}; min ${Math.min(...ms).toFixed(0)}, max ${Math.max(...ms).toFixed(0)}`;
          rows.push({ name: 'first frame after launch, empty code cache', value: cold.firstFrameMs, unit: 'ms', target: { at: 'most', value: 400 }, note: 'the first start after an install or upgrade' });
          rows.push({ name: 'first frame after launch', value: median(frames), unit: 'ms', target: { at: 'most', value: 400 }, note: note(frames) });
          rows.push({ name: 'first frame with session rows', value: median(withRows), unit: 'ms', note: note(withRows) });
          rows.push({ name: 'first frame, counted from typing the command', value: median(warm.map((l) => l.typedFrameMs)), unit: 'ms', note: 'includes tmux send-keys and the shell' });
        }
        const r = await measure(projectRoot, demo.root, codeCache, seconds, live ? 10 : warmupS);
        const label = live ? 'live demo' : 'idle';
        const growth = ((r.rss.at(-1)! - r.rss[0]!) / seconds) * 60;
        rows.push({ name: `CPU, ${label} (1 s refresh)`, value: r.cpuPercent, unit: '% core', note: `${seconds} s window` });
        if (!live) {
          // Code that runs once a second is optimised by V8 only after some minutes: the second half
          // of a long window is the console as it stays open, and the target is held to it.
          const minutes = (s: number) => (s / 60).toFixed(1);
          const split = warmupS + seconds / 2;
          rows.push({ name: `CPU, ${label}, first half of the window`, value: r.cpuHalves[0], unit: '% core', note: `minutes ${minutes(warmupS)}–${minutes(split)} after launch` });
          rows.push({ name: `CPU, ${label}, second half of the window`, value: r.cpuHalves[1], unit: '% core', target: { at: 'most', value: 0.3 }, note: `minutes ${minutes(split)}–${minutes(warmupS + seconds)} after launch` });
        }
        rows.push({ name: `terminal output, ${label}`, value: r.bytesPerMinute / 1024, unit: 'KB/min', ...(live ? {} : { target: { at: 'most' as const, value: 20 } }) });
        rows.push({ name: `RSS, ${label} (end of window)`, value: r.rss.at(-1)!, unit: 'MB', note: `min ${Math.min(...r.rss).toFixed(1)}, max ${Math.max(...r.rss).toFixed(1)}` });
        rows.push({ name: `RSS growth, ${label}`, value: growth, unit: 'MB/min', note: `over ${seconds} s` });
        // RSS climbs while V8 sizes its heap and then levels off: the second half tells which.
        const mid = r.rss[Math.floor((r.rss.length - 1) / 2)]!;
        const lateGrowth = ((r.rss.at(-1)! - mid) / (seconds / 2)) * 60;
        rows.push({ name: `RSS growth, ${label}, second half of the window`, value: lateGrowth, unit: 'MB/min', note: `${mid.toFixed(1)} → ${r.rss.at(-1)!.toFixed(1)} MB` });
      } finally {
        await stopDemo(demo);
      }
    }
  } finally {
    rmSync(codeCache, { recursive: true, force: true });
  }
  return rows;
}

export const section: BenchSection = {
  name: 'tui',
  description: 'the console in tmux at 120x40 on a demo deployment: first frame, CPU, RSS, terminal bytes',
  run,
};
