// The warnings of a ChainReport: every kind counted, at most ten messages of each kept, so a log
// with a million odd ids still gives a readable report.
const MAX_WARNINGS_PER_KIND = 10;

export class Warnings {
  private readonly counts = new Map<string, number>();
  private readonly items: string[] = [];

  add(kind: string, message: string): void {
    const n = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, n);
    if (n <= MAX_WARNINGS_PER_KIND) this.items.push(message);
  }

  list(): string[] {
    const out = [...this.items];
    for (const [kind, n] of this.counts) {
      if (n > MAX_WARNINGS_PER_KIND) out.push(`… and ${n - MAX_WARNINGS_PER_KIND} more ${kind} warnings`);
    }
    return out;
  }
}
