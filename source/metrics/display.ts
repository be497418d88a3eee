// Display-ready text for metric figures, computed once in the snapshot so panes and `status` never
// do unit maths. Plain text only: colour is the UI's business (it reads `level`).

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export const NO_VALUE = '—';

export function formatRate(perSecond: number | null): string {
  if (perSecond === null || Number.isNaN(perSecond)) return NO_VALUE;
  if (perSecond === 0) return '0/s';
  if (Math.abs(perSecond) < 0.01) return '<0.01/s';
  const digits = Math.abs(perSecond) < 10 ? 2 : Math.abs(perSecond) < 100 ? 1 : 0;
  return `${perSecond.toFixed(digits)}/s`;
}

export function formatSeconds(seconds: number | null): string {
  if (seconds === null || Number.isNaN(seconds)) return NO_VALUE;
  if (!Number.isFinite(seconds)) return seconds > 0 ? '+Inf' : '-Inf';
  if (seconds >= 1) return `${seconds.toFixed(2)} s`;
  const ms = seconds * 1000;
  return ms >= 10 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}

export function formatCount(count: number | null): string {
  if (count === null || Number.isNaN(count)) return NO_VALUE;
  return COUNT.format(count);
}
