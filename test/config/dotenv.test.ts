import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDotenv, parseEnvProfile } from '../../source/config/dotenv.js';
import { zaxyInstall } from '../support/zaxy.js';

// Deliberately awkward lines: every rule python-dotenv has, checked against python-dotenv itself.
const TRICKY = [
  '# comment',
  'export EXPORTED=yes',
  'PLAIN = spaced value   # trailing comment',
  'HASH=#kept',
  'EMPTY_COMMENT= # nothing',
  "SINGLE='no $ {expansion} \\n here'",
  'DOUBLE="line1\\nline2 \\"q\\" \\\\ end"',
  'MULTI="first',
  'second"',
  'NOVALUE',
  'EMPTY=',
  "'QUOTED_KEY'=qk",
  'REF=${PLAIN}/x',
  'DEFAULTED=${UNSET_VAR:-fallback}',
  'FROM_ENV=${HOME_LIKE}',
  'DUP=1',
  'DUP=2',
  'bad line without equals but spaces',
  'CRLF=value\r',
  'LAST=end',
].join('\n');

test('parseDotenv matches python-dotenv dotenv_values on awkward input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zc-dotenv-'));
  const file = join(dir, '.env');
  writeFileSync(file, TRICKY);
  const script = 'import json,sys; from dotenv import dotenv_values; print(json.dumps({k: v for k, v in dotenv_values(sys.argv[1]).items() if v is not None}))';
  const expected = JSON.parse(
    execFileSync(zaxyInstall().python, ['-c', script, file], { env: { PATH: process.env.PATH, HOME_LIKE: '/home/op' }, encoding: 'utf8' }),
  );
  assert.deepEqual(Object.fromEntries(parseDotenv(TRICKY, { HOME_LIKE: '/home/op' })), expected);
});

test('parseEnvProfile follows Zaxy _read_env_profile, not dotenv', () => {
  const parsed = parseEnvProfile('  # c\nexport A=1\nB = "two" \nC=\'\'three\'\'\nnoequals\nD=x=y\n');
  assert.deepEqual(Object.fromEntries(parsed), { 'export A': '1', B: 'two', C: 'three', D: 'x=y' });
});
