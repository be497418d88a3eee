// Flags of the interactive console (and of `demo`, which opens the same console).
import type { FlagSpec } from '../commands/command.js';
import { COLOR_MODES } from '../ui/theme.js';

export const uiFlags = {
  readonly: { type: 'boolean', description: 'hide and refuse every mutating action (backup, restore, rotate)' },
  color: { type: 'string', choices: COLOR_MODES, description: 'colour depth (default: detected from the terminal; NO_COLOR means never)' },
  ascii: { type: 'boolean', description: 'ASCII marks, sparklines and borders for terminals without Unicode' },
} as const satisfies Record<string, FlagSpec>;
