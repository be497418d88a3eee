import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { execFileSync } from 'node:child_process';
import { loadConfig, describeConfig, type ConsoleConfig } from '../../source/config.js';
import { ConsoleError } from '../../source/errors.js';
import { zaxyInstall } from '../support/zaxy.js';

const PLANTED = 'hunter2-planted-secret';

function deployment(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'zc-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text, { mode: 0o600 });
  return root;
}

interface Case {
  name: string;
  files?: Record<string, string>;
  env?: Record<string, string>;
  flags?: Record<string, string | number>;
  pick: (c: ConsoleConfig) => unknown;
  expected: unknown;
}

const cases: Case[] = [
  { name: 'default metrics url', pick: (c) => [c.metricsUrl.value, c.metricsUrl.source], expected: ['http://127.0.0.1:8080/metrics', 'default'] },
  { name: '.env beats default', files: { '.env': 'NEO4J_USER=fromdotenv\n' }, pick: (c) => [c.neo4j.user.value, c.neo4j.user.source], expected: ['fromdotenv', '.env'] },
  {
    name: '.env.local beats .env (Zaxy passes it as init kwargs)',
    files: { '.env': 'NEO4J_USER=fromdotenv\n', '.env.local': 'NEO4J_USER=fromlocal\n' },
    pick: (c) => [c.neo4j.user.value, c.neo4j.user.source],
    expected: ['fromlocal', '.env.local'],
  },
  {
    name: 'environment beats both files',
    files: { '.env': 'NEO4J_USER=a\n', '.env.local': 'NEO4J_USER=b\n' },
    env: { NEO4J_USER: 'c' },
    pick: (c) => [c.neo4j.user.value, c.neo4j.user.source],
    expected: ['c', 'env'],
  },
  {
    name: 'flag beats environment',
    env: { ZAXY_METRICS_URL: 'http://env:1/metrics' },
    flags: { metricsUrl: 'http://flag:2/metrics' },
    pick: (c) => [c.metricsUrl.value, c.metricsUrl.source],
    expected: ['http://flag:2/metrics', 'flag'],
  },
  { name: 'env-file keys are case-insensitive', files: { '.env': 'neo4j_database=lower\n' }, pick: (c) => c.neo4j.database.value, expected: 'lower' },
  { name: 'backend is normalised', env: { PROJECTION_BACKEND: ' Neo4j ' }, pick: (c) => c.projectionBackend.value, expected: 'neo4j' },
  { name: 'pydantic booleans', env: { PATHLIGHT_ENABLED: 'Yes', NEO4J_TRUST_ALL: 'off' }, pick: (c) => [c.pathlight.enabled.value, c.neo4j.trustAll.value], expected: [true, false] },
  { name: 'eventloom path resolves against the root', files: { '.env': 'EVENTLOOM_PATH=data/el\n' }, pick: (c) => c.eventloomPath.value.endsWith('/data/el') && c.eventloomPath.value.startsWith(c.root.value), expected: true },
  { name: 'backup dir defaults under the root', pick: (c) => c.backupDir.value === join(c.root.value, 'backups'), expected: true },
  { name: 'refresh from env', env: { ZAXY_CONSOLE_REFRESH: '0.5' }, pick: (c) => c.refreshSeconds.value, expected: 0.5 },
  { name: 'max backup age default', pick: (c) => c.backupMaxAgeHours.value, expected: 26 },
  { name: 'prometheus unset by default', pick: (c) => c.prometheusUrl.value, expected: null },
  { name: 'dashboard derives from collector', env: { PATHLIGHT_URL: 'http://pl.example:4100' }, pick: (c) => c.pathlight.dashboardUrl.value, expected: 'http://pl.example:3100' },
  { name: 'password default is masked as default', pick: (c) => c.neo4j.password.describe(), expected: 'default' },
  { name: 'token unset', pick: (c) => c.pathlight.accessToken.describe(), expected: 'unset' },
  { name: 'password from env', env: { NEO4J_PASSWORD: PLANTED }, pick: (c) => c.neo4j.password.describe(), expected: 'set (env)' },
  {
    name: '_FILE is ignored when the variable is in the environment',
    files: { 'pw.txt': 'from-file' },
    env: { NEO4J_PASSWORD: 'from-env', NEO4J_PASSWORD_FILE: 'pw.txt' },
    pick: (c) => c.neo4j.password.reveal(),
    expected: 'from-env',
  },
  {
    name: '_FILE is read (and trimmed) when the variable is unset',
    files: { 'pw.txt': `  ${PLANTED}\n` },
    env: { NEO4J_PASSWORD_FILE: 'pw.txt' },
    pick: (c) => [c.neo4j.password.reveal(), c.neo4j.password.describe()],
    expected: [PLANTED, 'set (file)'],
  },
  {
    name: 'a non-default .env value beats a _FILE path (config.py _load_secret_file)',
    files: { 'pw.txt': 'from-file', '.env': 'NEO4J_PASSWORD=from-dotenv\nNEO4J_PASSWORD_FILE=pw.txt\n' },
    pick: (c) => [c.neo4j.password.reveal(), c.neo4j.password.describe()],
    expected: ['from-dotenv', 'set (.env)'],
  },
  {
    name: 'a .env value equal to the default does not stop the _FILE',
    files: { 'pw.txt': 'from-file', '.env': 'NEO4J_PASSWORD=testpassword\nNEO4J_PASSWORD_FILE=pw.txt\n' },
    pick: (c) => c.neo4j.password.reveal(),
    expected: 'from-file',
  },
  {
    name: 'production rules become findings',
    env: { ZAXY_ENV: 'production', PROJECTION_BACKEND: 'neo4j', NEO4J_TRUST_ALL: 'true' },
    pick: (c) => c.findings.map((f) => f.key).sort(),
    expected: ['NEO4J_CA_CERT', 'NEO4J_PASSWORD', 'NEO4J_TRUST_ALL'],
  },
];

