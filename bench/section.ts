// The contract between bench/run.ts and each benchmark section (bench/verify.ts, bench/tui.ts, …).
// A section module exports `section: BenchSection`; the runner imports the ones that exist.

export interface BenchOptions {
  /** Raw command-line arguments after the runner's own (--only); each section parses what it needs. */
  readonly argv: readonly string[];
  /** Where sections cache generated inputs (git-ignored). */
  readonly cacheDir: string;
  readonly projectRoot: string;
}

/** One measured line, printed side by side with its target. */
export interface BenchMeasurement {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** `{at: 'least'|'most', value}`: pass/fail is judged against it; absent means informational. */
  readonly target?: { readonly at: 'least' | 'most'; readonly value: number };
  readonly note?: string;
}

export interface BenchSection {
  readonly name: string;
  readonly description: string;
  run(options: BenchOptions): Promise<readonly BenchMeasurement[]>;
}

export function meetsTarget(m: BenchMeasurement): boolean | undefined {
  if (m.target === undefined) return undefined;
  return m.target.at === 'least' ? m.value >= m.target.value : m.value <= m.target.value;
}

/** Flag value from argv (`--name value` or `--name=value`). */
export function flagValue(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === `--${name}`) return argv[i + 1];
    if (arg?.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return undefined;
}
