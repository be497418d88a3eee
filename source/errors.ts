// Errors the user can act on. Every path that reaches the terminal goes through ConsoleError so
// the CLI can print one line (message + hint) and map it to a documented exit code.

export type ExitCode = 0 | 1 | 2 | 130;

export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  cancelled: 130,
} as const satisfies Record<string, ExitCode>;

export class ConsoleError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly exitCode: ExitCode;

  constructor(code: string, message: string, options: { hint?: string; exitCode?: ExitCode; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'ConsoleError';
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? EXIT.usage;
  }

  /** One line for the terminal: what went wrong, then what to do. */
  toLine(): string {
    return this.hint ? `${this.message} — ${this.hint}` : this.message;
  }
}

/** Turns a Node system error on `path` into a ConsoleError that names the path and the fix. */
export function fileError(path: string, error: unknown, what = 'path'): ConsoleError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return new ConsoleError('PATH_NOT_FOUND', `${what} not found: ${path}`, { hint: 'check the path and try again' });
    case 'EACCES':
    case 'EPERM':
      return new ConsoleError('PATH_PERMISSION', `permission denied: ${path}`, {
        hint: 'run as a user that can read it, or fix its permissions',
      });
    case 'EISDIR':
      return new ConsoleError('PATH_IS_DIRECTORY', `expected a file but found a directory: ${path}`);
    case 'ENOTDIR':
      return new ConsoleError('PATH_NOT_DIRECTORY', `not a directory: ${path}`);
    default:
      return new ConsoleError('PATH_UNREADABLE', `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
  }
}
