// Bindings as data (k9s, lazygit, gemini-cli): one entry feeds key dispatch, the help overlay,
// the footer hints, the command palette and the README key table, so none of them can drift.
// `danger` marks every binding that changes the deployment; `--readonly` hides and refuses them.
import type { Key } from 'ink';
import type { ActionTarget, PaneId } from '../store/view-model.js';

export const PANES: readonly PaneId[] = ['neo4j', 'metrics', 'degradations', 'backups', 'sessions', 'action'];

export const PANE_TITLES: Readonly<Record<PaneId, string>> = {
  neo4j: 'Neo4j',
  metrics: 'Metrics',
  degradations: 'Degradations',
  backups: 'Backups',
  sessions: 'Sessions',
  action: 'Action output',
};

/** The number key that focuses a pane (1–6), also shown in its title. */
export function paneNumber(pane: PaneId): number {
  return PANES.indexOf(pane) + 1;
}

/** `global` is always active, `list` whenever a pane has focus, a pane id only on that pane. */
export type Scope = 'global' | 'list' | PaneId;

export type BindingId =
  | 'app.quit'
  | 'app.help'
  | 'app.palette'
  | 'focus.next'
  | 'focus.prev'
  | `focus.${PaneId}`
  | 'poll.pause'
  | 'poll.slower'
  | 'poll.faster'
  | 'poll.refresh'
  | 'view.zoom'
  | 'list.down'
  | 'list.up'
  | 'list.pageDown'
  | 'list.pageUp'
  | 'list.top'
  | 'list.bottom'
  | 'list.detail'
  | 'list.back'
  | 'list.filter'
  | 'action.verify'
  | 'action.validate'
  | 'action.backup'
  | 'action.restore'
  | 'action.rotate'
  | 'action.cancel';

/** What a binding's availability depends on. */
export interface BindingContext {
  readonly readOnly: boolean;
  readonly focused: PaneId;
  readonly target: ActionTarget | null;
  readonly actionRunning: boolean;
}

/** `simple` asks Cancel/Confirm (default Cancel); flows that overwrite data ask a typed confirmation themselves. */
export type ConfirmKind = 'none' | 'simple';

export interface Binding {
  readonly id: BindingId;
  readonly keys: readonly string[];
  readonly scope: Scope;
  /** A word or two for the footer and palette. */
  readonly label: string;
  /** One sentence for the help overlay and README. */
  readonly help: string;
  /** Changes the deployment: confirmed first, refused under `--readonly`. */
  readonly danger: boolean;
  /** Shown in the footer hint line. */
  readonly footer?: boolean;
  /** Palette command name (`:verify`). */
  readonly command?: string;
  /** The action flow id passed to `onAction`. */
  readonly flow?: string;
  readonly confirm?: ConfirmKind;
  /** Why the binding cannot run now, or null when it can. */
  readonly disabledReason?: (context: BindingContext) => string | null;
}

export const READ_ONLY_REASON = 'read-only mode (--readonly): mutating actions are disabled';

const focusBindings: Binding[] = PANES.map((pane, index) => ({
  id: `focus.${pane}` as const,
  keys: [String(index + 1)],
  scope: 'global' as const,
  label: PANE_TITLES[pane],
  help: `Focus the ${PANE_TITLES[pane]} pane`,
  danger: false,
}));

