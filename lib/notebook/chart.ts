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

import type { ChartConfiguration, Plugin } from "chart.js";
import {
  type ChartResult,
  drawChartPng,
  PALETTE,
  presentChart,
  titlePlugins,
} from "./chart_canvas.ts";

export type { ChartResult };
export { PALETTE };

/** One axis: what it measures and in which unit (`""` only when dimensionless). */
export interface ChartAxis {
  /** What the axis measures, e.g. "Latencia de ida y vuelta". */
  label: string;
  /** Its unit, e.g. "µs"; `""` only when dimensionless. */
  unit: string;
  /** Logarithmic scale (for sizes or latencies spanning decades). */
  log?: boolean;
  /** Lowest value shown (default: fitted to the data). */
  min?: number;
  /** Highest value shown (default: fitted to the data). */
  max?: number;
}

/** What to draw. */
export interface ChartSpec {
  /** Bars per category, lines over categories or points, or points alone. */
  kind: "bar" | "line" | "scatter";
  /** What the chart shows (required: every chart says what was measured). */
  title: string;
  /** A second line under the title: how and when it was measured. */
  subtitle?: string;
  /** The horizontal axis. */
  x: ChartAxis;
  /** The vertical axis. */
  y: ChartAxis;
  /** Category labels (bar charts; line charts over categories). */
  labels?: readonly (string | number)[];
  /** The data series, drawn in the palette's order. */
  series: readonly {
    /** The series' name in the legend. */
    label: string;
    /** Values per category (bar/line with `labels`) or points (scatter/line). */
    data:
      | readonly number[]
      | readonly {
        /** The point's horizontal value. */
        x: number;
        /** The point's vertical value. */
        y: number;
      }[];
    /** Optional [low, high] per value, drawn as a whisker: spread across runs. */
    ranges?: readonly (readonly [number, number])[];
    /** Draw this series as a line in a bar chart (e.g. an ideal speed-up). */
    asLine?: boolean;
    /** Draw this series dashed. */
    dashed?: boolean;
  }[];
  /** Pixel width; default 960 (readable at notebook width). */
  width?: number;
  /** Pixel height; default 540. */
  height?: number;
  /** Stack bars (e.g. a per-worker timeline). */
  stacked?: boolean;
  /** Horizontal bars. */
  horizontal?: boolean;
  /** Also write the PNG to this path (in or out of the kernel). */
  savePath?: string;
}

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

function axisTitle(axis: ChartAxis): string {
  return axis.unit ? `${axis.label} (${axis.unit})` : axis.label;
}

function validate(spec: ChartSpec): void {
  if (!spec.title.trim()) throw new TypeError("Chart needs a title");
  for (const [name, axis] of [["x", spec.x], ["y", spec.y]] as const) {
    if (!axis.label.trim()) {
      throw new TypeError(`Chart axis ${name} needs a label`);
    }
  }
  if (spec.series.length === 0) {
    throw new TypeError("Chart needs at least one series");
  }
  for (const series of spec.series) {
    if (series.ranges && series.ranges.length !== series.data.length) {
      throw new RangeError(
        `Series "${series.label}" has ${series.ranges.length} ranges for ${series.data.length} values`,
      );
    }
  }
}

const whiskers: Plugin = {
  id: "kitWhiskers",
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    chart.data.datasets.forEach((dataset, i) => {
      const ranges =
        (dataset as unknown as { kitRanges?: [number, number][] }).kitRanges;
      if (!ranges) return;
      const meta = chart.getDatasetMeta(i);
      if (meta.hidden) return;
      const yScale = chart.scales[meta.yAxisID ?? "y"];
      ctx.save();
      ctx.strokeStyle = "#333";
      ctx.lineWidth = 1.5;
      meta.data.forEach((element, j) => {
        const range = ranges[j];
        if (!range) return;
        const x = element.x;
        const lo = yScale.getPixelForValue(range[0]);
        const hi = yScale.getPixelForValue(range[1]);
        ctx.beginPath();
        ctx.moveTo(x, lo);
        ctx.lineTo(x, hi);
        ctx.moveTo(x - 5, lo);
        ctx.lineTo(x + 5, lo);
        ctx.moveTo(x - 5, hi);
        ctx.lineTo(x + 5, hi);
        ctx.stroke();
      });
      ctx.restore();
    });
  },
};

function toConfig(spec: ChartSpec): ChartConfiguration {
  const datasets = spec.series.map((series, i) => {
    const color = PALETTE[i % PALETTE.length];
    const type = spec.kind === "bar" && series.asLine ? "line" : spec.kind;
    return {
      type,
      label: series.label,
      data: series.data as number[],
      backgroundColor: type === "bar" ? color + "cc" : color,
      borderColor: color,
      borderWidth: 2,
      borderDash: series.dashed ? [8, 5] : undefined,
      pointRadius: spec.kind === "scatter" ? 4 : 3,
      showLine: spec.kind !== "scatter",
      kitRanges: series.ranges,
    };
  });
  const indexAxis = spec.horizontal ? "y" : "x";
  const valueKey = spec.horizontal ? "x" : "y";
  const categoryKey = spec.horizontal ? "y" : "x";
  const numericX = spec.kind === "scatter" ||
    (spec.kind === "line" && !spec.labels);
  return {
    type: spec.kind,
    data: { labels: spec.labels ? [...spec.labels] : undefined, datasets },
    options: {
      indexAxis,
      plugins: {
        ...titlePlugins(spec.title, spec.subtitle),
        legend: { display: spec.series.length > 1, position: "bottom" },
      },
      scales: {
        [categoryKey]: {
          type: numericX ? (spec.x.log ? "logarithmic" : "linear") : "category",
          stacked: spec.stacked,
          title: {
            display: true,
            text: axisTitle(spec.horizontal ? spec.y : spec.x),
          },
          min: spec.x.min,
          max: spec.x.max,
        },
        [valueKey]: {
          type: spec.y.log ? "logarithmic" : "linear",
          stacked: spec.stacked,
          beginAtZero: !spec.y.log,
          title: {
            display: true,
            text: axisTitle(spec.horizontal ? spec.x : spec.y),
          },
          min: spec.y.min ?? (spec.y.log ? logFloor(spec) : undefined),
          max: spec.y.max,
          // whiskers are drawn by a plugin, so the scale must make room for them
          suggestedMax: rangeHigh(spec),
        },
      },
    },
    plugins: [whiskers],
  } as ChartConfiguration;
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
  validate(spec);
  return await drawChartPng(
    toConfig(spec),
    spec.width ?? 960,
    spec.height ?? 540,
  );
}

/**
 * Draws a chart and shows it in the notebook; outside the kernel prints a
 * one-line note and returns the PNG (and writes it when the spec has a
 * `savePath`).
 *
 * @example Outside the kernel the PNG comes back
 * ```ts
 * import { chart } from "./chart.ts";
 * import { assert, assertEquals } from "@std/assert";
 *
 * const result = await chart({
 *   kind: "line",
 *   title: "Aceleración",
 *   x: { label: "Workers", unit: "" },
 *   y: { label: "Aceleración", unit: "×" },
 *   series: [{ label: "medida", data: [{ x: 1, y: 1 }, { x: 2, y: 1.9 }] }],
 * });
 * assertEquals(result.displayed, false);
 * assert(result.png.length > 1000);
 * ```
 */
export async function chart(spec: ChartSpec): Promise<ChartResult> {
  return await presentChart(
    await renderChartPng(spec),
    spec.title,
    spec.savePath,
  );
}
