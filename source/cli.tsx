// Flags (plain lines by cli-flags.ts, the rest by meow) -> command -> exit code. Every failure the
// user can cause ends here as one line and a documented exit code; stack traces are only shown
// with ZAXY_CONSOLE_DEBUG=1.
import { ConsoleError, EXIT, type ExitCode } from './errors.js';
import { camel, kebab, parsePlainFlags, type RawFlags } from './cli-flags.js';
import type { CommandSpec, FlagSpec, FlagValues } from './commands/command.js';
import { renderHelp, renderCommandHelp } from './commands/help.js';

// The registry imports every command and so the UI, drivers and clients behind them (~0.5 s and
// ~35 MB of RSS at start-up). `verify` runs under a memory budget (issue 3 §5) and is scripted, so
// it is loaded on its own; everything else, and help, goes through the registry.
const STANDALONE: Readonly<Record<string, () => Promise<CommandSpec>>> = {
  verify: async () => (await import('./commands/verify.js')).verifyCommand,
};

const registry = () => import('./commands/registry.js');

const PROGRAM = 'zaxy-console';

export async function main(argv: readonly string[]): Promise<void> {
  const code = await run(argv);
  process.exitCode = code;
}

export async function run(argv: readonly string[]): Promise<ExitCode> {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(EXIT.cancelled);
    controller.abort(new ConsoleError('CANCELLED', `cancelled by ${signal}`, { exitCode: EXIT.cancelled }));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await dispatch(argv, controller.signal);
  } catch (error) {
    return report(error);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function dispatch(argv: readonly string[], signal: AbortSignal): Promise<ExitCode> {
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') {
    const { commands } = await registry();
    const topic = first === 'help' ? rest[0] : undefined;
    const spec = topic ? commands.find((c) => c.name === topic) : undefined;
    if (topic && !spec) throw unknownCommand(topic, commands);
    process.stdout.write(spec ? renderCommandHelp(PROGRAM, spec) : renderHelp(PROGRAM, commands));
    return EXIT.ok;
  }
  if (first === '--version' || first === '-v') {
    process.stdout.write(`${await version()}\n`);
    return EXIT.ok;
  }
  const explicit = first !== undefined && !first.startsWith('-');
  const standalone = explicit && Object.hasOwn(STANDALONE, first) ? STANDALONE[first] : undefined;
  const spec = standalone ? await standalone() : await fromRegistry(explicit ? first : undefined);
  const args = explicit ? rest : argv;
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(renderCommandHelp(PROGRAM, spec));
    return EXIT.ok;
  }
  const parsed = await parseFlags(spec, args);
  return spec.run({
    input: parsed.input,
    flags: parsed.flags,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    signal,
  });
}

/** A command by name, or the default command when `name` is undefined. */
async function fromRegistry(name: string | undefined): Promise<CommandSpec> {
  const { commands, defaultCommandName } = await registry();
  const wanted = name ?? defaultCommandName;
  const spec = commands.find((c) => c.name === wanted);
  if (!spec) throw unknownCommand(wanted, commands);
  return spec;
}

function unknownCommand(name: string, commands: readonly CommandSpec[]): ConsoleError {
  return new ConsoleError('UNKNOWN_COMMAND', `unknown command: ${name}`, {
    hint: `run \`${PROGRAM} --help\` to list commands (${commands.map((c) => c.name).join(', ')})`,
  });
}

/** Parses one command's flags strictly: unknown flags and malformed numbers are usage errors. */
export async function parseFlags(spec: CommandSpec, args: readonly string[]): Promise<{ input: string[]; flags: FlagValues }> {
  for (const arg of args) {
    if (!arg.startsWith('--') || arg === '--') continue;
    const raw = arg.slice(2).split('=')[0] ?? '';
    const bare = raw.startsWith('no-') ? raw.slice(3) : raw;
    if (!(camel(raw) in spec.flags) && !(camel(bare) in spec.flags)) {
      throw new ConsoleError('UNKNOWN_FLAG', `unknown flag for \`${spec.name}\`: --${raw}`, {
        hint: `run \`${PROGRAM} ${spec.name} --help\` for its flags`,
      });
    }
  }
  const plain = parsePlainFlags(spec, args);
  if (plain) {
    // What meow would have set from package.json's first `bin` name.
    process.title = PROGRAM;
  }
  const cli = plain ?? (await parseWithMeow(spec, args));
  const flags: FlagValues = {};
  for (const [key, flag] of Object.entries(spec.flags)) {
    const value = cli.values[key];
    if (flag.type === 'number' && value === null) {
      throw new ConsoleError('BAD_FLAG', `--${kebab(key)} needs a number`, { hint: `e.g. --${kebab(key)} 2` });
    }
    if (flag.type === 'string' && flag.choices && typeof value === 'string' && !flag.choices.includes(value)) {
      throw new ConsoleError('BAD_FLAG', `--${kebab(key)} must be one of ${flag.choices.join(', ')} (got ${value})`);
    }
    if (value !== undefined) flags[key] = value as string | boolean | number;
  }
  return { input: cli.input, flags };
}

export async function parseWithMeow(spec: Pick<CommandSpec, 'flags'>, args: readonly string[]): Promise<RawFlags> {
  const { default: meow } = await import('meow');
  const flagDefs = Object.fromEntries(
    Object.entries(spec.flags).map(([key, flag]) => [key, toMeowFlag(flag)]),
  );
  const cli = meow({
    importMeta: import.meta,
    argv: [...args],
    flags: flagDefs,
    autoHelp: false,
    autoVersion: false,
    allowUnknownFlags: true,
    booleanDefault: undefined,
  });
  return { input: cli.input, values: cli.flags };
}

function toMeowFlag(flag: FlagSpec): Record<string, unknown> {
  const out: Record<string, unknown> = { type: flag.type };
  if (flag.default !== undefined) out.default = flag.default;
  if (flag.shortFlag) out.shortFlag = flag.shortFlag;
  return out;
}

async function version(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return `${PROGRAM} ${pkg.version}`;
}

function report(error: unknown): ExitCode {
  if (error instanceof ConsoleError) {
    process.stderr.write(`${PROGRAM}: ${error.toLine()}\n`);
    if (process.env.ZAXY_CONSOLE_DEBUG === '1' && error.cause) console.error(error.cause);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${PROGRAM}: internal error: ${message} (set ZAXY_CONSOLE_DEBUG=1 for details and please report it)\n`);
  if (process.env.ZAXY_CONSOLE_DEBUG === '1') console.error(error);
  return EXIT.failure;
}