export const defaultBindings: readonly Binding[] = [
  { id: 'app.quit', keys: ['q', 'ctrl+c'], scope: 'global', label: 'quit', help: 'Quit the console', danger: false, footer: true, command: 'quit' },
  { id: 'app.help', keys: ['?'], scope: 'global', label: 'help', help: 'Show every key (Esc closes)', danger: false, footer: true, command: 'help' },
  { id: 'app.palette', keys: [':'], scope: 'global', label: 'command', help: 'Open the command palette (Tab completes)', danger: false, footer: true },
  { id: 'focus.next', keys: ['tab'], scope: 'global', label: 'next pane', help: 'Focus the next pane', danger: false, footer: true },
  { id: 'focus.prev', keys: ['shift+tab'], scope: 'global', label: 'prev pane', help: 'Focus the previous pane', danger: false },
  ...focusBindings,
  { id: 'poll.pause', keys: ['p'], scope: 'global', label: 'pause', help: 'Pause or resume polling every source', danger: false, footer: true, command: 'pause' },
  { id: 'poll.slower', keys: ['+'], scope: 'global', label: 'interval +', help: 'Lengthen the refresh interval (poll less often)', danger: false },
  { id: 'poll.faster', keys: ['-'], scope: 'global', label: 'interval -', help: 'Shorten the refresh interval (poll more often)', danger: false },
  { id: 'poll.refresh', keys: ['r'], scope: 'global', label: 'refresh', help: 'Poll every source now', danger: false, command: 'refresh' },
  { id: 'view.zoom', keys: ['z'], scope: 'global', label: 'zoom', help: 'Show the focused pane full screen (again to restore)', danger: false, footer: true, command: 'zoom' },
  { id: 'list.down', keys: ['down', 'j'], scope: 'list', label: 'down', help: 'Select the next row', danger: false },
  { id: 'list.up', keys: ['up', 'k'], scope: 'list', label: 'up', help: 'Select the previous row', danger: false },
  { id: 'list.pageDown', keys: ['pgdn'], scope: 'list', label: 'page down', help: 'Move one page down', danger: false },
  { id: 'list.pageUp', keys: ['pgup'], scope: 'list', label: 'page up', help: 'Move one page up', danger: false },
  { id: 'list.top', keys: ['home', 'g'], scope: 'list', label: 'top', help: 'Select the first row', danger: false },
  { id: 'list.bottom', keys: ['end', 'G'], scope: 'list', label: 'bottom', help: 'Select the last row (follows new output)', danger: false },
  { id: 'list.detail', keys: ['enter'], scope: 'list', label: 'detail', help: 'Open the detail view of the selected row', danger: false, footer: true },
  { id: 'list.back', keys: ['esc'], scope: 'list', label: 'back', help: 'Close the detail view, filter or zoom', danger: false },
  { id: 'list.filter', keys: ['/'], scope: 'list', label: 'filter', help: 'Filter the focused list (Enter keeps, Esc clears)', danger: false, footer: true },
  {
    id: 'action.verify', keys: ['v'], scope: 'global', label: 'verify', danger: false, footer: true, command: 'verify', flow: 'verify', confirm: 'none',
    help: 'Re-verify hash chains: the selected session or backup, else every session',
  },
  {
    id: 'action.validate', keys: ['V'], scope: 'global', label: 'validate', danger: false, command: 'validate', flow: 'validate', confirm: 'none',
    help: 'Run validate-deployment.sh against the deployment root',
  },
  {
    id: 'action.backup', keys: ['b'], scope: 'global', label: 'backup', danger: true, command: 'backup', flow: 'backup', confirm: 'simple',
    help: 'Create a backup archive and manifest with backup.sh',
  },
  {
    id: 'action.restore', keys: ['R'], scope: 'backups', label: 'restore', danger: true, footer: true, command: 'restore', flow: 'restore', confirm: 'simple',
    help: 'Restore the selected backup (verified first; you type its name before anything changes)',
    disabledReason: (c) => (c.target?.kind === 'backup' ? null : 'select a backup in the Backups pane first'),
  },
  {
    id: 'action.rotate', keys: ['o'], scope: 'sessions', label: 'rotate', danger: true, footer: true, command: 'rotate', flow: 'rotate', confirm: 'simple',
    help: 'Rotate the selected session log into its archive (a new chain starts at seq 1)',
    disabledReason: (c) => (c.target?.kind === 'session' ? null : 'select a session in the Sessions pane first'),
  },
  {
    id: 'action.cancel', keys: ['x'], scope: 'global', label: 'cancel action', danger: false, command: 'cancel',
    help: 'Cancel the running action (an atomic step is let finish first)',
    disabledReason: (c) => (c.actionRunning ? null : 'no action is running'),
  },
];

/** The reason a binding cannot run now, read-only first. */
export function disabledReason(binding: Binding, context: BindingContext): string | null {
  if (binding.danger && context.readOnly) return READ_ONLY_REASON;
  return binding.disabledReason?.(context) ?? null;
}

