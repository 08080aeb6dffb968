/**
 * Task names inside timeline bars, without overlap: a name is drawn only
 * inside its own bar — whole if it fits, shortened to its first word ("T3
 * (2º intento)" → "T3"; the bar's colour already says "reintento") if that
 * fits, otherwise not at all — and a note under the chart says how many were
 * shortened or left out. Drawing a name past its bar's end is what made
 * "T7T9" run together and "T3 (2º intento)" cover T4.
 *
 * @module
 */

import type { Plugin } from "chart.js";

/** Space kept between a label and its bar's edges, in pixels. */
export const LABEL_PADDING_PX = 6;

/** How a segment's name was drawn. */
export type LabelFit = "whole" | "short" | "none";

/**
 * The text that fits inside a bar `widthPx` wide: the whole name, else its
 * first word, else nothing; `measure` gives a text's width in pixels.
 *
 * @example With 8 px per character
 * ```ts
 * import { fitSegmentLabel } from "./timeline_labels.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const measure = (text: string) => text.length * 8;
 * assertEquals(fitSegmentLabel("T3 (2º intento)", 200, measure), { text: "T3 (2º intento)", fit: "whole" });
 * assertEquals(fitSegmentLabel("T3 (2º intento)", 40, measure), { text: "T3", fit: "short" });
 * assertEquals(fitSegmentLabel("T3", 10, measure), { text: "", fit: "none" });
 * ```
 */
export function fitSegmentLabel(
  text: string,
  widthPx: number,
  measure: (text: string) => number,
): { text: string; fit: LabelFit } {
  const fits = (t: string) =>
    t !== "" && measure(t) + LABEL_PADDING_PX <= widthPx;
  if (fits(text)) return { text, fit: "whole" };
  const short = text.trim().split(/\s+/)[0] ?? "";
  if (short !== text && fits(short)) return { text: short, fit: "short" };
  return { text: "", fit: text === "" ? "whole" : "none" };
}

/**
 * The Spanish note under a timeline that had to shorten or leave out names
 * (`""` when every name was drawn whole).
 *
 * @example
 * ```ts
 * import { labelNote } from "./timeline_labels.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(labelNote(0, 0), "");
 * assertEquals(
 *   labelNote(1, 2),
 *   "1 nombre acortado y 2 omitidos: no cabían en su barra (el color dice el tipo)",
 * );
 * ```
 */
export function labelNote(shortened: number, dropped: number): string {
  const parts: string[] = [];
  if (shortened > 0) {
    parts.push(
      shortened === 1 ? "1 nombre acortado" : `${shortened} nombres acortados`,
    );
  }
  if (dropped > 0) {
    const noun = parts.length > 0 ? "" : dropped === 1 ? " nombre" : " nombres";
    parts.push(`${dropped}${noun} ${dropped === 1 ? "omitido" : "omitidos"}`);
  }
  if (parts.length === 0) return "";
  return `${parts.join(" y ")}: no cabían en su barra (el color dice el tipo)`;
}

/** Space under the chart kept for the note, in pixels. */
export const NOTE_SPACE_PX = 24;

/**
 * A chart.js plugin that writes each bar's name inside it (fitted) and, when
 * some did not fit, the note in the space kept under the chart.
 */
export function segmentLabels(): Plugin {
  let note = "";
  return {
    id: "kitSegmentLabels",
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      let shortened = 0;
      let dropped = 0;
      ctx.save();
      ctx.font = "bold 13px DejaVu Sans, sans-serif";
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.fillStyle = "#ffffff";
      chart.data.datasets.forEach((dataset, i) => {
        const labels =
          (dataset as unknown as { kitLabels?: string[] }).kitLabels ?? [];
        chart.getDatasetMeta(i).data.forEach((element, j) => {
          const bar = element as unknown as {
            x: number;
            y: number;
            base: number;
          };
          const { text, fit } = fitSegmentLabel(
            labels[j] ?? "",
            Math.abs(bar.x - bar.base),
            (t) => ctx.measureText(t).width,
          );
          if (fit === "short") shortened++;
          if (fit === "none") dropped++;
          if (text) ctx.fillText(text, (bar.x + bar.base) / 2, bar.y);
        });
      });
      ctx.restore();
      note = labelNote(shortened, dropped);
    },
    afterDraw(chart) {
      if (!note) return;
      const { ctx } = chart;
      ctx.save();
      ctx.font = "italic 12px DejaVu Sans, sans-serif";
      ctx.fillStyle = "#444";
      ctx.textAlign = "left";
      ctx.textBaseline = "bottom";
      ctx.fillText(note, 8, chart.height - 4);
      ctx.restore();
    },
  };
}
