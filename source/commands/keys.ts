import { EXIT } from '../errors.js';
import type { CommandSpec } from './command.js';

// Placeholder until the interactive console lands: lists the key map.
export const keysCommand: CommandSpec = {
  name: 'keys',
  summary: 'list the keys of the interactive console',
  usage: ['keys'],
  flags: {},
  run: ({ stdout }) => {
    stdout.write('The interactive console is not built yet.\n');
    return Promise.resolve(EXIT.ok);
  },
};
