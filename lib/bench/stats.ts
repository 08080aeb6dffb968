/**
 * Descriptive statistics for measurements: the one place where medians,
 * percentiles and spreads are computed, so every notebook and benchmark
 * summarises noise the same way.
 *
 * @module
 */

/** A summary of a sample of measurements. */
export interface Summary {
  /** How many values. */
  count: number;
  /** The smallest value. */
  min: number;
  /** The largest value. */
  max: number;
  /** The arithmetic mean. */
  mean: number;
  /** The 50th percentile. */
  median: number;
  /** The 90th percentile. */
  p90: number;
  /** The 99th percentile. */
  p99: number;
  /** Sample standard deviation (0 for fewer than two values). */
  stdev: number;
}

function checkSample(values: readonly number[]): void {
  if (values.length === 0) {
    throw new RangeError("No se puede resumir una muestra vacía");
  }
  for (const v of values) {
    if (!Number.isFinite(v)) {
      throw new RangeError(`La muestra tiene un valor no finito: ${v}`);
    }
  }
}

/**
 * The p-th percentile (0–100) by linear interpolation between closest ranks
 * (the same definition as NumPy's default).
 *
 * @example
 * ```ts
 * import { percentile } from "./stats.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(percentile([1, 2, 3, 4], 50), 2.5);
 * assertEquals(percentile([5, 1, 3], 100), 5);
 * ```
 */
export function percentile(values: readonly number[], p: number): number {
  checkSample(values);
  if (!(p >= 0 && p <= 100)) {
    throw new RangeError(`El percentil debe estar entre 0 y 100, no ${p}`);
  }
  const sorted = [...values].sort((a, b) => a - b);
  return percentileOfSorted(sorted, p);
}

function percentileOfSorted(sorted: readonly number[], p: number): number {
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

/**
 * The median.
 *
 * @example
 * ```ts
 * import { median } from "./stats.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(median([3, 1, 2]), 2);
 * ```
 */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/**
 * Summarises a sample.
 *
 * @example
 * ```ts
 * import { summarize } from "./stats.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const s = summarize([2, 4, 4, 4, 5, 5, 7, 9]);
 * assertEquals([s.min, s.median, s.max, s.mean], [2, 4.5, 9, 5]);
 * ```
 */
export function summarize(values: readonly number[]): Summary {
  checkSample(values);
  const sorted = [...values].sort((a, b) => a - b);
  const count = sorted.length;
  const mean = sorted.reduce((a, b) => a + b, 0) / count;
  const variance = count < 2
    ? 0
    : sorted.reduce((acc, v) => acc + (v - mean) ** 2, 0) / (count - 1);
  return {
    count,
    min: sorted[0],
    max: sorted[count - 1],
    mean,
    median: percentileOfSorted(sorted, 50),
    p90: percentileOfSorted(sorted, 90),
    p99: percentileOfSorted(sorted, 99),
    stdev: Math.sqrt(variance),
  };
}
