import { memo } from 'react';
import type { Column } from '../components/table-layout.js';
import { ListPane, type ListPaneProps } from './ListPane.js';

// Newest first; checksum and contents say ✓/✗/? in text as well as colour. The short columns
// are sized by their content too, so a narrow grid pane spends its width on the name.
export const BACKUP_COLUMNS: readonly Column[] = [
  { key: 'name', header: 'Backup', minWidth: 16, priority: 0 },
  { key: 'age', header: 'Age', minWidth: 3, align: 'right', priority: 0 },
  { key: 'size', header: 'Size', width: 9, align: 'right', priority: 1 },
  { key: 'checksum', header: 'Checksum', minWidth: 8, priority: 0 },
  { key: 'contents', header: 'Contents', minWidth: 8, priority: 0 },
];

export const BackupsPane = memo(function BackupsPane(props: ListPaneProps) {
  return <ListPane {...props} title="Backups" columns={BACKUP_COLUMNS} />;
});
