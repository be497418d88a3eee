// TUI benchmark: the built console in a real terminal (tmux) on demo deployments, measured from
// outside: first frame after launch, idle CPU from /proc/<pid>/stat deltas (ps %cpu is a lifetime
// average), RSS over time, and the bytes the console writes to the terminal (tmux pipe-pane).
// Targets apply to a still deployment at a 1 s refresh; the live demo is reported beside it.
//   node --import tsx bench/run.ts --only tui [--tui-seconds 30] [--tui-warmup 130]
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Tmux } from '../test/e2e/tmux.js';
import { flagValue, type BenchMeasurement, type BenchOptions, type BenchSection } from './section.js';

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
  readonly firstFrameMs: number;
  readonly firstDataMs: number;
  readonly cpuPercent: number;
  readonly bytesPerMinute: number;
  readonly rss: readonly number[];
}

async function measure(projectRoot: string, root: string, seconds: number, warmupS: number): Promise<Run> {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-tui-'));
  const pipe = join(scratch, 'terminal.out');
  const tmux = await Tmux.start({ cols: 120, rows: 40, cwd: projectRoot });
  try {
    await tmux.tmux('pipe-pane', '-o', '-t', tmux.target, `cat >> ${pipe}`);
    await until(() => existsSync(pipe), 'pipe-pane to open', 5000);
    const echoBytes = () => statSync(pipe).size;
    const node = join(projectRoot, 'node_modules', '.bin', 'node');
    const started = performance.now();
    await tmux.run(`exec ${node} dist/bin.js --root ${root} --refresh 1`);
    await until(() => readFileSync(pipe, 'utf8').includes('Sessions'), 'the first frame', 10_000, 5);
    const firstFrameMs = performance.now() - started;
    await until(() => readFileSync(pipe, 'utf8').includes('agent-1'), 'session rows', 15_000, 5);
    const firstDataMs = performance.now() - started;
    const pid = await tmux.shellPid();

    // Steady state: start-up work done and every sparkline ring full (until then each poll widens them).
    await new Promise((r) => setTimeout(r, warmupS * 1000));
    const rss: number[] = [rssMb(pid)];
    const ticks0 = cpuTicks(pid);
    const bytes0 = echoBytes();
    const t0 = performance.now();
    const sampleEvery = Math.max(1, Math.floor(seconds / 10));
    for (let elapsed = 0; elapsed < seconds; elapsed += sampleEvery) {
      await new Promise((r) => setTimeout(r, sampleEvery * 1000));
      rss.push(rssMb(pid));
    }
    const wallS = (performance.now() - t0) / 1000;
    const cpuPercent = ((cpuTicks(pid) - ticks0) / CLK_TCK / wallS) * 100;
    const bytesPerMinute = ((echoBytes() - bytes0) / wallS) * 60;
    await tmux.keys('q');
    return { firstFrameMs, firstDataMs, cpuPercent, bytesPerMinute, rss };
  } finally {
    await tmux.kill();
    rmSync(scratch, { recursive: true, force: true });
  }
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
  const seconds = Number(flagValue(argv, 'tui-seconds') ?? 30);
  // The console keeps 120 sparkline points: at a 1 s refresh the rings are full after 2 minutes.
  const warmupS = Number(flagValue(argv, 'tui-warmup') ?? 130);
  const rows: BenchMeasurement[] = [];
  for (const live of [false, true]) {
    const demo = await startDemoProcess(projectRoot, live);
    try {
      const r = await measure(projectRoot, demo.root, seconds, live ? 10 : warmupS);
      const label = live ? 'live demo' : 'idle';
      const growth = ((r.rss.at(-1)! - r.rss[0]!) / seconds) * 60;
      if (!live) {
        rows.push({ name: 'first frame after launch', value: r.firstFrameMs, unit: 'ms', target: { at: 'most', value: 400 } });
        rows.push({ name: 'first frame with session rows', value: r.firstDataMs, unit: 'ms' });
      }
      rows.push({ name: `CPU, ${label} (1 s refresh)`, value: r.cpuPercent, unit: '% core', ...(live ? {} : { target: { at: 'most' as const, value: 0.3 } }), note: `${seconds} s window` });
      rows.push({ name: `terminal output, ${label}`, value: r.bytesPerMinute / 1024, unit: 'KB/min', ...(live ? {} : { target: { at: 'most' as const, value: 20 } }) });
      rows.push({ name: `RSS, ${label} (end of window)`, value: r.rss.at(-1)!, unit: 'MB', note: `min ${Math.min(...r.rss).toFixed(1)}, max ${Math.max(...r.rss).toFixed(1)}` });
      rows.push({ name: `RSS growth, ${label}`, value: growth, unit: 'MB/min', note: 'use --tui-seconds 600 for the 10-minute check' });
    } finally {
      await stopDemo(demo);
    }
  }
  return rows;
}

export const section: BenchSection = {
  name: 'tui',
  description: 'the console in tmux at 120x40 on a demo deployment: first frame, CPU, RSS, terminal bytes',
  run,
};
