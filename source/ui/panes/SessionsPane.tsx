import { memo } from 'react';
import type { Column } from '../components/table-layout.js';
import { ListPane, type ListPaneProps } from './ListPane.js';

// The chain column is the one that matters: OK, BROKEN at seq N, or "new chain" after a rotation.
// It is sized by its content and essential, so a break widens it before any optional column
// keeps its place; latest type and actor appear when the pane is wide enough.
export const SESSION_COLUMNS: readonly Column[] = [
  { key: 'session', header: 'Session', minWidth: 16, priority: 0 },
  { key: 'events', header: 'Events', width: 8, align: 'right', priority: 0 },
  { key: 'chain', header: 'Chain', minWidth: 8, priority: 0 },
  { key: 'age', header: 'Age', width: 6, align: 'right', priority: 1 },
  { key: 'lag', header: 'Lag', width: 6, align: 'right', priority: 1 },
  { key: 'seq', header: 'Seq', width: 7, align: 'right', priority: 2 },
  { key: 'type', header: 'Latest type', minWidth: 12, priority: 3 },
  { key: 'actor', header: 'Actor', minWidth: 8, priority: 4 },
];

export const SessionsPane = memo(function SessionsPane(props: ListPaneProps) {
  return <ListPane {...props} title="Sessions" columns={SESSION_COLUMNS} />;
});
