// One long-lived CPython process answering json.dumps(json.loads(src), sort_keys=True,
// separators=(",",":")) for batches of sources: the reference pyCanon is Python itself.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';

const SCRIPT = String.raw`
import json, sys
for line in sys.stdin:
    src = json.loads(line)
    try:
        out = "ok " + json.dumps(json.loads(src), sort_keys=True, separators=(",", ":"))
    except (ValueError, RecursionError) as e:
        out = "err " + type(e).__name__
    sys.stdout.write(json.dumps(out) + "\n")
`;

export type PyResult = { ok: true; canon: string } | { ok: false; error: string };

export class PythonOracle {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: Interface;
  private readonly pending: ((line: string) => void)[] = [];

  constructor(python: string) {
    this.child = spawn(python, ['-u', '-c', SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (d: string) => process.stderr.write(`[python oracle] ${d}`));
    this.lines = createInterface({ input: this.child.stdout });
    this.lines.on('line', (line) => this.pending.shift()?.(line));
  }

  /** Canonicalises every source (JS strings; sent JSON-encoded so newlines and lone surrogates survive). */
  async canon(sources: readonly string[]): Promise<PyResult[]> {
    const results = sources.map(
      () => new Promise<string>((resolve) => this.pending.push(resolve)),
    );
    this.child.stdin.write(sources.map((s) => `${JSON.stringify(s)}\n`).join(''));
    return (await Promise.all(results)).map((line) => {
      const out = JSON.parse(line) as string;
      return out.startsWith('ok ') ? { ok: true, canon: out.slice(3) } : { ok: false, error: out.slice(4) };
    });
  }

  close(): void {
    this.lines.close();
    this.child.stdin.end();
  }
}
