// Shares out whole cells (lines, columns) in proportion to weights. Used for spare body lines and
// spare table width, where rounding each share on its own would lose or invent a cell.

/**
 * Splits `amount` into integers proportional to `weights` that add up to exactly `amount`
 * (largest remainder; ties go to the earlier entry). All zeros when no weight is positive.
 */
export function apportion(amount: number, weights: readonly number[]): number[] {
  const total = weights.reduce((sum, w) => sum + Math.max(0, w), 0);
  const whole = Math.max(0, Math.floor(amount));
  if (total === 0 || whole === 0) return weights.map(() => 0);
  const exact = weights.map((w) => (whole * Math.max(0, w)) / total);
  const shares = exact.map(Math.floor);
  let left = whole - shares.reduce((sum, s) => sum + s, 0);
  const byRemainder = exact.map((e, i) => ({ i, rest: e - Math.floor(e) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left-- <= 0) break;
    shares[i]!++;
  }
  return shares;
}
