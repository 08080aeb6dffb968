/**
 * Charts of what a cell measured: chart.js drawn onto @napi-rs/canvas, shown
 * as a PNG in the notebook.
 *
 * The spec is deliberately small and strict — a title and both axis labels
 * with their units are required — so every chart a learner sees says what was
 * measured and in which unit. Outside the kernel (tests, `deno run`) the PNG is
 * returned and, when asked, written to a file, instead of failing.
 *
 * @module
 */

import type { ChartConfiguration } from "chart.js";
import type { ChartAxis, ChartSeries, ChartSpec } from "./chart_spec.ts";
import {
  drawChartPng,
  PALETTE,
  plainText,
  presentChart,
  titlePlugins,
} from "./chart_canvas.ts";
import { valueLabels, whiskers } from "./chart_plugins.ts";
import {
  categoryColors,
  idealSpeedUp,
  idealSpeedUpSeries,
  numericCategories,
  seriesColors,
  seriesName,
} from "./chart_series.ts";
import { formatNumber } from "./number_format.ts";
import { measuredTicks, valueAxisTicks } from "./chart_axes.ts";

export type { ChartAxis, ChartSeries, ChartSpec };
export { idealSpeedUp, idealSpeedUpSeries, PALETTE };

/**
 * The power of ten at or below the smallest positive value (ranges included),
 * so that on a log axis every bar rises above the axis instead of vanishing.
 */
function logFloor(spec: ChartSpec): number | undefined {
  const values: number[] = [];
  for (const series of spec.series) {
    for (const d of series.data) values.push(typeof d === "number" ? d : d.y);
    for (const [lo, hi] of series.ranges ?? []) values.push(lo, hi);
  }
  const positive = values.filter((v) => Number.isFinite(v) && v > 0);
  if (positive.length === 0) return undefined;
  return 10 ** Math.floor(Math.log10(Math.min(...positive)));
}

/** The highest whisker end, if any series has ranges. */
function rangeHigh(spec: ChartSpec): number | undefined {
  const highs = spec.series.flatMap((s) =>
    (s.ranges ?? []).map(([, hi]) => hi)
  );
  return highs.length > 0 ? Math.max(...highs) : undefined;
}

function axisTitle(axis: ChartAxis, note = ""): string {
  const unit = [axis.unit, note].filter(Boolean).join("; ");
  return plainText(unit ? `${axis.label} (${unit})` : axis.label);
}

function validate(spec: ChartSpec): void {
  if (!spec.title.trim()) {
    throw new TypeError("El gráfico necesita un título");
  }
  for (const [name, axis] of [["x", spec.x], ["y", spec.y]] as const) {
    if (!axis.label.trim()) {
      throw new TypeError(`El eje ${name} del gráfico necesita un nombre`);
    }
  }
  if (spec.series.length === 0) {
    throw new TypeError("El gráfico necesita al menos una serie");
  }
  for (const series of spec.series) {
    if (!seriesName(series)) {
      throw new TypeError(
        "Cada serie necesita un nombre (label) o un mecanismo (mechanism)",
      );
    }
    if (series.ranges && series.ranges.length !== series.data.length) {
      throw new RangeError(
        `La serie "${
          seriesName(series)
        }" tiene ${series.ranges.length} rangos para ${series.data.length} valores`,
      );
    }
  }
}

/**
 * The chart.js configuration a spec becomes (validated): which scales, which
 * colours, which tick labels. {@linkcode renderChartPng} draws it.
 *
 * @example Worker counts on a line chart are spaced as numbers
 * ```ts
 * import { chartConfig } from "./chart.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const config = chartConfig({
 *   kind: "line",
 *   title: "Aceleración",
 *   x: { label: "workers", unit: "" },
 *   y: { label: "aceleración", unit: "×" },
 *   labels: [1, 2, 4, 8],
 *   series: [{ label: "medida", data: [1, 1.8, 2, 2] }],
 * });
 * assertEquals(config.options?.scales?.x?.type, "linear");
 * ```
 */
