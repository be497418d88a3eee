import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluateAlert } from '../../source/metrics/degradation-alerts.js';
import { adviceFor, alertRuleFor, DEGRADATION_ALERT_RULES } from '../../source/metrics/degradations.js';

// Every pair zaxy-ops.md §2 lists as seen in Zaxy's code.
const KNOWN_PAIRS: [string, string][] = [
  ...['graph_unavailable', 'graph_retrieval_unavailable', 'projection_warmup_unavailable', 'exact_search_unavailable', 'vector_search_unavailable', 'keyword_search_unavailable', 'traversal_search_unavailable', 'traversal_capability_unavailable', 'reranker_unavailable', 'fleet_lane_unavailable'].map((r): [string, string] => ['query', r]),
  ...['graph_connect_unavailable', 'embedding_provider_unavailable', 'graph_projection_unavailable', 'salience_reinforcement_unavailable', 'encoding_classification_unavailable', 'interference_detection_unavailable'].map((r): [string, string] => ['append', r]),
  ['init', 'plugin_load_unavailable'],
  // Seen in zaxy-memory 3.2.0's installed code, not in the spec's list.
  ...['graph_walk_unavailable', 'embedding_provider_unavailable', 'source_lane_unavailable', 'source_index_warmup_unavailable'].map((r): [string, string] => ['query', r]),
  ['append', 'interference_proposal_unavailable'],
  ['append', 'fok_calibration_unavailable'],
  ['forget', 'tombstone_append_failed'],
  ['plugin_out_of_process', 'acme.plugins:Tagger:ValueError'],
  ['plugin_out_of_process', 'acme.plugins:Tagger:load_failed'],
];

describe('alertRuleFor follows the runbook selectors', () => {
  const cases: [string, string | null, string | null][] = [
    ['graph_unavailable', 'ZaxyGraphFallbacks', 'warning'],
    ['graph_connect_unavailable', 'ZaxyGraphFallbacks', 'warning'],
    ['graph_projection_unavailable', 'ZaxyGraphFallbacks', 'warning'],
    ['graph_retrieval_unavailable', 'ZaxyGraphFallbacks', 'warning'],
    ['graph_walk_unavailable', 'ZaxyGraphFallbacks', 'warning'],
    ['embedding_provider_unavailable', 'ZaxyEmbeddingFallbacks', 'warning'],
    ['reranker_unavailable', 'ZaxyRerankerFallbacks', 'info'],
    // =~ is anchored: a reason merely containing graph_ does not match.
    ['projection_graph_x', null, null],
    ['vector_search_unavailable', null, null],
    ['brand_new_reason', null, null],
  ];
  for (const [reason, name, severity] of cases) {
    test(reason, () => {
      const rule = alertRuleFor(reason);
      assert.equal(rule?.name ?? null, name);
      assert.equal(rule?.severity ?? null, severity);
    });
  }
  test('for: durations are 5m, 5m, 10m', () => assert.deepEqual(DEGRADATION_ALERT_RULES.map((r) => r.forSeconds), [300, 300, 600]));
});

describe('adviceFor', () => {
  for (const [operation, reason] of KNOWN_PAIRS) {
    test(`${operation}/${reason} has its own one-line advice`, () => {
      const { known, advice } = adviceFor(operation, reason);
      assert.equal(known, true);
      assert.ok(!advice.includes('\n') && advice.length < 200, advice);
      assert.ok(!advice.includes('not in the console'), advice);
    });
  }
  test('the advice texts are all different', () => {
    const texts = KNOWN_PAIRS.slice(0, -2).map(([o, r]) => adviceFor(o, r).advice);
    assert.equal(new Set(texts).size, texts.length);
  });
  test('plugin advice names the plugin and the exception', () => {
    assert.match(adviceFor('plugin_out_of_process', 'acme.plugins:Tagger:ValueError').advice, /acme\.plugins:Tagger raised ValueError/);
    assert.match(adviceFor('plugin_out_of_process', 'acme.plugins:Tagger:load_failed').advice, /acme\.plugins:Tagger failed to load/);
  });
  test('an unknown reason gets a generic line naming it', () => {
    const { known, advice } = adviceFor('query', 'quantum_flux_unavailable');
    assert.equal(known, false);
    assert.match(advice, /"query" \(quantum_flux_unavailable\)/);
  });
  test('a known reason under another operation still explains itself', () => {
    assert.equal(adviceFor('replay', 'graph_unavailable').known, true);
  });
});

describe('evaluateAlert: increase(…[10m]) > 0 held for `for:`', () => {
  const graph = alertRuleFor('graph_unavailable')!; // for 5m
  const min = 60_000;
  const now = 100 * min;
  const cases: [string, number[], 'inactive' | 'pending' | 'firing', number | null][] = [
    ['no increases', [], 'inactive', null],
    ['one increase 11 minutes ago: the window has passed', [now - 11 * min], 'inactive', null],
    ['one increase just now: pending', [now], 'pending', now],
    ['one increase 6 minutes ago: firing (held 6m ≥ 5m)', [now - 6 * min], 'firing', now - 6 * min],
    ['a chain with gaps under 10m keeps the condition since its start', [now - 14 * min, now - 5 * min, now - min], 'firing', now - 14 * min],
    ['a gap over 10m restarts the condition', [now - 30 * min, now - 2 * min], 'pending', now - 2 * min],
    ['future increases are ignored', [now + min], 'inactive', null],
  ];
  for (const [name, times, state, since] of cases) {
    test(name, () => {
      const alert = evaluateAlert(graph, times, now);
      assert.equal(alert.state, state);
      assert.equal(alert.since, since);
      assert.equal(alert.condition, state !== 'inactive');
    });
  }
  test('the reranker rule needs 10 minutes', () => {
    const reranker = alertRuleFor('reranker_unavailable')!;
    assert.equal(evaluateAlert(reranker, [now - 6 * min], now).state, 'pending');
  });
});
