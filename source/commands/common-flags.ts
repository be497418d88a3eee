// Flags several headless commands share. They live apart from actions/headless.ts so that a
// command's spec (and so `--help` and the registry) can name them without loading the runner.
import type { FlagSpec } from './command.js';

export const readonlyFlag = {
  readonly: { type: 'boolean', description: 'refuse anything that changes the deployment (also env ZAXY_CONSOLE_READONLY=1)' },
} as const satisfies Record<string, FlagSpec>;

export const yesFlag = {
  yes: { type: 'boolean', description: 'skip the typed confirmation (for scripts)' },
} as const satisfies Record<string, FlagSpec>;
