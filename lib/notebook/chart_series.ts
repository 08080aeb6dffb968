/**
 * What a chart decides from its data before drawing: each series' colour
 * (one colour per mechanism across every notebook), whether the categories
 * are numbers that deserve a numeric axis, and the ideal speed-up line.
 *
 * @module
 */

import {
  MECHANISM_COLORS,
  type MechanismId,
  mechanismLabel,
  mechanismNamed,
} from "../bench/mechanism_labels.ts";
import { PALETTE } from "./chart_canvas.ts";
import { formatNumber } from "./number_format.ts";

/** What a series says about itself that decides its colour and legend name. */
export interface NamedSeries {
  /** The legend name; a mechanism's id or Spanish label picks its colour. */
  label?: string;
  /** The mechanism measured (colour and, without `label`, legend name). */
  mechanism?: MechanismId;
}

/** The mechanism a series shows, explicit or recognised from its label. */
function mechanismOf(series: NamedSeries): MechanismId | undefined {
  return series.mechanism ??
    (series.label === undefined ? undefined : mechanismNamed(series.label));
}

/**
 * The legend name of a series: its label, else its mechanism's Spanish label;
 * a label that is a mechanism id is shown as the Spanish label.
 *
 * @example
 * ```ts
 * import { seriesName } from "./chart_series.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(seriesName({ mechanism: "unix" }), "socket Unix");
 * assertEquals(seriesName({ label: "tcp" }), "TCP (127.0.0.1)");
 * assertEquals(seriesName({ label: "mediana" }), "mediana");
 * ```
 */
export function seriesName(series: NamedSeries): string {
  const byLabel = series.label === undefined
    ? undefined
    : mechanismNamed(series.label);
  if (series.label !== undefined && byLabel !== series.label) {
    return series.label;
  }
  const id = series.mechanism ?? byLabel;
  return id === undefined ? "" : mechanismLabel(id);
}

/**
 * One colour per series: a mechanism's own colour when the series is a
 * mechanism, otherwise the next palette colour that no mechanism in this
 * chart already uses.
 *
 * @example A mechanism keeps its colour whatever its position
 * ```ts
 * import { seriesColors } from "./chart_series.ts";
 * import { MECHANISM_COLORS } from "../bench/mechanism_labels.ts";
 * import { assertEquals, assertNotEquals } from "@std/assert";
 *
 * const [a, b] = seriesColors([{ label: "ideal" }, { label: "socket Unix" }]);
 * assertEquals(b, MECHANISM_COLORS.unix);
 * assertNotEquals(a, b);
 * ```
 */
export function seriesColors(series: readonly NamedSeries[]): string[] {
  const ids = series.map(mechanismOf);
  const taken = new Set<string>(
    ids.flatMap((id) => (id ? [MECHANISM_COLORS[id]] : [])),
  );
  const free = PALETTE.filter((c) => !taken.has(c));
  let next = 0;
  return ids.map((id) =>
    id ? MECHANISM_COLORS[id] : free[next++ % free.length]
  );
}

/**
 * Per-bar colours for a chart whose categories are all mechanisms (a single
 * series of medians per mechanism), else `undefined`.
 *
 * @example
 * ```ts
 * import { categoryColors } from "./chart_series.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(categoryColors(["tcp", "socket Unix"]), ["#555555", "#009E73"]);
 * assertEquals(categoryColors(["tcp", "otro"]), undefined);
 * ```
 */
export function categoryColors(
  labels: readonly (string | number)[],
): string[] | undefined {
  const ids = labels.map((l) =>
    typeof l === "string" ? mechanismNamed(l) : undefined
  );
  if (ids.length === 0 || ids.some((id) => id === undefined)) return undefined;
  return ids.map((id) => MECHANISM_COLORS[id!]);
}

/**
 * The categories as numbers when every one is a number (or a string that is
 * one, such as "4"), else `undefined`.
 *
 * @example
 * ```ts
 * import { numericCategories } from "./chart_series.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(numericCategories([1, 2, 4]), [1, 2, 4]);
 * assertEquals(numericCategories(["1", "8"]), [1, 8]);
 * assertEquals(numericCategories(["tcp", 2]), undefined);
 * ```
 */
export function numericCategories(
  labels: readonly (string | number)[] | undefined,
): number[] | undefined {
  if (!labels || labels.length === 0) return undefined;
  const values = labels.map((l) =>
    typeof l === "number"
      ? l
      : /^\s*-?\d+(\.\d+)?\s*$/.test(l)
      ? Number(l)
      : NaN
  );
  return values.every(Number.isFinite) ? values : undefined;
}

/**
 * The ideal speed-up with `n` workers on a machine with `cores` cores:
 * `min(n, cores)` — beyond the cores, more workers only take turns.
 *
 * @example Four workers on two cores can at best go twice as fast
 * ```ts
 * import { idealSpeedUp } from "./chart_series.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(idealSpeedUp([1, 2, 4, 8], 2), [1, 2, 2, 2]);
 * ```
 */
export function idealSpeedUp(
  counts: readonly number[],
  cores: number,
): number[] {
  if (!(Number.isInteger(cores) && cores > 0)) {
    throw new RangeError(
      `La cantidad de núcleos debe ser un entero positivo (llegó ${cores})`,
    );
  }
  return counts.map((n) => {
    if (!(Number.isFinite(n) && n > 0)) {
      throw new RangeError(
        `Cada cantidad de workers debe ser positiva (llegó ${n})`,
      );
    }
    return Math.min(n, cores);
  });
}

/**
 * The dashed "ideal" series of a speed-up chart, at `min(n, cores)`, named
 * with the number of cores; drawn as a line in a bar chart too.
 *
 * @example
 * ```ts
 * import { idealSpeedUpSeries } from "./chart_series.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const ideal = idealSpeedUpSeries([1, 2, 4], 2);
 * assertEquals(ideal.data, [1, 2, 2]);
 * assertEquals(ideal.label, "ideal: min(n, 2 núcleos)");
 * ```
 */
export function idealSpeedUpSeries(counts: readonly number[], cores: number): {
  label: string;
  data: number[];
  dashed: true;
  asLine: true;
} {
  return {
    label: `ideal: min(n, ${formatNumber(cores)} ${
      cores === 1 ? "núcleo" : "núcleos"
    })`,
    data: idealSpeedUp(counts, cores),
    dashed: true,
    asLine: true,
  };
}
