// A real terminal for the end-to-end tests: a private tmux server (its own socket, so parallel
// runs and the user's tmux are never touched) running a plain shell, into which the tests type
// the console's command line exactly as a user would. Every wait polls capture-pane; no sleeps.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

// What every e2e test runs: the built binary under the project's own Node (24; the system's may be older).
export const projectRoot = resolve(import.meta.dirname, '..', '..');
export const node = join(projectRoot, 'node_modules', '.bin', 'node');
export const bin = join(projectRoot, 'dist', 'bin.js');

/** The demo's deployment directories in a test's private TMPDIR (the demo makes one per run). */
export const demoDirs = (tmp: string): string[] => readdirSync(tmp).filter((f) => f.startsWith('zaxy-demo-'));

export const PROMPT = 'e2e$ ';

export interface TmuxOptions {
  readonly cols: number;
  readonly rows: number;
  /** Extra environment for the shell (TMPDIR, NO_COLOR …). */
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd: string;
}

export class Tmux {
  private constructor(
    private readonly socket: string,
    readonly target: string,
  ) {}

  static async start(options: TmuxOptions): Promise<Tmux> {
    const socket = `zaxy-e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    const session = new Tmux(socket, 'e2e');
    // Any CI variable makes Ink non-interactive (terminal-ui-notes §2): the shell must not have it.
    const env = Object.entries({ TERM: 'xterm-256color', LANG: 'C.UTF-8', PS1: PROMPT, ...options.env })
      .map(([k, v]) => `${k}=${shellQuote(v)}`)
      .join(' ');
    const shell = `env -u CI -u CONTINUOUS_INTEGRATION -u NO_COLOR ${env} bash --norc --noprofile -i`;
    await session.tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'e2e', '-x', String(options.cols), '-y', String(options.rows), '-c', options.cwd, shell);
    await session.tmux('set-option', '-t', 'e2e', 'status', 'off');
    await session.waitFor('the shell prompt', (screen) => screen.includes(PROMPT.trim()));
    return session;
  }

  async tmux(...args: string[]): Promise<string> {
    const { stdout } = await exec('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
    return stdout;
  }

  /** The visible screen as text (`escapes` keeps colours, for screenshots). */
  capture(escapes = false): Promise<string> {
    return this.tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', this.target);
  }

  /** Types a command line and presses Enter. */
  async run(line: string): Promise<void> {
    await this.tmux('send-keys', '-t', this.target, '-l', line);
    await this.tmux('send-keys', '-t', this.target, 'Enter');
  }

  async keys(...keys: string[]): Promise<void> {
    await this.tmux('send-keys', '-t', this.target, ...keys);
  }

  async literal(text: string): Promise<void> {
    await this.tmux('send-keys', '-t', this.target, '-l', text);
  }

  async alternateOn(): Promise<boolean> {
    return (await this.tmux('display-message', '-p', '-t', this.target, '#{alternate_on}')).trim() === '1';
  }

  async cursorVisible(): Promise<boolean> {
    return (await this.tmux('display-message', '-p', '-t', this.target, '#{cursor_flag}')).trim() === '1';
  }

  async shellPid(): Promise<number> {
    return Number((await this.tmux('display-message', '-p', '-t', this.target, '#{pane_pid}')).trim());
  }

  async resize(cols: number, rows: number): Promise<void> {
    await this.tmux('resize-window', '-t', this.target, '-x', String(cols), '-y', String(rows));
  }

  /** Polls the screen until `test` passes; the error shows the last screen, which is what you debug with. */
  async waitFor(what: string, test: (screen: string) => boolean, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let screen = '';
    while (Date.now() < deadline) {
      screen = await this.capture();
      if (test(screen)) return screen;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; screen was:\n${screen}`);
  }

  async kill(): Promise<void> {
    await this.tmux('kill-server').catch(() => undefined);
  }
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
