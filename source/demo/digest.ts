// The default CanonicalDigest: the demo's values go through the engine's own JSON reader and
// Python canonicaliser, so what the demo hashes is exactly what the verifier will re-hash.
import { createHash } from 'node:crypto';
import { parseJson } from '../eventloom/json.js';
import { pyCanon } from '../eventloom/py-canon.js';
import type { CanonicalDigest } from './envelope.js';

export const pyDigest: CanonicalDigest = (value) =>
  createHash('sha256').update(pyCanon(parseJson(JSON.stringify(value))), 'utf8').digest('hex');
