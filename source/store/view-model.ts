// What the panes are given: pre-formatted, sanitised strings plus semantic levels. Panes do no
// date maths, units or I/O; `format.ts` builds these from source snapshots, and tests build
// them by hand. Marks (✓ ✗ ? ▲) are named here and drawn by the theme, so the same view model
// renders in Unicode and in `--ascii` and never carries meaning by colour alone.

/** Semantic tone; the theme maps it to a colour (or to nothing under NO_COLOR). */
export type Tone = 'normal' | 'ok' | 'warn' | 'error' | 'info' | 'muted' | 'accent' | 'new';

/** A symbol that repeats what the tone says, for terminals and readers without colour. */
export type Mark = 'ok' | 'bad' | 'unknown' | 'warn' | 'up' | 'new' | 'paused' | 'running';

export interface Cell {
  readonly text: string;
  readonly tone?: Tone;
  readonly mark?: Mark;
  /** A tiny sparkline drawn instead of (or before) the text. */
  readonly spark?: readonly number[];
}

/** One labelled line of a detail view or a summary. */
export interface Field {
  readonly label: string;
  readonly value: string;
  readonly tone?: Tone;
  readonly mark?: Mark;
}

export interface DetailView {
  readonly title: string;
  readonly fields: readonly Field[];
  /** Free text below the fields (a broken line, a manifest), already sanitised, one entry per line. */
  readonly body?: readonly string[];
}

/** Arguments a row offers to action flows (e.g. the backup a restore would use). */
export type ActionTarget =
  | { readonly kind: 'backup'; readonly name: string; readonly archive: string; readonly manifest: string | null }
  | { readonly kind: 'session'; readonly sessionId: string; readonly path: string };

export interface RowView {
  /** Stable identity across refreshes (selection follows it). */
  readonly key: string;
  /** Cells by column key. */
  readonly cells: Readonly<Record<string, Cell>>;
  /** Lower-cased text the `/` filter matches against. */
  readonly search: string;
  /** Drawn emphasised (newly appearing degradations, status mismatches). */
  readonly highlight?: boolean;
  readonly detail: DetailView;
  readonly target?: ActionTarget;
}

/** The line every pane shows about its source: fresh, stale, down, paused or disabled. */
export interface SourceStatusView {
  readonly text: string;
  readonly tone: Tone;
  readonly mark: Mark;
  /** Whether the text contains a relative time that goes out of date every second. */
  readonly aging: boolean;
}

/** A pane that is a list of rows: Neo4j, metrics (one row per series), degradations, backups, sessions. */
export interface ListPaneView {
  readonly status: SourceStatusView;
  /** One-line summary fields above the table (reachability, latency, version …). */
  readonly summary: readonly Field[];
  readonly rows: readonly RowView[];
  /** Shown instead of the table when there are no rows. */
  readonly empty: string;
}

export interface ActionOutputView {
  readonly status: SourceStatusView;
  /** e.g. "restore · step 2/5 verify.before". */
  readonly title: string;
  /** Bounded, sanitised output lines, oldest first. */
  readonly lines: readonly string[];
  readonly empty: string;
  /** A typed confirmation the running flow waits for (the flow decides what must be typed). */
  readonly confirm: { readonly prompt: string; readonly expected: string } | null;
  readonly running: boolean;
}

export type OverallHealth = 'ok' | 'degraded' | 'down';

export interface HeaderView {
  readonly root: string;
  readonly env: string;
  readonly backend: string;
  readonly health: OverallHealth;
  /** "OK", "DEGRADED: chain broken in s1", "DOWN: Neo4j unreachable". */
  readonly healthText: string;
  readonly clock: string;
  readonly interval: string;
  readonly paused: boolean;
  readonly readOnly: boolean;
}

export type PaneId = 'neo4j' | 'metrics' | 'degradations' | 'backups' | 'sessions' | 'action';

export interface ConsoleView {
  readonly header: HeaderView;
  readonly neo4j: ListPaneView;
  readonly metrics: ListPaneView;
  readonly degradations: ListPaneView;
  readonly backups: ListPaneView;
  readonly sessions: ListPaneView;
  readonly action: ActionOutputView;
}
