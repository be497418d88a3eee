import { test } from 'node:test';
import assert from 'node:assert/strict';
import { manifestPathFor } from '../../source/eventloom/index.js';

test('a manifest sits beside its archive as NAME.sha256, for rotated logs and backups alike', () => {
  assert.equal(manifestPathFor('/d/archive/agent-1-20261128T120000Z.jsonl'), '/d/archive/agent-1-20261128T120000Z.sha256');
  assert.equal(manifestPathFor('/d/backups/zaxy-backup-20261128T120000Z.tar.gz'), '/d/backups/zaxy-backup-20261128T120000Z.sha256');
  assert.equal(manifestPathFor('/d/x.tar.gz.bak'), '/d/x.tar.gz.bak.sha256');
});
