// A child process as a step sees it: argv in, sanitised lines out, killed as a whole process
// group on cancel (a script's own children — tar, python — must not outlive it).
import { execa } from 'execa';
import { toDisplayText } from '../store/sanitize.js';
import { LineSplitter } from './output-lines.js';
import type { ChildResult, LineStream } from './types.js';

export interface SpawnOptions {
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly signal: AbortSignal;
  /** SIGTERM first; SIGKILL this long after if the group is still there. */
  readonly graceMs: number;
  readonly onLine: (stream: Exclude<LineStream, 'info'>, text: string) => void;
  readonly capture?: boolean;
}

const STDERR_TAIL = 20;

export async function runChild(argv: readonly string[], options: SpawnOptions): Promise<ChildResult> {
  const [file, ...args] = argv;
  if (file === undefined) throw new Error('runChild needs a non-empty argv');
  const child = execa(file, args, {
    cwd: options.cwd,
    env: { ...options.env, PYTHONUNBUFFERED: '1' },
    extendEnv: true,
    stdin: 'ignore',
    buffer: false,
    reject: false,
    // Its own process group, so cancel can signal the whole tree.
    detached: true,
    encoding: 'utf8',
  });
  const stderrTail: string[] = [];
  let captured = '';
  const pump = (stream: NodeJS.ReadableStream | null, name: 'stdout' | 'stderr') =>
    new Promise<void>((resolve) => {
      if (!stream) return resolve();
      const splitter = new LineSplitter();
      const emit = (raw: string) => {
        if (name === 'stdout' && options.capture) captured += `${raw}\n`;
        const text = toDisplayText(raw);
        if (name === 'stderr') {
          stderrTail.push(text);
          if (stderrTail.length > STDERR_TAIL) stderrTail.shift();
        }
        options.onLine(name, text);
      };
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => splitter.push(chunk).forEach(emit));
      stream.on('end', () => {
        splitter.end().forEach(emit);
        resolve();
      });
      stream.on('error', () => resolve());
    });

  let killTimer: NodeJS.Timeout | undefined;
  const signalGroup = (sig: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, sig);
    } catch {
      // The group is already gone.
    }
  };
  const onAbort = () => {
    signalGroup('SIGTERM');
    killTimer = setTimeout(() => signalGroup('SIGKILL'), options.graceMs);
    killTimer.unref();
  };
  if (options.signal.aborted) onAbort();
  else options.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const [result] = await Promise.all([child, pump(child.stdout, 'stdout'), pump(child.stderr, 'stderr')]);
    if (result.failed && result.exitCode === undefined && result.signal === undefined) {
      // Could not start at all (ENOENT, EACCES).
      const reason = result.cause instanceof Error ? result.cause.message : (result.shortMessage ?? `could not start ${file}`);
      options.onLine('stderr', toDisplayText(reason));
      stderrTail.push(reason);
      return { exitCode: null, signal: null, stderrTail, stdout: null };
    }
    return { exitCode: result.exitCode ?? null, signal: result.signal ?? null, stderrTail, stdout: options.capture ? captured : null };
  } finally {
    options.signal.removeEventListener('abort', onAbort);
    if (killTimer) clearTimeout(killTimer);
  }
}
