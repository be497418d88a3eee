// Validate deployment (`V`): the script's checks built in, each finding a row with its fix; when
// the deployment ships scripts/validate-deployment.sh it is run too and any disagreement
// between its verdict and ours is flagged (a drifted script or a console bug, both worth knowing).
import { readFile } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { ConsoleError, EXIT, fileError } from '../../errors.js';
import { exists } from '../paths.js';
import type { Action, StepContext } from '../types.js';
import { compareWithScript, parseEnvLikeScript, validateEnv, type Finding, type SecretFileFacts } from './validate-checks.js';

export interface ValidateArgs {
  readonly root: string;
  /** 'auto' runs the script when present. */
  readonly script?: 'auto' | 'skip';
}

export function validateAction(args: ValidateArgs): Action & { readonly findings: readonly Finding[] } {
  const root = resolve(args.root);
  const envFile = join(root, '.env');
  const script = join(root, 'scripts', 'validate-deployment.sh');
  const findings: Finding[] = [];
  let failures = 0;

  const builtin = async (ctx: StepContext) => {
    let text: string;
    try {
      text = await readFile(envFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new ConsoleError('NO_ENV_FILE', `Missing deployment env file: ${envFile}`, { hint: 'run scripts/setup.sh --production or point --root at the deployment', exitCode: EXIT.failure });
      }
      throw fileError(envFile, error, '.env');
    }
    findings.length = 0;
    findings.push(...validateEnv(parseEnvLikeScript(text), (path) => secretFacts(isAbsolute(path) ? path : join(root, path))));
    for (const f of findings) ctx.info(`${f.severity === 'ok' ? 'ok  ' : f.severity === 'warn' ? 'WARN' : 'FAIL'}  ${f.check.padEnd(28)} ${f.message}${f.fix ? `  → ${f.fix}` : ''}`);
    failures = findings.filter((f) => f.severity === 'fail').length;
    return failures === 0 ? 'Deployment validation passed' : `Deployment validation failed with ${failures} issue(s)`;
  };

  const runScript = async (ctx: StepContext) => {
    if (args.script === 'skip' || !(await exists(script))) {
      ctx.info('the deployment has no scripts/validate-deployment.sh; built-in checks only');
      return 'no script';
    }
    const r = await ctx.exec(['bash', script, '--root', root]);
    const disagreements = compareWithScript(findings, r.stderrTail);
    const scriptFailed = r.exitCode !== 0;
    for (const d of disagreements) ctx.info(`DISAGREE  ${d.side === 'only-script' ? 'only the script reports' : 'only the console reports'}: ${d.line}`);
    if (scriptFailed !== failures > 0 || disagreements.length > 0) {
      throw new ConsoleError('VALIDATION_DISAGREES', `the script and the console disagree (${disagreements.length} finding(s), script exit ${r.exitCode ?? r.signal})`, {
        hint: "the deployment's script may have drifted from zaxy-memory 3.2.0; review both outputs",
        exitCode: EXIT.failure,
      });
    }
    return 'the script agrees';
  };

  const verdict = () => {
    if (failures > 0) throw new ConsoleError('VALIDATION_FAILED', `Deployment validation failed with ${failures} issue(s)`, { hint: 'fix the rows marked FAIL', exitCode: EXIT.failure });
    return Promise.resolve('Deployment validation passed');
  };

  return {
    id: 'validate',
    title: 'Validate the deployment',
    mutates: false,
    findings,
    steps: [
      { id: 'validate.checks', title: 'Production settings and secret files', run: builtin },
      { id: 'validate.script', title: "Run the deployment's validate-deployment.sh and compare", run: runScript },
      { id: 'validate.verdict', title: 'Verdict', run: verdict },
    ],
    summary: () => `Deployment validation passed (${findings.filter((f) => f.severity === 'warn').length} warning(s))`,
  };
}

function secretFacts(path: string): SecretFileFacts {
  try {
    const st = statSync(path);
    return st.isFile() ? { exists: true, mode: st.mode & 0o777 } : { exists: false, mode: null };
  } catch {
    return { exists: false, mode: null };
  }
}

