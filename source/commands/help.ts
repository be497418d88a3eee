import type { CommandSpec, FlagSpec } from './command.js';

export function renderHelp(program: string, commands: readonly CommandSpec[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = [
    `${program} — terminal console for operating a Zaxy deployment`,
    '',
    'Usage',
    `  $ ${program} [command] [flags]      (no command: open the console on --root or the current directory)`,
    '',
    'Commands',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Global',
    '  --help, -h     show help (also `<command> --help`)',
    '  --version, -v  print the version',
    '',
    'Exit codes: 0 ok · 1 failure, broken chain, degraded or refused · 2 usage error or unreadable path · 130 cancelled',
    `Keys of the interactive console: run \`${program} keys\` or press ? inside it.`,
    '',
  ];
  return lines.join('\n');
}

export function renderCommandHelp(program: string, spec: CommandSpec): string {
  const flags = Object.entries(spec.flags);
  const width = Math.max(0, ...flags.map(([name, flag]) => flagLabel(name, flag).length));
  const lines = [
    `${program} ${spec.name} — ${spec.summary}`,
    '',
    'Usage',
    ...spec.usage.map((u) => `  $ ${program} ${u}`),
  ];
  if (flags.length > 0) {
    lines.push('', 'Flags');
    for (const [name, flag] of flags) {
      const dflt = flag.default !== undefined && flag.default !== false ? ` (default: ${String(flag.default)})` : '';
      lines.push(`  ${flagLabel(name, flag).padEnd(width)}  ${flag.description}${dflt}`);
    }
  }
  if (spec.details) lines.push('', spec.details.trimEnd());
  lines.push('');
  return lines.join('\n');
}

function flagLabel(name: string, flag: FlagSpec): string {
  const kebab = name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const value = flag.type === 'boolean' ? '' : flag.type === 'number' ? ' <n>' : ` <${'choices' in flag && flag.choices ? flag.choices.join('|') : 'value'}>`;
  const short = flag.shortFlag ? `, -${flag.shortFlag}` : '';
  return `--${kebab}${short}${value}`;
}