export function chartConfig(spec: ChartSpec): ChartConfiguration {
  validate(spec);
  const horizontal = Boolean(spec.horizontal);
  const categoryAxis = horizontal ? spec.y : spec.x;
  const valueAxis = horizontal ? spec.x : spec.y;
  const numbers = numericCategories(spec.labels);
  const numericCategoryAxis = spec.kind === "scatter" || !spec.labels ||
    (numbers !== undefined && !horizontal &&
      (categoryAxis.scale ??
          (spec.kind === "line" ? "numeric" : "category")) ===
        "numeric");
  // numeric categories on a numeric axis: each value becomes a point at its number
  const asPoints = numbers !== undefined && numericCategoryAxis;
  const colors = seriesColors(spec.series);
  const barColors = spec.series.length === 1 && spec.labels
    ? categoryColors(spec.labels)
    : undefined;
  const datasets = spec.series.map((series, i) => {
    const color = colors[i];
    const type = spec.kind === "bar" && series.asLine ? "line" : spec.kind;
    const data = asPoints
      ? (series.data as readonly number[]).map((y, j) => ({ x: numbers[j], y }))
      : series.data;
    const fill = barColors && type === "bar" ? barColors : color;
    return {
      type,
      label: plainText(seriesName(series)),
      data,
      backgroundColor: type === "bar"
        ? (Array.isArray(fill) ? fill.map((c) => c + "cc") : fill + "cc")
        : color,
      borderColor: type === "bar" ? fill : color,
      borderWidth: 2,
      borderDash: series.dashed ? [8, 5] : undefined,
      pointRadius: spec.kind === "scatter" ? 4 : 3,
      showLine: spec.kind !== "scatter",
      kitRanges: series.ranges,
      kitValueLabels: spec.valueLabels ?? "auto",
    };
  });
  const categoryNote = numbers !== undefined && !numericCategoryAxis
    ? "no a escala"
    : "";
  const categoryScale = numericCategoryAxis
    ? {
      type: categoryAxis.log ? "logarithmic" : "linear",
      ...(asPoints
        ? measuredTicks(numbers)
        : valueAxisTicks(Boolean(categoryAxis.log))),
    }
    : {
      type: "category",
      ticks: {
        callback: (value: number | string) => {
          const label = spec.labels?.[Number(value)] ?? value;
          return numbers
            ? formatNumber(Number(label))
            : plainText(String(label));
        },
      },
    };
  return {
    type: spec.kind,
    data: {
      labels: spec.labels && !asPoints ? [...spec.labels] : undefined,
      datasets,
    },
    options: {
      indexAxis: horizontal ? "y" : "x",
      plugins: {
        ...titlePlugins(spec.title, spec.subtitle),
        legend: { display: spec.series.length > 1, position: "bottom" },
      },
      scales: {
        [horizontal ? "y" : "x"]: {
          ...categoryScale,
          stacked: spec.stacked,
          title: { display: true, text: axisTitle(categoryAxis, categoryNote) },
          min: categoryAxis.min,
          max: categoryAxis.max,
        },
        [horizontal ? "x" : "y"]: {
          type: valueAxis.log ? "logarithmic" : "linear",
          stacked: spec.stacked,
          beginAtZero: !valueAxis.log,
          title: { display: true, text: axisTitle(valueAxis) },
          ...valueAxisTicks(Boolean(valueAxis.log)),
          min: valueAxis.min ?? (valueAxis.log ? logFloor(spec) : undefined),
          max: valueAxis.max,
          // whiskers are drawn by a plugin, so the scale must make room for them
          suggestedMax: rangeHigh(spec),
        },
      },
    },
    plugins: [whiskers, valueLabels],
  } as unknown as ChartConfiguration;
}

/**
 * Draws a chart and returns its PNG bytes (no display).
 *
 * @example A bar chart is a PNG
 * ```ts
 * import { renderChartPng } from "./chart.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const png = await renderChartPng({
 *   kind: "bar",
 *   title: "Latencia",
 *   x: { label: "Mecanismo", unit: "" },
 *   y: { label: "Ida y vuelta", unit: "µs" },
 *   labels: ["tcp", "unix"],
 *   series: [{ label: "mediana", data: [40, 25] }],
 * });
 * assertEquals([...png.subarray(1, 4)], [80, 78, 71]); // "PNG"
 * ```
 */
export async function renderChartPng(spec: ChartSpec): Promise<Uint8Array> {
  return await drawChartPng(
    chartConfig(spec),
    spec.width ?? 960,
    spec.height ?? 540,
  );
}

/**
 * Draws a chart and shows it in the notebook; outside the kernel prints a
 * one-line note. Writes the PNG when the spec has a `savePath`. Resolves to
 * nothing (no empty `Out[n]` in a cell that ends with it); for the bytes,
 * call {@linkcode renderChartPng}.
 *
 * @example Outside the kernel, saved to a file
 * ```ts
 * import { chart } from "./chart.ts";
 * import { assert } from "@std/assert";
 *
 * const savePath = await Deno.makeTempFile({ suffix: ".png" });
 * await chart({
 *   kind: "line",
 *   title: "Aceleración",
 *   x: { label: "Workers", unit: "" },
 *   y: { label: "Aceleración", unit: "×" },
 *   series: [{ label: "medida", data: [{ x: 1, y: 1 }, { x: 2, y: 1.9 }] }],
 *   savePath,
 * });
 * assert((await Deno.stat(savePath)).size > 1000);
 * await Deno.remove(savePath);
 * ```
 */
export async function chart(spec: ChartSpec): Promise<void> {
  await presentChart(
    await renderChartPng(spec),
    spec.title,
    spec.savePath,
  );
}
