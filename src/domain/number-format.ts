/**
 * The one way a number is shown to people (text and Markdown reports, item messages): `48M`, `2.0B`, `1,200`,
 * `135`, `4.18`, `3.1e23 FLOP`. Machine outputs (JSON, footprint.yml, model-card blocks) keep plain numbers;
 * derivations keep their own precision (`formatNumber`), since they show how a figure was computed.
 *
 * - from 10^15 up: scientific with two significant digits, `3.1e23`;
 * - from a million: a scale letter, one decimal below 10 (`2.0B`, `1.5M`) and none above (`48M`, `175B`);
 * - from 1,000: whole, with thousands separators (`1,200`);
 * - from 100: whole (`135`); below: at most two decimals (`4.18`, `0.75`); below 0.01: two significant digits.
 */

const SCALES: ReadonlyArray<readonly [number, string]> = [
  [1e12, "T"],
  [1e9, "B"],
  [1e6, "M"],
];

/** Two significant digits, as `3.1e23` or `1.0e15` (no `+`): numbers too large for a scale letter. */
function scientific(value: number): string {
  const [mantissa, exponent] = value.toExponential(1).split("e") as [string, string];
  return `${mantissa}e${exponent.replace(/^\+/, "")}`;
}

/**
 * A number as people read it in a report.
 *
 * @example
 * formatHumanNumber(48_000_000) // "48M"
 * formatHumanNumber(2e9) // "2.0B"
 * formatHumanNumber(1200) // "1,200"
 * formatHumanNumber(3.14e23) // "3.1e23"
 */
export function formatHumanNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const sign = value < 0 ? "-" : "";
  const size = Math.abs(value);
  // 999.5T would round to "1000T": shown as 1.0e15.
  if (size >= 999.5e12) return sign + scientific(size);
  for (const [scale, letter] of SCALES) {
    const scaled = size / scale;
    // Rounded before the letter is chosen: 999.96M is shown as 1.0B, not 1000M.
    if (Number(scaled.toFixed(1)) >= 1)
      return `${sign}${scaled >= 9.95 ? String(Math.round(scaled)) : scaled.toFixed(1)}${letter}`;
  }
  if (size >= 99.5) return sign + Math.round(size).toLocaleString("en-US");
  if (size >= 0.01 || size === 0) return sign + String(Math.round(size * 100) / 100);
  return sign + String(Number(size.toPrecision(2)));
}

/**
 * An amount of compute: always scientific from a million up, since "500T FLOP" would read as tera-FLOP.
 *
 * @example
 * formatFlop(3.14e23) // "3.1e23 FLOP"
 */
export function formatFlop(value: number): string {
  return `${Math.abs(value) >= 1e6 ? scientific(value) : formatHumanNumber(value)} FLOP`;
}
