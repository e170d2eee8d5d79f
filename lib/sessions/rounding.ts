/**
 * Rounding as a bookkeeper does it: to the cent (or to a fixed number of decimals), half away
 * from zero, without the float noise of `1.005 * 100 = 100.49999…`. Session exports round every
 * line, and their totals are sums of the rounded lines, so a column adds up to its total.
 */

/** `value` rounded to `decimals` decimals, half away from zero. */
export function roundTo(value: number, decimals: number): number {
  const scaled = Number((Math.abs(value) * 10 ** decimals).toPrecision(12));
  const rounded = Math.round(scaled) / 10 ** decimals;
  return value < 0 && rounded !== 0 ? -rounded : rounded;
}

/** Euros rounded to the cent. */
export function roundCents(eur: number): number {
  return roundTo(eur, 2);
}

/**
 * The sum of values already rounded to `decimals`, exact: summed as whole units of the last
 * decimal, so 0.1 + 0.2 gives 0.3 and a total equals its printed lines.
 */
export function sumRounded(values: Iterable<number>, decimals: number): number {
  const unit = 10 ** decimals;
  let units = 0;
  for (const value of values) units += Math.round(value * unit);
  return units / unit;
}
