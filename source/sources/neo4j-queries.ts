// The Cypher the console sends, chosen per server version (neo4j-health.md §2). Everything here
// is read-only: the collector runs it with READ routing and a read transaction.

export const COMPONENTS = 'CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition';

export const PING = 'RETURN 1 AS n';

// YIELD * because field names moved between versions (4.4's `error` became `statusMessage`).
export const DATABASES = 'SHOW DATABASES YIELD *';

export const SERVERS = 'SHOW SERVERS YIELD name, address, state, health, hosting';

export const INDEXES = 'SHOW INDEXES YIELD *';

export const TRANSACTIONS =
  'SHOW TRANSACTIONS YIELD database, transactionId, username, clientAddress, status, elapsedTime, currentQuery, metaData';

/** zaxy/schema.py fetch_schema_migration_records, with applied_at as text for JSON output. */
export const MIGRATIONS = `MATCH (m:ZaxySchemaMigration)
RETURN m.name AS name,
       m.checksum AS checksum,
       m.statement_count AS statement_count,
       toString(m.applied_at) AS applied_at`;

/**
 * zaxy/graph.py inspect_event_projection_status, verbatim apart from the subquery opener: Zaxy
 * writes `CALL () {`, which servers before 5.23 reject; the older `CALL {` form reads the same
 * data there (it imports nothing, and $session_id is a parameter).
 */
export function projectionStatusQuery(scopedSubqueries: boolean): string {
  const call = scopedSubqueries ? 'CALL () {' : 'CALL {';
  return `MATCH (e:Event {session_id: $session_id})
WITH count(e) AS event_count, max(e.seq) AS latest_seq
OPTIONAL MATCH (latest:Event {session_id: $session_id, seq: latest_seq})
WITH event_count, latest_seq, latest.hash AS latest_hash
${call}
    MATCH (:Event {session_id: $session_id})-[n:NEXT_EVENT]->(:Event {session_id: $session_id})
    RETURN count(n) AS next_event_edges
}
${call}
    MATCH (:Event {session_id: $session_id})-[p:PREVIOUS_EVENT]->(:Event {session_id: $session_id})
    RETURN count(p) AS previous_event_edges
}
${call}
    MATCH (e:Event {session_id: $session_id})
    WHERE e.seq > 1
    OPTIONAL MATCH (prev:Event {session_id: $session_id, hash: e.prev_hash})
    OPTIONAL MATCH (prev)-[n:NEXT_EVENT]->(e)
    OPTIONAL MATCH (e)-[p:PREVIOUS_EVENT]->(prev)
    WITH e, prev, n, p
    WHERE prev IS NULL OR n IS NULL OR p IS NULL
    RETURN count(e) AS missing_chain_links
}
RETURN event_count,
       latest_seq,
       latest_hash,
       next_event_edges,
       previous_event_edges,
       missing_chain_links`;
}

/** Tags every console query so it can be told apart in SHOW TRANSACTIONS and the query log. */
export const APP_NAME = 'zaxy-console';
