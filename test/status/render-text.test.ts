import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderStatusText, formatAge, formatBytes } from '../../source/status/render-text.js';
import type { StatusReport } from '../../source/status/types.js';

test('text rendering neutralises control sequences from logs and shows masked secrets once', () => {
  const report: StatusReport = {
    schema: 'zaxy-console.status.v1',
    generated_at: '2026-11-28T00:00:00.000Z',
    verdict: 'degraded',
    exit_code: 1,
    reasons: [{ source: 'workspace', code: 'chain_broken', severity: 'degraded', message: 'session \x1b[2Jevil: broken' }],
    sources: {
      neo4j: { state: 'not_configured', reason: 'embedded' },
      metrics: { state: 'down', duration_ms: 3, error: 'refused', error_code: 'METRICS_UNREACHABLE' },
      prometheus: { state: 'not_configured', reason: 'none' },
      pathlight: { state: 'not_configured', reason: 'off' },
      backups: { state: 'not_configured', reason: 'x' },
      workspace: {
        state: 'ok',
        duration_ms: 4,
        data: {
          eventloom_path: '/e', session_count: 1, total_events: 2, skipped_logs: [], collected_at: 'c',
          sessions: [{
            session_id: 's', path: '/e/s.jsonl', size_bytes: 1, event_count: 2, latest_seq: 2, latest_hash: 'abcdef0123456789', latest_type: 'x\x1b]0;pwned\x07.y', latest_actor: 'a',
            latest_timestamp: 't', integrity: 'broken', integrity_ok: false, integrity_reason: 'Event 2 hash mismatch', reason_code: 'hash_mismatch', broken_at_seq: 2, broken_line: 2,
            dialect: 'zaxy', chain_restarted: null, chain_restarted_at: null, verify_mode: 'full', bytes_verified: 1,
          }],
        },
      },
    },
    config: { NEO4J_PASSWORD: { value: 'set (file)', source: 'file' }, NEO4J_USER: { value: 'neo4j', source: 'default' } },
    config_findings: [],
  };
  const text = renderStatusText(report);
  assert.doesNotMatch(text, /\x1b/);
  assert.match(text, /^Zaxy status: DEGRADED \(1 problem\)/);
  assert.match(text, /metrics +DOWN +refused/);
  assert.match(text, /s: events=2 latest=2 hash=abcdef012345 type=x\.y integrity=FAILED/);
  assert.match(text, /NEO4J_PASSWORD {2}set \(file\)\n/);
  assert.match(text, /NEO4J_USER +neo4j {2}\(default\)/);
});

test('sizes and ages read naturally', () => {
  assert.deepEqual([formatBytes(512), formatBytes(2048), formatBytes(5 * 1024 ** 3)], ['512 B', '2.0 KiB', '5.0 GiB']);
  assert.deepEqual([formatAge(30), formatAge(600), formatAge(3 * 3600), formatAge(5 * 86400)], ['30 s', '10 min', '3.0 h', '5.0 d']);
});
