/**
 * What chart.js does not draw by itself and the kit's charts need: whiskers
 * (the spread across runs) and the measured value written beside a bar or a
 * point, so that a bar too short to see never reads as "zero".
 *
 * @module
 */

import type { Chart, Plugin } from "chart.js";
import { formatValueLabel } from "./number_format.ts";

/** A bar shorter than this many pixels gets its value written in "auto" mode. */
export const TINY_BAR_PX = 6;

/**
 * Whether a value label is drawn: always (`true`), never (`false`), or in
 * `"auto"` mode only for a bar too short to see (shorter than
 * {@linkcode TINY_BAR_PX}), where the number is the only honest reading.
 *
 * @example A 2-pixel bar is labelled in auto mode; a 50-pixel one is not
 * ```ts
 * import { wantsValueLabel } from "./chart_plugins.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(wantsValueLabel("auto", true, 2), true);
 * assertEquals(wantsValueLabel("auto", true, 50), false);
 * assertEquals(wantsValueLabel("auto", false, 2), false); // points are visible
 * assertEquals(wantsValueLabel(true, false, 50), true);
 * ```
 */
export function wantsValueLabel(
  mode: boolean | "auto",
  isBar: boolean,
  lengthPx: number,
): boolean {
  if (mode === "auto") return isBar && lengthPx < TINY_BAR_PX;
  return mode;
}

type Extra = {
  kitRanges?: readonly (readonly [number, number])[];
  kitValueLabels?: boolean | "auto";
};

function extra(chart: Chart, i: number): Extra {
  return chart.data.datasets[i] as unknown as Extra;
}

/** Draws each series' `[low, high]` ranges as whiskers along the value axis. */
export const whiskers: Plugin = {
  id: "kitWhiskers",
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    const horizontal = chart.options.indexAxis === "y";
    chart.data.datasets.forEach((_, i) => {
      const ranges = extra(chart, i).kitRanges;
      const meta = chart.getDatasetMeta(i);
      if (!ranges || meta.hidden) return;
      const scale = chart.scales[horizontal ? meta.xAxisID! : meta.yAxisID!];
      ctx.save();
      ctx.strokeStyle = "#333";
      ctx.lineWidth = 1.5;
      meta.data.forEach((element, j) => {
        const range = ranges[j];
        if (!range) return;
        const lo = scale.getPixelForValue(range[0]);
        const hi = scale.getPixelForValue(range[1]);
        const at = horizontal ? element.y : element.x;
        const line = (a: number, b: number, c: number, d: number) => {
          ctx.moveTo(horizontal ? b : a, horizontal ? a : b);
          ctx.lineTo(horizontal ? d : c, horizontal ? c : d);
        };
        ctx.beginPath();
        line(at, lo, at, hi);
        line(at - 5, lo, at + 5, lo);
        line(at - 5, hi, at + 5, hi);
        ctx.stroke();
      });
      ctx.restore();
    });
  },
};

/** Writes each value (es-CL) beyond its bar's end or above its point. */
export const valueLabels: Plugin = {
  id: "kitValueLabels",
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    const horizontal = chart.options.indexAxis === "y";
    ctx.save();
    ctx.font = "12px DejaVu Sans, sans-serif";
    ctx.fillStyle = "#222";
    chart.data.datasets.forEach((dataset, i) => {
      const { kitValueLabels: mode = false, kitRanges: ranges } = extra(
        chart,
        i,
      );
      const meta = chart.getDatasetMeta(i);
      if (mode === false || meta.hidden) return;
      const isBar = meta.type === "bar";
      const scale = chart.scales[horizontal ? meta.xAxisID! : meta.yAxisID!];
      // past the whisker's end, when there is one, so the two never overlap
      const end = (at: number, j: number) => {
        const range = ranges?.[j];
        if (!range) return at;
        const high = scale.getPixelForValue(range[1]);
        return horizontal ? Math.max(at, high) : Math.min(at, high);
      };
      meta.data.forEach((element, j) => {
        const raw = dataset.data[j] as unknown;
        const value = typeof raw === "number"
          ? raw
          : (raw as { y?: number } | null)?.y;
        if (typeof value !== "number" || !Number.isFinite(value)) return;
        const bar = element as unknown as {
          x: number;
          y: number;
          base?: number;
        };
        const length = isBar && bar.base !== undefined
          ? Math.abs((horizontal ? bar.x : bar.y) - bar.base)
          : Infinity;
        if (!wantsValueLabel(mode, isBar, length)) return;
        const text = formatValueLabel(value);
        if (horizontal) {
          ctx.textAlign = "left";
          ctx.textBaseline = "middle";
          ctx.fillText(text, end(bar.x, j) + 4, bar.y);
        } else {
          ctx.textAlign = "center";
          ctx.textBaseline = "bottom";
          ctx.fillText(text, bar.x, end(bar.y, j) - 4);
        }
      });
    });
    ctx.restore();
  },
};
