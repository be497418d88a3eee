// `:run <name>`: the deployment's other operational commands as actions with streamed output —
// release-check.sh (the go-live gate), `zaxy doctor --json` (shown as a table of checks with
// fixes), `zaxy status` — plus user-defined actions from the config, in the spirit of k9s plugins.
import { basename, join } from 'node:path';
import { discoverWorkspace } from '../../eventloom/index.js';
import { ConsoleError, EXIT } from '../../errors.js';
import { exists } from '../paths.js';
import type { Action, StepContext } from '../types.js';
import { BUILTIN_SCRIPTS } from './script-names.js';

export interface UserAction {
  readonly name: string;
  readonly title?: string;
  readonly command: string;
  /** May contain `$ROOT` and `$SESSION`. */
  readonly args: readonly string[];
  readonly mutates: boolean;
  readonly confirm: boolean;
}

export interface RunScriptArgs {
  readonly name: string;
  readonly root: string;
  readonly session?: string;
  /** The zaxy CLI (env ZAXY_BIN, else `zaxy` on PATH). */
  readonly zaxy?: string;
  readonly userActions?: readonly UserAction[];
}

export { BUILTIN_SCRIPTS };

/** Pure: `$ROOT`/`$SESSION` substituted in each argument; a missing session is an error. */
export function expandPlaceholders(args: readonly string[], values: { root: string; session?: string }): string[] {
  return args.map((arg) => {
    if (arg.includes('$SESSION') && !values.session) {
      throw new ConsoleError('NEEDS_SESSION', `this action needs a session ($SESSION in ${JSON.stringify(arg)})`, { hint: 'select a session first (or pass --session)', exitCode: EXIT.usage });
    }
    return arg.replaceAll('$ROOT', values.root).replaceAll('$SESSION', values.session ?? '');
  });
}

interface DoctorCheck {
  readonly name?: string;
  readonly status?: string;
  readonly message?: string;
  readonly action?: string;
}

/** Pure: `zaxy doctor --json` output → one row per check (status, name, message, fix). */
export function doctorRows(json: string): { overall: string; rows: string[] } {
  let parsed: { status?: string; checks?: DoctorCheck[] };
  try {
    parsed = JSON.parse(json) as typeof parsed;
  } catch {
    throw new ConsoleError('DOCTOR_OUTPUT', 'zaxy doctor --json did not print JSON', { hint: 'run it by hand to see why', exitCode: EXIT.failure });
  }
  const checks = Array.isArray(parsed.checks) ? parsed.checks : [];
  const width = Math.max(4, ...checks.map((c) => (c.name ?? '').length));
  const rows = checks.map((c) => `${(c.status ?? '?').toUpperCase().padEnd(7)} ${(c.name ?? '?').padEnd(width)}  ${c.message ?? ''}${c.action ? `  → ${c.action}` : ''}`);
  return { overall: parsed.status ?? 'unknown', rows };
}

export async function runScriptAction(args: RunScriptArgs): Promise<Action> {
  const zaxy = args.zaxy ?? 'zaxy';
  const user = args.userActions?.find((a) => a.name === args.name);
  const failOn = (ctx: StepContext, what: string, r: { exitCode: number | null; signal: string | null; stderrTail: readonly string[] }) => {
    if (ctx.signal.aborted) throw new ConsoleError('CANCELLED', `${what} cancelled`, { exitCode: EXIT.cancelled });
    if (r.exitCode !== 0) throw new ConsoleError('COMMAND_FAILED', `${what} exited with ${r.exitCode ?? r.signal}${r.stderrTail.length ? `: ${r.stderrTail.at(-1)}` : ''}`, { exitCode: EXIT.failure });
  };

  if (user) {
    const argv = [user.command, ...expandPlaceholders(user.args, { root: args.root, session: args.session })];
    return {
      id: `run.${user.name}`,
      title: user.title ?? `Run ${user.name}`,
      mutates: user.mutates,
      steps: [
        ...(user.confirm
          ? [{ id: 'run.confirm', title: 'Confirm', run: async (ctx: StepContext) => {
              if (!(await ctx.confirm({ prompt: `Run ${argv.join(' ')}?`, expected: user.name }))) throw new ConsoleError('CANCELLED', 'not confirmed', { exitCode: EXIT.cancelled });
            } }]
          : []),
        { id: 'run.command', title: argv.join(' '), run: async (ctx: StepContext) => failOn(ctx, user.name, await ctx.exec(argv, { cwd: args.root })) },
      ],
    };
  }
  switch (args.name) {
    case 'release-check': {
      const script = join(args.root, 'scripts', 'release-check.sh');
      if (!(await exists(script))) throw new ConsoleError('NO_SCRIPT', `${script} not found`, { hint: 'the go-live gate ships in the Zaxy sdist scripts/', exitCode: EXIT.failure });
      return {
        id: 'run.release-check',
        title: 'Release check (go-live gate)',
        mutates: false,
        steps: [{ id: 'run.release-check', title: `bash ${script} --root ${args.root}`, run: async (ctx) => failOn(ctx, 'release-check.sh', await ctx.exec(['bash', script, '--root', args.root], { cwd: args.root })) }],
      };
    }
    case 'doctor':
      return {
        id: 'run.doctor',
        title: 'zaxy doctor',
        mutates: false,
        steps: [{
          id: 'run.doctor',
          title: `${zaxy} doctor --json`,
          run: async (ctx) => {
            const r = await ctx.exec([zaxy, 'doctor', '--json'], { cwd: args.root, quiet: true, capture: true });
            failOn(ctx, 'zaxy doctor', r);
            const { overall, rows } = doctorRows(r.stdout ?? '');
            for (const row of rows) ctx.info(row);
            if (overall === 'error') throw new ConsoleError('DOCTOR_ERROR', 'zaxy doctor reports errors', { hint: 'fix the rows marked ERROR', exitCode: EXIT.failure });
            return `doctor status: ${overall}`;
          },
        }],
      };
    case 'status':
      return {
        id: 'run.status',
        title: 'zaxy status',
        mutates: false,
        steps: [{ id: 'run.status', title: `${zaxy} status`, run: async (ctx) => failOn(ctx, 'zaxy status', await ctx.exec([zaxy, 'status'], { cwd: args.root })) }],
      };
    case 'reproject': {
      // After a restore or a verification: rebuild the graph projection from the logs, one
      // session at a time, with Zaxy's own replay (it projects with the deployment's backend).
      const eventloom = join(args.root, '.eventloom');
      const logs = args.session ? [join(eventloom, `${args.session}.jsonl`)] : (await discoverWorkspace(eventloom)).logs;
      return {
        id: 'run.reproject',
        title: args.session ? `Reproject ${args.session}` : 'Reproject every session',
        mutates: true,
        steps: logs.map((log) => {
          const sid = basename(log, '.jsonl');
          const argv = [zaxy, 'reproject', join('.eventloom', `${sid}.jsonl`), '--session-id', sid];
          return { id: `run.reproject.${sid}`, title: argv.join(' '), run: async (ctx: StepContext) => failOn(ctx, `zaxy reproject ${sid}`, await ctx.exec(argv, { cwd: args.root })) };
        }),
        summary: () => `Reprojected ${logs.length} session(s)`,
      };
    }
    default:
      throw new ConsoleError('UNKNOWN_SCRIPT', `no runnable action named ${args.name}`, {
        hint: `known: ${[...BUILTIN_SCRIPTS, ...(args.userActions ?? []).map((a) => a.name)].join(', ')}`,
        exitCode: EXIT.usage,
      });
  }
}
