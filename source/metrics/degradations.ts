// The degraded-mode catalogue: which runbook alert each `(operation, reason)` pair feeds
// (zaxy-ops.md §2, group `zaxy-degraded-mode`) and what an operator should make of it. Reasons are
// an open set; unknown ones get a generic explanation rather than being hidden.

export type AlertSeverity = 'warning' | 'info';

export interface DegradationAlertRule {
  readonly name: string;
  readonly severity: AlertSeverity;
  /** The rule's `for:` duration: the condition must hold this long before the alert fires. */
  readonly forSeconds: number;
  readonly selector: string;
}

/** Every rule is `increase(zaxy_degraded_operations_total{selector}[10m]) > 0`. */
export const ALERT_LOOKBACK_SECONDS = 600;

const GRAPH: DegradationAlertRule = { name: 'ZaxyGraphFallbacks', severity: 'warning', forSeconds: 300, selector: 'reason=~"graph_.*"' };
const EMBEDDING: DegradationAlertRule = {
  name: 'ZaxyEmbeddingFallbacks',
  severity: 'warning',
  forSeconds: 300,
  selector: 'reason="embedding_provider_unavailable"',
};
const RERANKER: DegradationAlertRule = { name: 'ZaxyRerankerFallbacks', severity: 'info', forSeconds: 600, selector: 'reason="reranker_unavailable"' };

export const DEGRADATION_ALERT_RULES: readonly DegradationAlertRule[] = [GRAPH, EMBEDDING, RERANKER];

/** The alert rule whose selector matches `reason`, if any (the selectors never look at `operation`). */
export function alertRuleFor(reason: string): DegradationAlertRule | null {
  // Prometheus anchors `=~` on both ends, so graph_.* means "starts with graph_".
  if (reason.startsWith('graph_')) return GRAPH;
  if (reason === 'embedding_provider_unavailable') return EMBEDDING;
  if (reason === 'reranker_unavailable') return RERANKER;
  return null;
}

export interface DegradationAdvice {
  /** True when the reason is in the catalogue; false for the generic fallback text. */
  readonly known: boolean;
  /** One line: what happened and what to do. */
  readonly advice: string;
}

const QUERY_ADVICE: Readonly<Record<string, string>> = {
  graph_unavailable:
    'Queries fell back because the graph projection could not be reached; check Neo4j/the projection backend, then `zaxy status`.',
  graph_retrieval_unavailable:
    'Graph retrieval failed during a query and was skipped; check the projection backend and `memory status --graph` for lag.',
  projection_warmup_unavailable: 'The projection could not be warmed up before querying; answers may be slower or thinner until it is reachable.',
  exact_search_unavailable: 'Exact-match search failed, so queries ran without it; check the projection backend and its indexes.',
  vector_search_unavailable: 'Vector search failed, so queries ran without semantic matches; check the vector index (entity_vector) and embeddings.',
  keyword_search_unavailable: 'Keyword search failed, so queries ran without it; check the full-text index (entity_fulltext).',
  traversal_search_unavailable: 'Graph traversal search failed, so related entities were not followed; check the projection backend.',
  traversal_capability_unavailable: 'The projection backend cannot do traversal search, so it was skipped; expected on backends without it.',
  reranker_unavailable: 'The reranker was unreachable, so results were ordered by MMR instead; check the reranker endpoint and RERANKER_API_KEY.',
  fleet_lane_unavailable: 'A fleet lane could not be queried and was left out of the answer; check the other agents/lanes it reads.',
  // The next four are in zaxy-memory 3.2.0's code but not in the spec's list.
  graph_walk_unavailable: 'The graph walk (adjacency fetch or ranking) failed, so results were not expanded through the graph; check the projection backend.',
  embedding_provider_unavailable: 'The query could not be embedded because the embedding provider failed, so semantic search was skipped; check EMBEDDING_PROVIDER and its key.',
  source_lane_unavailable: 'Verbatim source recall failed for a query, so source excerpts were left out; check the Eventloom source index.',
  source_index_warmup_unavailable: 'The Eventloom source recall index could not be warmed for the session; source recall may be slow or missing.',
};

const APPEND_ADVICE: Readonly<Record<string, string>> = {
  graph_connect_unavailable:
    'Appends were written to Eventloom but the graph could not be connected; check Neo4j, then reproject the affected sessions.',
  embedding_provider_unavailable:
    'Appends were stored without embeddings because the embedding provider failed; check EMBEDDING_PROVIDER and its API key.',
  graph_projection_unavailable:
    'Appends reached Eventloom but were not projected into the graph; the graph now lags the log — run `zaxy reproject` once it is healthy.',
  salience_reinforcement_unavailable: 'Salience reinforcement was skipped for some appends; memory ranking may drift until it works again.',
  encoding_classification_unavailable: 'Encoding classification was skipped for some appends; their events are stored but not classified.',
  interference_detection_unavailable: 'Interference detection was skipped for some appends; conflicting memories may not be flagged.',
  // In zaxy-memory 3.2.0's code but not in the spec's list.
  interference_proposal_unavailable: 'A detected interference could not be recorded as a proposal; the conflict was found but not queued for review.',
  fok_calibration_unavailable: 'Feeling-of-knowing calibration could not be updated after an append; recall confidence may be off until it works.',
};

// zaxy-memory 3.2.0, fabric_write.py: the memory is erased but its audit tombstone is missing.
const FORGET_ADVICE: Readonly<Record<string, string>> = {
  tombstone_append_failed:
    'A forget erased a memory but its audit tombstone was not appended: an unaudited integrity gap — re-append the tombstone and check the log.',
};

export function adviceFor(operation: string, reason: string): DegradationAdvice {
  const text =
    (operation === 'query' ? QUERY_ADVICE[reason] : undefined) ??
    (operation === 'append' ? APPEND_ADVICE[reason] : undefined) ??
    (operation === 'forget' ? FORGET_ADVICE[reason] : undefined) ??
    (operation === 'init' && reason === 'plugin_load_unavailable'
      ? 'A plugin failed to load at start-up and is disabled; check the plugin configuration and the server log.'
      : undefined) ??
    (operation === 'plugin_out_of_process' ? pluginAdvice(reason) : undefined) ??
    QUERY_ADVICE[reason] ??
    APPEND_ADVICE[reason];
  if (text !== undefined) return { known: true, advice: text };
  return {
    known: false,
    advice: `Zaxy took a fallback path in "${operation}" (${reason}); not in the console's catalogue — check the Zaxy log for this reason.`,
  };
}

function pluginAdvice(reason: string): string {
  const colon = reason.lastIndexOf(':');
  const plugin = colon > 0 ? reason.slice(0, colon) : reason;
  const what = colon > 0 ? reason.slice(colon + 1) : '';
  return what === 'load_failed'
    ? `Out-of-process plugin ${plugin} failed to load and was skipped; check its installation and the Zaxy log.`
    : `Out-of-process plugin ${plugin} raised ${what || 'an error'} and was skipped; check the plugin and the Zaxy log.`;
}
