import { memo } from 'react';
import type { Column } from '../components/table-layout.js';
import { ListPane, type ListPaneProps } from './ListPane.js';

// One row per series: the sparkline takes whatever width is left, one point per cell.
export const METRICS_COLUMNS: readonly Column[] = [
  { key: 'label', header: 'Series', minWidth: 14, priority: 0 },
  { key: 'current', header: 'Now', width: 9, align: 'right', priority: 0 },
  { key: 'trend', header: 'Trend', minWidth: 8, priority: 1, fill: true },
  { key: 'range', header: 'Min–max', width: 17, priority: 2 },
  { key: 'target', header: 'Target', width: 12, priority: 0 },
];

export const MetricsPane = memo(function MetricsPane(props: ListPaneProps) {
  return <ListPane {...props} title="Metrics" columns={METRICS_COLUMNS} />;
});
