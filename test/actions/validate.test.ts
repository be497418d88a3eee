import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zaxyInstall } from '../support/zaxy.js';
import { runCli } from './support/deployment.js';
import { compareWithScript, parseEnvLikeScript, validateEnv } from '../../source/actions/flows/validate-checks.js';

const temp = () => mkdtemp(join(tmpdir(), 'zc-validate-'));
const PROD = ['ZAXY_ENV=production', 'PROJECTION_BACKEND=neo4j', 'NEO4J_URI=bolt+s://db:7687', 'MCP_ADMIN_TOKEN_FILE=secrets/admin.txt', 'MCP_REMOTE_AUTH_TOKEN_FILE=secrets/remote.txt'];

async function deployment(envLines: readonly string[], secrets: Record<string, number>): Promise<string> {
  const root = await temp();
  await mkdir(join(root, 'secrets'));
  await mkdir(join(root, 'scripts'));
  await cp(join(zaxyInstall().scripts, 'validate-deployment.sh'), join(root, 'scripts', 'validate-deployment.sh'));
  await writeFile(join(root, '.env'), `# deployment\n${envLines.join('\n')}\n`);
  for (const [name, mode] of Object.entries(secrets)) {
    await writeFile(join(root, 'secrets', name), 'secret\n');
    await chmod(join(root, 'secrets', name), mode);
  }
  return root;
}

test('parseEnvLikeScript strips one quote pair and skips comments, as the script reads .env', () => {
  const env = parseEnvLikeScript('# c\nA="x"\nB=\'y\'\nC=a=b\n\nexport D=1\n');
  assert.equal(env.get('A'), 'x');
  assert.equal(env.get('B'), 'y');
  assert.equal(env.get('C'), 'a=b');
  assert.equal(env.get('export D'), '1');
  assert.equal(env.has('# c'), false);
});

test('validateEnv: each failed check is the script line with a fix; OIDC satisfies remote auth; bolt:// needs a CA only for neo4j', () => {
  const none = () => ({ exists: false, mode: null });
  const fails = (lines: string[]) => validateEnv(parseEnvLikeScript(lines.join('\n')), none).filter((f) => f.severity === 'fail').map((f) => f.message);
  assert.deepEqual(fails([]), ['ZAXY_ENV must be production', 'MCP_REMOTE_AUTH_TOKEN/MCP_REMOTE_AUTH_TOKEN_FILE or complete MCP_OIDC_ISSUER/MCP_OIDC_AUDIENCE/MCP_OIDC_JWKS_URL is required', 'MCP_ADMIN_TOKEN or MCP_ADMIN_TOKEN_FILE is required']);
  assert.deepEqual(fails(['ZAXY_ENV=production', 'MCP_ADMIN_TOKEN=t', 'MCP_OIDC_ISSUER=i', 'MCP_OIDC_AUDIENCE=a', 'MCP_OIDC_JWKS_URL=u']), []);
  assert.deepEqual(fails(['ZAXY_ENV=production', 'MCP_ADMIN_TOKEN=t', 'MCP_REMOTE_AUTH_TOKEN=r', 'PROJECTION_BACKEND=neo4j', 'NEO4J_URI=bolt://x']), ['NEO4J_CA_CERT is required when PROJECTION_BACKEND=neo4j and NEO4J_URI uses bolt:// in production']);
  assert.deepEqual(fails(['ZAXY_ENV=production', 'MCP_ADMIN_TOKEN=t', 'MCP_REMOTE_AUTH_TOKEN=r', 'NEO4J_URI=bolt://x']), []);
  const modes = validateEnv(parseEnvLikeScript('ZAXY_ENV=production\nMCP_ADMIN_TOKEN_FILE=a\nOPENAI_API_KEY_FILE=b\nMCP_REMOTE_AUTH_TOKEN=r'), (p) => ({ exists: true, mode: p === 'a' ? 0o644 : 0o640 }));
  assert.equal(modes.find((f) => f.check === 'MCP_ADMIN_TOKEN_FILE')?.severity, 'fail');
  assert.equal(modes.find((f) => f.check === 'MCP_ADMIN_TOKEN_FILE')?.fix, 'chmod 600 a');
  assert.equal(modes.find((f) => f.check === 'OPENAI_API_KEY_FILE')?.severity, 'warn');
});

test('compareWithScript reports lines only one side has, ignoring the summary', () => {
  const findings = validateEnv(new Map(), () => ({ exists: false, mode: null }));
  const ours = findings.filter((f) => f.severity === 'fail').map((f) => f.message);
  assert.deepEqual(compareWithScript(findings, [...ours, 'Deployment validation failed with 3 issue(s)']), []);
  assert.deepEqual(compareWithScript(findings, [...ours.slice(1), 'NEW CHECK']), [
    { line: 'NEW CHECK', side: 'only-script' },
    { line: 'ZAXY_ENV must be production', side: 'only-console' },
  ]);
});

test('a production deployment passes, and the real validate-deployment.sh agrees (group-readable secret is a warning)', async () => {
  const root = await deployment(PROD, { 'admin.txt': 0o600, 'remote.txt': 0o640 });
  const r = await runCli(['validate', '--root', root]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /WARN {2}MCP_REMOTE_AUTH_TOKEN_FILE/);
  assert.match(r.stdout, /the script agrees/);
  assert.doesNotMatch(r.stdout, /DISAGREE/);
});

test('a broken deployment fails with a row and fix per finding, and the real script agrees line for line', async () => {
  const root = await deployment(['ZAXY_ENV=development', 'MCP_REMOTE_AUTH_TOKEN_FILE=secrets/remote.txt', 'OPENAI_API_KEY_FILE=secrets/missing.txt'], { 'remote.txt': 0o644 });
  const r = await runCli(['validate', '--root', root]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /FAIL {2}production mode +ZAXY_ENV must be production {2}→ set ZAXY_ENV=production/);
  assert.match(r.stdout, /FAIL {2}admin token/);
  assert.match(r.stdout, /FAIL {2}MCP_REMOTE_AUTH_TOKEN_FILE +MCP_REMOTE_AUTH_TOKEN_FILE is world-readable or world-writable: secrets\/remote\.txt {2}→ chmod 600/);
  assert.match(r.stdout, /FAIL {2}OPENAI_API_KEY_FILE +OPENAI_API_KEY_FILE does not exist: secrets\/missing\.txt/);
  assert.match(r.stdout, /the script agrees/);
  assert.match(r.stdout, /Deployment validation failed with 4 issue\(s\)/);
});

test('a drifted script that reports something the console does not is flagged as a disagreement', async () => {
  const root = await deployment(PROD, { 'admin.txt': 0o600, 'remote.txt': 0o600 });
  const path = join(root, 'scripts', 'validate-deployment.sh');
  const text = await readFile(path, 'utf8');
  await writeFile(path, text.replace('if [[ ${failures} -gt 0 ]]; then', 'fail "LOG_LEVEL must be INFO"\n\nif [[ ${failures} -gt 0 ]]; then'));
  const r = await runCli(['validate', '--root', root]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /DISAGREE {2}only the script reports: LOG_LEVEL must be INFO/);
  const missing = await runCli(['validate', '--root', await temp()]);
  assert.equal(missing.code, 1);
  assert.match(missing.stdout, /Missing deployment env file: .*\.env/);
});
