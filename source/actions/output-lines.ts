// Child output arrives in arbitrary chunks; the action pane and the log file want whole lines.

/**
 * Splits decoded text into lines incrementally: complete lines come back, the unterminated
 * remainder waits for the next chunk or `end()`.
 */
export class LineSplitter {
  private rest = '';

  push(chunk: string): string[] {
    const text = this.rest + chunk;
    const parts = text.split(/\r?\n/);
    this.rest = parts.pop() ?? '';
    return parts;
  }

  end(): string[] {
    const rest = this.rest;
    this.rest = '';
    return rest === '' ? [] : [rest];
  }
}
