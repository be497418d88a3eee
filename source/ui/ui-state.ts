// The keyboard model's state and vocabulary: what the UI remembers between keys (focus, overlay,
// filters, selections), what a key may ask the App to do (effects), and what it may look at
// (the context). The transitions are in navigation.ts.
import type { PaneId, RowView } from '../store/view-model.js';
import type { Binding, ConfirmKind } from './keymap.js';
import type { FlowInfo } from './palette.js';
import type { FlowArgs } from '../actions/catalog.js';

export type ListPaneId = Exclude<PaneId, 'action'>;
export const LIST_PANES: readonly ListPaneId[] = ['neo4j', 'metrics', 'degradations', 'backups', 'sessions'];

/** What an action flow is started with (the actions' own type, so the two cannot drift). */
export type ActionArgs = FlowArgs;

export interface ActionRequest {
  readonly flow: string;
  readonly label: string;
  readonly args: ActionArgs;
  readonly danger: boolean;
  readonly confirm: ConfirmKind;
}

export interface Selection {
  readonly key: string | null;
  readonly index: number;
}

export type Overlay =
  | { readonly kind: 'none' }
  | { readonly kind: 'help'; readonly scroll: number }
  | { readonly kind: 'palette'; readonly text: string; readonly suggestions: readonly string[] }
  | { readonly kind: 'detail'; readonly pane: ListPaneId; readonly rowKey: string; readonly scroll: number }
  | { readonly kind: 'confirm'; readonly request: ActionRequest; readonly choice: 'cancel' | 'confirm' };

export interface UiMessage {
  readonly text: string;
  readonly tone: 'warn' | 'info';
}

export interface UiState {
  readonly focused: PaneId;
  readonly zoomed: boolean;
  readonly overlay: Overlay;
  readonly filterEditing: boolean;
  readonly filters: Readonly<Record<PaneId, string>>;
  readonly selection: Readonly<Record<ListPaneId, Selection>>;
  /** Action output lines scrolled back from the end; 0 follows new output. */
  readonly actionScroll: number;
  readonly message: UiMessage | null;
  /** What has been typed into the running flow's confirmation. */
  readonly runConfirmTyped: string;
}

export type Effect =
  | { readonly kind: 'quit' }
  | { readonly kind: 'refresh' }
  | { readonly kind: 'pause'; readonly paused: boolean }
  | { readonly kind: 'interval'; readonly ms: number }
  | { readonly kind: 'action'; readonly flow: string; readonly args: ActionArgs }
  | { readonly kind: 'cancelAction' }
  | { readonly kind: 'confirmRun'; readonly answer: boolean };

export interface KeyContext {
  readonly bindings: readonly Binding[];
  readonly readOnly: boolean;
  readonly paused: boolean;
  readonly intervalMs: number;
  /** Unfiltered rows of every list pane. */
  readonly rows: Readonly<Record<ListPaneId, readonly RowView[]>>;
  readonly actionLineCount: number;
  /** Rows a page key moves by. */
  readonly pageSize: number;
  readonly flows: readonly FlowInfo[];
  readonly actionRunning: boolean;
  /** A typed confirmation the running flow waits for; it takes the keyboard until answered. */
  readonly runConfirm: { readonly expected: string } | null;
}

export interface KeyResult {
  readonly state: UiState;
  readonly effects: readonly Effect[];
}

export const NO_SELECTION: Selection = { key: null, index: 0 };

export function initialUiState(focused: PaneId = 'sessions'): UiState {
  return {
    focused,
    zoomed: false,
    overlay: { kind: 'none' },
    filterEditing: false,
    filters: { neo4j: '', metrics: '', degradations: '', backups: '', sessions: '', action: '' },
    selection: { neo4j: NO_SELECTION, metrics: NO_SELECTION, degradations: NO_SELECTION, backups: NO_SELECTION, sessions: NO_SELECTION },
    actionScroll: 0,
    message: null,
    runConfirmTyped: '',
  };
}

export function isListPane(pane: PaneId): pane is ListPaneId {
  return pane !== 'action';
}
