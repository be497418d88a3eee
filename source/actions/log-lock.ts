// Holding the same advisory lock Zaxy takes on a session log (event.py: fcntl.flock LOCK_EX for
// appends, LOCK_SH for reads, on the log file itself). Node cannot call flock(2), so each lock
// is held by a util-linux `flock` child running `cat` on our stdin pipe: the lock lives exactly
// as long as that pipe is open, so it is released when we let go AND when this process dies
// (even by SIGKILL) — a crashed console can never leave a deployment locked.
import { spawn, type ChildProcess } from 'node:child_process';
import { ConsoleError, EXIT } from '../errors.js';

export type LockMode = 'exclusive' | 'shared';

export interface HeldLocks {
  readonly paths: readonly string[];
  release(): Promise<void>;
}

const CONFLICT_EXIT = 75;

export async function lockLogs(
  paths: readonly string[],
  options: { mode: LockMode; timeoutMs: number; signal?: AbortSignal },
): Promise<HeldLocks> {
  const held: ChildProcess[] = [];
  const releaseAll = () => Promise.all(held.map(releaseOne)).then(() => undefined);
  try {
    // One fixed order, so two consoles locking overlapping sets cannot deadlock.
    for (const path of [...paths].sort()) {
      options.signal?.throwIfAborted();
      held.push(await lockOne(path, options));
    }
  } catch (error) {
    await releaseAll();
    throw error;
  }
  return { paths: [...paths], release: releaseAll };
}

function lockOne(path: string, options: { mode: LockMode; timeoutMs: number; signal?: AbortSignal }): Promise<ChildProcess> {
  const seconds = Math.max(0, options.timeoutMs / 1000).toFixed(3);
  const child = spawn(
    'flock',
    [options.mode === 'exclusive' ? '--exclusive' : '--shared', '--wait', seconds, '--conflict-exit-code', String(CONFLICT_EXIT), path, 'sh', '-c', 'echo locked; exec cat'],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let stderr = '';
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => {
      child.kill('SIGKILL');
      settle(() => reject(new ConsoleError('CANCELLED', `cancelled while waiting for the lock on ${path}`, { exitCode: EXIT.cancelled })));
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      if (text.includes('locked')) settle(() => resolve(child));
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => (stderr += text));
    child.on('error', (error) =>
      settle(() => reject(new ConsoleError('LOCK_UNAVAILABLE', `cannot run util-linux flock to lock ${path}: ${error.message}`, { hint: 'install util-linux (it provides flock)', exitCode: EXIT.failure }))),
    );
    child.on('exit', (code) =>
      settle(() =>
        reject(
          code === CONFLICT_EXIT
            ? new ConsoleError('LOG_BUSY', `${path} stayed locked by a writer for ${seconds}s`, { hint: 'stop the Zaxy writers (server, hooks) or retry when they are idle', exitCode: EXIT.failure })
            : new ConsoleError('LOCK_FAILED', `could not lock ${path}: ${stderr.trim() || `flock exited with ${code}`}`, { exitCode: EXIT.failure }),
        ),
      ),
    );
  });
}

function releaseOne(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.stdin?.end();
  });
}