for (const c of cases) {
  test(`config: ${c.name}`, () => {
    const root = deployment(c.files ?? {});
    const config = loadConfig({ flags: { root, ...c.flags }, env: c.env ?? {}, cwd: tmpdir() });
    assert.deepEqual(c.pick(config), c.expected);
  });
}

interface ErrorCase {
  name: string;
  files?: Record<string, string>;
  env?: Record<string, string>;
  flags?: Record<string, string | number>;
  message: RegExp;
}

const errorCases: ErrorCase[] = [
  { name: 'malformed neo4j uri from env', env: { NEO4J_URI: 'localhost:7687' }, message: /^NEO4J_URI is not a valid bolt\/.* URL: "localhost:7687" \(from the environment\)$/ },
  { name: 'http uri for neo4j from .env names the file', files: { '.env': 'NEO4J_URI=http://x:1\n' }, message: /^NEO4J_URI .*\(from .*\/\.env\)$/ },
  { name: 'bad metrics flag names the flag', flags: { metricsUrl: 'not a url' }, message: /^--metrics-url is not a valid http\/https URL: "not a url" \(from --metrics-url\)$/ },
  { name: 'unknown backend', files: { '.env.local': 'PROJECTION_BACKEND=mongo\n' }, message: /^PROJECTION_BACKEND must be one of embedded, neo4j, pggraph, latticedb \(got "mongo"\) \(from .*\.env\.local\)$/ },
  { name: 'bad boolean', env: { PATHLIGHT_ENABLED: 'maybe' }, message: /^PATHLIGHT_ENABLED must be true or false \(got "maybe"\)/ },
  { name: 'bad number', env: { ZAXY_CONSOLE_BACKUP_MAX_AGE_HOURS: '-3' }, message: /^ZAXY_CONSOLE_BACKUP_MAX_AGE_HOURS must be a positive number \(got "-3"\)/ },
  { name: 'zero refresh flag', flags: { refresh: 0 }, message: /^--refresh must be a positive number/ },
  { name: 'unreadable _FILE uses Zaxy\'s wording', env: { PATHLIGHT_ACCESS_TOKEN_FILE: 'missing.txt' }, message: /^PATHLIGHT_ACCESS_TOKEN_FILE could not be read: .*missing\.txt \(set in the environment\)$/ },
];

test('config error: a missing --root is named', () => {
  assert.throws(() => loadConfig({ flags: { root: '/nonexistent/zc-root' }, env: {}, cwd: tmpdir() }), /deployment root not found: \/nonexistent\/zc-root/);
});

for (const c of errorCases) {
  test(`config error: ${c.name}`, () => {
    const root = deployment(c.files ?? {});
    assert.throws(
      () => loadConfig({ flags: { root, ...c.flags }, env: c.env ?? {}, cwd: tmpdir() }),
      (error: unknown) => {
        assert.ok(error instanceof ConsoleError, String(error));
        assert.match(error.message, c.message);
        assert.doesNotMatch(error.toLine(), /\n/);
        return true;
      },
    );
  });
}

