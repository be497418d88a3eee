// What the headless commands share: the event printer (the same step output the TUI shows, on
// stdout), the typed confirmation on a terminal, --readonly, and outcome → exit code.
import { createInterface } from 'node:readline/promises';
import { ConsoleError, EXIT, type ExitCode } from '../errors.js';
import type { CommandContext } from '../commands/command.js';
import { runAction, type RunOutcome } from './runner.js';
import type { Action, ActionEvent, ConfirmRequest } from './types.js';

export { readonlyFlag, yesFlag } from '../commands/common-flags.js';

export function isReadonly(ctx: CommandContext): boolean {
  return ctx.flags.readonly === true || ctx.env.ZAXY_CONSOLE_READONLY === '1';
}

export function printEvents(out: NodeJS.WritableStream): (event: ActionEvent) => void {
  return (event) => {
    const line = formatEvent(event);
    if (line !== null) out.write(`${line}\n`);
  };
}

export function formatEvent(event: ActionEvent): string | null {
  switch (event.type) {
    case 'action-start':
      return `== ${event.title}${event.logFile ? ` (log: ${event.logFile})` : ''}`;
    case 'step-start':
      return `-> ${event.stepId}  ${event.title}${event.uninterruptible ? ' (cannot be interrupted)' : ''}`;
    case 'line':
      return `   ${event.stream === 'stderr' ? '!' : '|'} ${event.text}`;
    case 'progress':
      return null;
    case 'confirm':
      return `   ? ${event.request.prompt}`;
    case 'cancel-requested':
      return event.deferred ? '   cancel requested: finishing the current step first' : '   cancel requested';
    case 'step-end': {
      const mark = event.status === 'ok' ? 'ok' : event.status.toUpperCase();
      return `   ${mark} ${event.stepId} (${(event.elapsedMs / 1000).toFixed(1)}s)${event.message ? `: ${event.message}` : ''}`;
    }
    case 'result':
      return `== ${event.status === 'ok' ? 'OK' : event.status.toUpperCase()}: ${event.message} (${(event.elapsedMs / 1000).toFixed(1)}s)`;
  }
}

/**
 * The headless typed confirmation: --yes answers it; a terminal is asked to type the expected
 * text; with neither, the action is refused (a script must say --yes explicitly).
 */
export function headlessConfirm(ctx: CommandContext, input: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin): (request: ConfirmRequest) => Promise<boolean> {
  return async (request) => {
    if (ctx.flags.yes === true) {
      ctx.stdout.write(`   confirmed by --yes\n`);
      return true;
    }
    if (!input.isTTY) {
      throw new ConsoleError('CONFIRMATION_REQUIRED', 'this action needs a typed confirmation and stdin is not a terminal', {
        hint: 'run it in a terminal, or pass --yes to confirm from a script',
        exitCode: EXIT.failure,
      });
    }
    const rl = createInterface({ input, output: ctx.stdout, terminal: true });
    try {
      const answer = await rl.question(`   type ${request.expected} to continue (anything else cancels): `, { signal: ctx.signal });
      return answer.trim() === request.expected;
    } catch {
      return false;
    } finally {
      rl.close();
    }
  };
}

export function exitCodeFor(outcome: RunOutcome): ExitCode {
  switch (outcome.status) {
    case 'ok':
      return EXIT.ok;
    case 'cancelled':
      return EXIT.cancelled;
    case 'failed':
    case 'refused':
      return outcome.failureExitCode === EXIT.usage ? EXIT.usage : EXIT.failure;
  }
}

/** Runs an action for a headless command: events on stdout, confirmation, readonly, audit. */
export async function runHeadless(
  ctx: CommandContext,
  action: Action,
  options: { readonly root: string | null; readonly args: Readonly<Record<string, unknown>> },
): Promise<ExitCode> {
  const outcome = await runAction(action, {
    root: options.root,
    args: options.args,
    listener: printEvents(ctx.stdout),
    signal: ctx.signal,
    readonly: isReadonly(ctx),
    confirm: headlessConfirm(ctx),
  });
  return exitCodeFor(outcome);
}
