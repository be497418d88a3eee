// The checks of Zaxy's scripts/validate-deployment.sh (zaxy-memory 3.2.0), as pure functions of
// the parsed .env and the secret files' facts, so the console reaches the script's verdict line
// for line — plus one stricter check (group-readable secrets) reported as a warning that does
// not change the verdict.

export interface Finding {
  readonly check: string;
  readonly severity: 'fail' | 'warn' | 'ok';
  /** For failures: the script's exact stderr line. */
  readonly message: string;
  readonly fix: string;
}

export interface SecretFileFacts {
  readonly exists: boolean;
  /** Permission bits (e.g. 0o640); null when missing. */
  readonly mode: number | null;
}

export const SECRET_FILE_VARS = ['NEO4J_PASSWORD_FILE', 'MCP_ADMIN_TOKEN_FILE', 'MCP_REMOTE_AUTH_TOKEN_FILE', 'MCP_OIDC_CLIENT_SECRET_FILE', 'OPENAI_API_KEY_FILE', 'PATHLIGHT_ACCESS_TOKEN_FILE'] as const;
const BACKENDS = ['embedded', 'neo4j', 'pggraph', 'latticedb'];

/**
 * The script's own .env reading (`IFS='=' read -r key value`, `#` lines skipped, one leading and
 * one trailing quote of each kind stripped) — not python-dotenv's, so the verdicts agree.
 */
export function parseEnvLikeScript(text: string): Map<string, string> {
  const env = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const eq = raw.indexOf('=');
    const key = eq === -1 ? raw : raw.slice(0, eq);
    if (key === '' || key.startsWith('#')) continue;
    let value = eq === -1 ? '' : raw.slice(eq + 1);
    if (value.endsWith('"')) value = value.slice(0, -1);
    if (value.startsWith('"')) value = value.slice(1);
    if (value.endsWith("'")) value = value.slice(0, -1);
    if (value.startsWith("'")) value = value.slice(1);
    env.set(key, value);
  }
  return env;
}

export function validateEnv(env: ReadonlyMap<string, string>, secretFile: (path: string) => SecretFileFacts): Finding[] {
  const get = (k: string) => env.get(k) ?? '';
  const out: Finding[] = [];
  const check = (check: string, failed: boolean, message: string, fix: string, okText: string) =>
    out.push(failed ? { check, severity: 'fail', message, fix } : { check, severity: 'ok', message: okText, fix: '' });

  check('production mode', get('ZAXY_ENV') !== 'production', 'ZAXY_ENV must be production', 'set ZAXY_ENV=production in .env', 'ZAXY_ENV=production');
  const backend = env.get('PROJECTION_BACKEND') || 'embedded';
  check('projection backend', !BACKENDS.includes(backend), 'PROJECTION_BACKEND must be one of: embedded, neo4j, pggraph, latticedb', 'set PROJECTION_BACKEND to embedded, neo4j, pggraph or latticedb', `PROJECTION_BACKEND=${backend}`);
  check(
    'Neo4j TLS',
    backend === 'neo4j' && get('NEO4J_URI').startsWith('bolt://') && get('NEO4J_CA_CERT') === '',
    'NEO4J_CA_CERT is required when PROJECTION_BACKEND=neo4j and NEO4J_URI uses bolt:// in production',
    'generate certificates (scripts/generate-certs.sh .certs) and set NEO4J_CA_CERT, or use bolt+s://',
    backend === 'neo4j' ? 'Neo4j connection is encrypted or uses a CA' : 'not the neo4j backend',
  );
  const oidc = get('MCP_OIDC_ISSUER') !== '' && get('MCP_OIDC_AUDIENCE') !== '' && get('MCP_OIDC_JWKS_URL') !== '';
  check(
    'remote MCP auth',
    get('MCP_REMOTE_AUTH_TOKEN') === '' && get('MCP_REMOTE_AUTH_TOKEN_FILE') === '' && !oidc,
    'MCP_REMOTE_AUTH_TOKEN/MCP_REMOTE_AUTH_TOKEN_FILE or complete MCP_OIDC_ISSUER/MCP_OIDC_AUDIENCE/MCP_OIDC_JWKS_URL is required',
    'set MCP_REMOTE_AUTH_TOKEN_FILE=secrets/mcp_remote_auth_token.txt (mode 600) or the three MCP_OIDC_* keys',
    'remote MCP auth configured',
  );
  check('admin token', get('MCP_ADMIN_TOKEN') === '' && get('MCP_ADMIN_TOKEN_FILE') === '', 'MCP_ADMIN_TOKEN or MCP_ADMIN_TOKEN_FILE is required', 'set MCP_ADMIN_TOKEN_FILE=secrets/mcp_admin_token.txt (mode 600)', 'admin token configured');
  // `${VAR:-default}` substitutes the default for an empty value, so this check never fires.
  const header = env.get('MCP_REMOTE_SESSION_HEADER') || 'x-zaxy-session-id';
  check('session header', header === '', 'MCP_REMOTE_SESSION_HEADER must not be empty', 'set MCP_REMOTE_SESSION_HEADER', `session header ${header}`);

  for (const name of SECRET_FILE_VARS) {
    const path = get(name);
    if (path === '') continue;
    const facts = secretFile(path);
    if (!facts.exists) {
      out.push({ check: name, severity: 'fail', message: `${name} does not exist: ${path}`, fix: `create ${path} (mode 600) or fix ${name}` });
    } else if (((facts.mode ?? 0) & 0o007) !== 0) {
      out.push({ check: name, severity: 'fail', message: `${name} is world-readable or world-writable: ${path}`, fix: `chmod 600 ${path}` });
    } else if (((facts.mode ?? 0) & 0o070) !== 0) {
      out.push({ check: name, severity: 'warn', message: `${name} is group-accessible: ${path} (the script accepts this; docs/security.md asks for mode 600)`, fix: `chmod 600 ${path}` });
    } else {
      out.push({ check: name, severity: 'ok', message: `${path} exists, mode ${(facts.mode ?? 0).toString(8)}`, fix: '' });
    }
  }
  return out;
}

export interface Disagreement {
  readonly line: string;
  readonly side: 'only-script' | 'only-console';
}

/** Compares the script's failure lines (stderr, without its summary) with ours. */
export function compareWithScript(findings: readonly Finding[], scriptStderr: readonly string[]): Disagreement[] {
  const ours = new Set(findings.filter((f) => f.severity === 'fail').map((f) => f.message));
  const theirs = new Set(scriptStderr.filter((l) => l.trim() !== '' && !/^Deployment validation (failed|passed)/.test(l)));
  return [
    ...[...theirs].filter((l) => !ours.has(l)).map((line) => ({ line, side: 'only-script' as const })),
    ...[...ours].filter((l) => !theirs.has(l)).map((line) => ({ line, side: 'only-console' as const })),
  ];
}
