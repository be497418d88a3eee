// Under --ascii nothing outside ASCII may reach the terminal. Our own text is folded by the theme,
// but Ink truncates a Text that does not fit with "…" (cli-truncate's default, which Ink offers no
// way to change). Its stand-in is one column wide too, so the frame's layout and Ink's incremental
// diff of what is on screen stay exact.
export const ASCII_TRUNCATION = '~';
const UNICODE_TRUNCATION = '\u2026';

export function asciiTruncation(text: string): string {
  return text.includes(UNICODE_TRUNCATION) ? text.replaceAll(UNICODE_TRUNCATION, ASCII_TRUNCATION) : text;
}

/** `stdout` as Ink sees it under --ascii: every string written has Ink's ellipsis replaced. */
export function asciiStdout(stdout: NodeJS.WriteStream): NodeJS.WriteStream {
  const write = (chunk: unknown, ...rest: unknown[]): boolean =>
    (stdout.write as (chunk: unknown, ...rest: unknown[]) => boolean).call(stdout, typeof chunk === 'string' ? asciiTruncation(chunk) : chunk, ...rest);
  return new Proxy(stdout, {
    get(target, property) {
      if (property === 'write') return write;
      const value: unknown = Reflect.get(target, property, target);
      // Methods run on the real stream (its private fields and listeners live there).
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
