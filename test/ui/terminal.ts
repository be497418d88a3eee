// A fake terminal with a real size (ink-testing-library's stdout is 100 columns and has no rows),
// so the App can be driven at 80x24 and 200x50 and resized.
import { EventEmitter } from 'node:events';
import type { ReactElement } from 'react';
import { render } from 'ink';

class FakeStdout extends EventEmitter {
  lastFrame = '';
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  readonly isTTY = false;
  write = (frame: string): boolean => {
    this.lastFrame = frame;
    return true;
  };
  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
}

class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  private data: string | null = null;
  write = (data: string): void => {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  };
  read = (): string | null => {
    const data = this.data;
    this.data = null;
    return data;
  };
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

export interface FakeTerminal {
  readonly stdout: FakeStdout;
  readonly stdin: FakeStdin;
  lastFrame(): string;
  rerender(tree: ReactElement): void;
  unmount(): void;
}

export function renderInTerminal(tree: ReactElement, columns: number, rows: number): FakeTerminal {
  const stdout = new FakeStdout(columns, rows);
  const stdin = new FakeStdin();
  const instance = render(tree, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  return { stdout, stdin, lastFrame: () => stdout.lastFrame, rerender: instance.rerender, unmount: instance.unmount };
}

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until the frame satisfies `check` (React batches commits; never count frames). */
export async function waitFor(terminal: FakeTerminal, check: (frame: string) => boolean, what: string, timeoutMs = 2000): Promise<string> {
  const started = Date.now();
  for (;;) {
    const frame = terminal.lastFrame();
    if (check(frame)) return frame;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}; last frame:\n${frame}`);
    await delay(10);
  }
}
