// A headless command is data: its name, help text and flags feed both the parser and `--help`,
// so the help can never drift from what is accepted.
import type { ExitCode } from '../errors.js';

export type FlagSpec =
  | { type: 'string'; description: string; default?: string; isMultiple?: false; choices?: readonly string[]; shortFlag?: string }
  | { type: 'boolean'; description: string; default?: boolean; shortFlag?: string }
  | { type: 'number'; description: string; default?: number; shortFlag?: string };

export type FlagValues = Record<string, string | boolean | number | undefined>;

export interface CommandContext {
  /** Positional arguments after the command name. */
  readonly input: readonly string[];
  readonly flags: FlagValues;
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Aborted on SIGINT/SIGTERM; long commands stop and report what they finished. */
  readonly signal: AbortSignal;
}

export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  /** Usage lines without the program name, e.g. `verify <file-or-root>... [--json]`. */
  readonly usage: readonly string[];
  readonly flags: Readonly<Record<string, FlagSpec>>;
  /** Takes positional arguments (paths); without this a bare word on the command line is left to meow. */
  readonly positional?: boolean;
  /** Extra help text (exit codes, examples). */
  readonly details?: string;
  /** Whether the command changes anything on disk; `--readonly` refuses those. */
  readonly mutates?: boolean;
  run(context: CommandContext): Promise<ExitCode>;
}
