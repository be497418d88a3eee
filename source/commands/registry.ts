// Every command the CLI accepts. Add a command by adding its spec here; help is generated.
// Importing this must stay cheap: the console and the demo come through here before their first
// frame. A spec's name, help and flags are static, but its `run` imports the module doing the work
// (actions, execa, the Neo4j driver, prom-client) when it is called.
import type { CommandSpec } from './command.js';
import { keysCommand } from './keys.js';
import { consoleCommand } from './console.js';
import { demoCommand } from './demo.js';
import { backupCommand } from './backup.js';
import { restoreCommand } from './restore.js';
import { rotateCommand } from './rotate.js';
import { validateCommand } from './validate.js';
import { verifyAllCommand } from './verify-all.js';
import { runCommand } from './run.js';
import { verifyCommand } from './verify.js';
import { statusCommand } from './status.js';

export const commands: readonly CommandSpec[] = [consoleCommand, demoCommand, keysCommand, backupCommand, restoreCommand, rotateCommand, validateCommand, verifyAllCommand, runCommand, verifyCommand, statusCommand];

/** What runs when no command is given: the interactive console. */
export const defaultCommandName = 'console';