/** Bindings the user can see: read-only mode hides every dangerous one. */
export function visibleBindings(bindings: readonly Binding[], readOnly: boolean): readonly Binding[] {
  return readOnly ? bindings.filter((b) => !b.danger) : bindings;
}

/** Ink's (input, key) as one name: `j`, `R`, `enter`, `shift+tab`, `ctrl+c`, `pgdn`. */
export function keyName(input: string, key: Key): string {
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pgup';
  if (key.pageDown) return 'pgdn';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.escape) return 'esc';
  if (key.backspace) return 'backspace';
  if (key.delete) return 'delete';
  if (key.ctrl && input) return `ctrl+${input.toLowerCase()}`;
  if (key.meta && input) return `alt+${input}`;
  return input;
}

const NAMED_KEYS = new Set(['tab', 'shift+tab', 'up', 'down', 'left', 'right', 'pgup', 'pgdn', 'home', 'end', 'enter', 'esc', 'backspace', 'delete']);

/** Whether a key name from a config file is one `keyName` can produce. */
export function isValidKeyName(name: string): boolean {
  if (NAMED_KEYS.has(name)) return true;
  if (/^ctrl\+[a-z]$/.test(name) || /^alt\+\S$/.test(name)) return true;
  return Array.from(name).length === 1 && /^[\x21-\x7e]$/.test(name);
}

/** The binding a key triggers on the focused pane: pane scope first, then lists, then global. */
export function resolveBinding(bindings: readonly Binding[], key: string, focused: PaneId): Binding | undefined {
  for (const scope of [focused, 'list', 'global'] as const) {
    const found = bindings.find((b) => b.scope === scope && b.keys.includes(key));
    if (found) return found;
  }
  return undefined;
}

/** Keys bound twice where both bindings can be active at once (same scope, or pane vs list/global). */
export function findConflicts(bindings: readonly Binding[]): string[] {
  const conflicts: string[] = [];
  const activeTogether = (a: Scope, b: Scope) => a === b || a === 'global' || b === 'global' || a === 'list' || b === 'list';
  for (let i = 0; i < bindings.length; i++) {
    for (let j = i + 1; j < bindings.length; j++) {
      const a = bindings[i]!;
      const b = bindings[j]!;
      if (!activeTogether(a.scope, b.scope)) continue;
      for (const key of a.keys) if (b.keys.includes(key)) conflicts.push(`${key}: ${a.id} and ${b.id}`);
    }
  }
  return conflicts;
}

const displayKey = (key: string) =>
  ({ esc: 'Esc', enter: 'Enter', tab: 'Tab', 'shift+tab': 'Shift-Tab', pgup: 'PgUp', pgdn: 'PgDn', home: 'Home', end: 'End', up: '↑', down: '↓', 'ctrl+c': 'Ctrl-C' })[key] ??
  key.replace(/^ctrl\+/, 'Ctrl-').replace(/^alt\+/, 'Alt-');

export function formatKeys(binding: Binding): string {
  return binding.keys.map(displayKey).join(' / ');
}

const SCOPE_TITLES: Readonly<Record<Scope, string>> = { global: 'Everywhere', list: 'In the focused pane', ...PANE_TITLES };

/** The README key table, generated from the same data the console dispatches on. */
export function renderKeyTable(bindings: readonly Binding[] = defaultBindings): string {
  const lines = ['| Keys | Where | Action | Mutating |', '|---|---|---|---|'];
  for (const b of bindings) {
    const keys = b.keys.map((k) => `\`${displayKey(k).replace('|', '\\|')}\``).join(' ');
    lines.push(`| ${keys} | ${SCOPE_TITLES[b.scope]} | ${b.help}${b.command ? ` (\`:${b.command}\`)` : ''} | ${b.danger ? 'yes (hidden by `--readonly`)' : ''} |`);
  }
  return `${lines.join('\n')}\n`;
}

export function scopeTitle(scope: Scope): string {
  return SCOPE_TITLES[scope];
}
