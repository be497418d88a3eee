import { memo } from 'react';
import type { Column } from '../components/table-layout.js';
import { ListPane, type ListPaneProps } from './ListPane.js';

// One table for every kind of Neo4j finding, so incidents (a FAILED index, a database whose
// current status differs from the requested one) sort to the top in one list. Name and detail
// are both essential and share the width by how much of their content each is missing.
export const NEO4J_COLUMNS: readonly Column[] = [
  { key: 'kind', header: 'Kind', width: 5, priority: 0 },
  { key: 'name', header: 'Name', minWidth: 20, priority: 0 },
  { key: 'status', header: 'Status', width: 16, priority: 0 },
  { key: 'detail', header: 'Detail', minWidth: 16, priority: 0 },
];

export const Neo4jPane = memo(function Neo4jPane(props: ListPaneProps) {
  return <ListPane {...props} title="Neo4j" columns={NEO4J_COLUMNS} />;
});
