// Every command the CLI accepts. Add a command by adding its spec here; help is generated.
import type { CommandSpec } from './command.js';
import { keysCommand } from './keys.js';

export const commands: readonly CommandSpec[] = [keysCommand];

/** What runs when no command is given (the interactive console, once it exists). */
export const defaultCommandName = 'keys';
