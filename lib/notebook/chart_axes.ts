/**
 * Axis ticks a reader can trust: where they go (log axes on 1–9 × 10ᵏ, as on
 * log paper; numeric categories exactly at the measured counts) and how they
 * read (es-CL, from number_format.ts).
 *
 * @module
 */

import { formatLogTicks, formatTick } from "./number_format.ts";

type Tick = { value: number };
type TickedAxis = { min: number; max: number; ticks: Tick[] };

/**
 * The gridline values of a logarithmic axis from `min` to `max`: every
 * 1–9 × 10ᵏ inside the range (ends included). chart.js 4 places its own at
 * uneven steps (1, 3, 6, 8, 10…), which reads as a broken scale.
 *
 * @example One decade and a bit
 * ```ts
 * import { logTickValues } from "./chart_axes.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(logTickValues(10, 70), [10, 20, 30, 40, 50, 60, 70]);
 * assertEquals(logTickValues(0.5, 3), [0.5, 0.6, 0.7, 0.8, 0.9, 1, 2, 3]);
 * ```
 */
export function logTickValues(min: number, max: number): number[] {
  if (!(min > 0 && max >= min && Number.isFinite(max))) return [];
  const values: number[] = [];
  for (let k = Math.floor(Math.log10(min)); 10 ** k <= max * (1 + 1e-9); k++) {
    for (let m = 1; m <= 9; m++) {
      // rounded so that 3 × 0.1 is 0.3 and not 0.30000000000000004
      const v = Number((m * 10 ** k).toPrecision(12));
      if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) values.push(v);
    }
  }
  return values;
}

/**
 * chart.js scale options for a value axis: es-CL labels, and on a log axis
 * the kit's own ticks (see {@linkcode logTickValues}), labelled 1–2–5.
 *
 * @example The label of a linear tick uses the spacing between ticks
 * ```ts
 * import { valueAxisTicks } from "./chart_axes.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const ticks = [{ value: 0 }, { value: 0.5 }, { value: 1 }];
 * assertEquals(valueAxisTicks(false).ticks.callback(0.5, 1, ticks), "0,5");
 * ```
 */
export function valueAxisTicks(log: boolean) {
  return {
    afterBuildTicks: log
      ? (axis: TickedAxis) => {
        const values = logTickValues(axis.min, axis.max);
        if (values.length > 0) axis.ticks = values.map((value) => ({ value }));
      }
      : undefined,
    ticks: {
      // labels are already thinned (1–2–5); skipping by index would drop the kept ones
      autoSkip: !log,
      callback: (value: number | string, i: number, ticks: Tick[]) => {
        if (log) return formatLogTicks(ticks.map((t) => t.value))[i];
        const step = ticks.length > 1
          ? Math.abs(ticks[1].value - ticks[0].value)
          : undefined;
        return formatTick(Number(value), step);
      },
    },
  };
}

/**
 * chart.js scale options for numeric categories on a numeric axis: one tick
 * at each measured value (1, 2, 4, 8 workers — not 1,5 or 2,5), es-CL.
 *
 * @example
 * ```ts
 * import { measuredTicks } from "./chart_axes.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const axis = { min: 1, max: 8, ticks: [] as { value: number }[] };
 * measuredTicks([4, 1, 2, 8, 2]).afterBuildTicks(axis);
 * assertEquals(axis.ticks.map((t) => t.value), [1, 2, 4, 8]);
 * ```
 */
export function measuredTicks(values: readonly number[]) {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  return {
    afterBuildTicks: (axis: TickedAxis) => {
      axis.ticks = sorted.map((value) => ({ value }));
    },
    ticks: {
      autoSkip: true,
      callback: (value: number | string) => formatTick(Number(value)),
    },
  };
}
