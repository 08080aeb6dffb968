/**
 * Small pieces the bench's Spanish explanations are built from: one figure
 * looked up in the records, and a factor put into words that hold whichever
 * way the figures went.
 *
 * @module
 */

import { formatTimes } from "../notebook/number_format.ts";
import type { BenchRecord } from "./records.ts";

/**
 * One figure (the median) of one runtime's mechanism, or null when it was
 * not measured.
 *
 * @example
 * ```ts
 * import { figureOf } from "./figure_words.ts";
 * import { aggregateRuns, runFromRaw } from "./records.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const records = aggregateRuns([runFromRaw("pipe", "c", 64, [12], 900_000, 1)]);
 * assertEquals(figureOf(records, "c", "pipe", 64, "latency"), 12);
 * assertEquals(figureOf(records, "deno", "pipe", 64, "latency"), null);
 * ```
 */
export function figureOf(
  records: readonly BenchRecord[],
  runtime: BenchRecord["runtime"],
  mechanism: string,
  size: number,
  metric: "latency" | "throughput",
): number | null {
  return records.find((r) =>
    r.runtime === runtime && r.mechanism === mechanism && r.size === size &&
    r.metric === metric
  )?.median ?? null;
}

/**
 * "n veces mejor/peor que …" for a factor where above 1 means better, and
 * "casi igual que …" within 5 %.
 *
 * @example
 * ```ts
 * import { betterBy } from "./figure_words.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(betterBy(2, "C"), "2,0 veces mejor que C");
 * assertEquals(betterBy(0.5, "C"), "2,0 veces peor que C");
 * assertEquals(betterBy(1.02, "C"), "casi igual que C");
 * ```
 */
export function betterBy(factor: number, noun: string): string {
  if (Math.abs(factor - 1) < 0.05) return `casi igual que ${noun}`;
  return factor > 1
    ? `${formatTimes(factor, 1)} mejor que ${noun}`
    : `${formatTimes(1 / factor, 1)} peor que ${noun}`;
}
