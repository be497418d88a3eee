// The terminal contract: whatever way the process ends — quit, SIGINT/SIGTERM, an uncaught
// error, a second signal that forces process.exit — the user gets their shell back with the
// cursor visible, raw mode off and the main screen showing. Ink restores all of that on a
// clean unmount; this guard covers every path that skips the unmount.
import { writeSync } from 'node:fs';

/** End a synchronized update, reset attributes, show the cursor, leave the alternate screen. */
export const RESTORE_SEQUENCE = '\x1b[?2026l\x1b[0m\x1b[?25h\x1b[?1049l';
/** Home and erase: the alternate screen does not move the cursor, so the first frame would start mid-screen. */
export const HOME_AND_CLEAR = '\x1b[H\x1b[J';

export interface TerminalStreams {
  readonly stdout: NodeJS.WriteStream;
  readonly stdin: NodeJS.ReadStream;
}

export interface TerminalGuard {
  /** Ink unmounted cleanly and restored the screen itself; exit handlers must not write again. */
  markRestored(): void;
  /** Restores now (idempotent). */
  restore(): void;
  dispose(): void;
}

export interface GuardOptions extends TerminalStreams {
  /** Prints a fatal error after the terminal is restored, then exits; injectable for tests. */
  readonly onFatal?: (error: unknown) => void;
}

export function guardTerminal({ stdout, stdin, onFatal = defaultFatal }: GuardOptions): TerminalGuard {
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    try {
      if (stdin.isTTY && stdin.isRaw) stdin.setRawMode(false);
    } catch {
      // The tty may already be gone (hang-up); nothing left to restore on it.
    }
    writeNow(stdout, RESTORE_SEQUENCE);
  };
  const fatal = (error: unknown) => {
    restore();
    onFatal(error);
  };
  process.on('exit', restore);
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
  return {
    markRestored: () => {
      restored = true;
    },
    restore,
    dispose() {
      process.off('exit', restore);
      process.off('uncaughtException', fatal);
      process.off('unhandledRejection', fatal);
    },
  };
}

/** Exit handlers run synchronously: a stream write could be queued and lost, so use the fd. */
function writeNow(stdout: NodeJS.WriteStream, text: string): void {
  const fd = (stdout as { fd?: unknown }).fd;
  try {
    if (typeof fd === 'number') writeSync(fd, text);
    else stdout.write(text);
  } catch {
    // A closed terminal cannot be restored; exiting quietly is all that is left.
  }
}

function defaultFatal(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`zaxy-console: internal error: ${message} (set ZAXY_CONSOLE_DEBUG=1 for details and please report it)\n`);
  if (process.env.ZAXY_CONSOLE_DEBUG === '1') console.error(error);
  process.exit(1);
}
