import { memo } from 'react';
import type { Column } from '../components/table-layout.js';
import { ListPane, type ListPaneProps } from './ListPane.js';

// One row per (operation, reason); severity comes from the runbook alert rules.
export const DEGRADATION_COLUMNS: readonly Column[] = [
  { key: 'severity', header: 'Sev', width: 9, priority: 0 },
  { key: 'operation', header: 'Op', width: 8, priority: 2 },
  { key: 'reason', header: 'Reason', minWidth: 14, priority: 0 },
  { key: 'total', header: 'Total', width: 8, align: 'right', priority: 0 },
  { key: 'rate', header: 'Rate', width: 8, align: 'right', priority: 1 },
  { key: 'trend', header: 'Trend', width: 10, priority: 3 },
  { key: 'meaning', header: 'Meaning', minWidth: 16, priority: 4 },
];

export const DegradationsPane = memo(function DegradationsPane(props: ListPaneProps) {
  return <ListPane {...props} title="Degradations" columns={DEGRADATION_COLUMNS} />;
});