test('config: a secret file with group/other bits is a finding; mode 600 is not', () => {
  const root = deployment({ 'loose.txt': PLANTED, 'tight.txt': PLANTED });
  chmodSync(join(root, 'loose.txt'), 0o640);
  const loose = loadConfig({ flags: { root }, env: { NEO4J_PASSWORD_FILE: 'loose.txt' }, cwd: root });
  assert.deepEqual(loose.findings.map((f) => [f.key, f.severity]), [['NEO4J_PASSWORD_FILE', 'warning']]);
  assert.match(loose.findings[0]!.message, /mode 0640/);
  const tight = loadConfig({ flags: { root }, env: { NEO4J_PASSWORD_FILE: 'tight.txt' }, cwd: root });
  assert.deepEqual(tight.findings, []);
});

test('config: every Zaxy _FILE is checked like validate-deployment.sh, and an ignored _FILE is pointed out', () => {
  const root = deployment({ 'admin.txt': 'x', '.env': 'MCP_ADMIN_TOKEN_FILE=admin.txt\nOPENAI_API_KEY_FILE=missing-key.txt\n' });
  chmodSync(join(root, 'admin.txt'), 0o604);
  writeFileSync(join(root, 'pw.txt'), 'from-file', { mode: 0o600 });
  const config = loadConfig({ flags: { root }, env: { NEO4J_PASSWORD: 'from-env', NEO4J_PASSWORD_FILE: 'pw.txt' }, cwd: root });
  assert.deepEqual(config.findings.map((f) => [f.key, f.severity]).sort(), [
    ['MCP_ADMIN_TOKEN_FILE', 'warning'],
    ['NEO4J_PASSWORD_FILE', 'warning'],
    ['OPENAI_API_KEY_FILE', 'error'],
  ]);
  assert.match(config.findings.find((f) => f.key === 'OPENAI_API_KEY_FILE')!.message, /^OPENAI_API_KEY_FILE does not exist: .*missing-key\.txt$/);
  assert.match(config.findings.find((f) => f.key === 'NEO4J_PASSWORD_FILE')!.message, /ignored because NEO4J_PASSWORD is set in the environment/);
});

test('config: secrets never appear in JSON, string or inspect output', () => {
  const root = deployment({ 'pw.txt': PLANTED, '.env': `PATHLIGHT_ACCESS_TOKEN=${PLANTED}-token\n` });
  const config = loadConfig({ flags: { root }, env: { NEO4J_PASSWORD_FILE: 'pw.txt' }, cwd: root });
  const outputs = [JSON.stringify(config), JSON.stringify(describeConfig(config)), inspect(config, { depth: 10 }), String(config.neo4j.password)];
  for (const out of outputs) assert.ok(!out.includes(PLANTED), out);
  assert.deepEqual(describeConfig(config).NEO4J_PASSWORD, { value: 'set (file)', source: 'file' });
  assert.deepEqual(describeConfig(config).PATHLIGHT_ACCESS_TOKEN, { value: 'set (.env)', source: '.env' });
});

test('config: precedence and _FILE agree with the real Zaxy (_status_settings)', () => {
  const root = deployment({
    '.env': 'NEO4J_URI=bolt://dotenv:1\nNEO4J_USER=dotenvuser\nNEO4J_DATABASE=dotenvdb\nneo4j_password_file=pw.txt\nPATHLIGHT_URL="http://quoted:4100" # note\n',
    '.env.local': 'NEO4J_URI=bolt://local:2\nNEO4J_PASSWORD=testpassword\n',
    'pw.txt': ` ${PLANTED} \n`,
  });
  const env = { NEO4J_DATABASE: 'envdb' };
  const script = [
    'import json; from pathlib import Path',
    'from zaxy.cli.serving import _status_settings',
    's = _status_settings(Path("."))',
    'print(json.dumps([s.neo4j_uri, s.neo4j_user, s.neo4j_database, s.neo4j_password, s.pathlight_url]))',
  ].join('\n');
  const zaxy = JSON.parse(execFileSync(zaxyInstall().python, ['-c', script], { cwd: root, env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' }));
  const config = loadConfig({ flags: { root }, env, cwd: root });
  assert.deepEqual(
    [config.neo4j.uri.value, config.neo4j.user.value, config.neo4j.database.value, config.neo4j.password.reveal(), config.pathlight.url.value],
    zaxy,
  );
});
