/**
 * The drawing surface shared by every kit chart: chart.js registered once,
 * drawn onto an @napi-rs/canvas with an opaque white background, encoded as
 * PNG, and shown (or returned) the same way for every chart kind.
 *
 * @module
 */

import {
  Chart,
  type ChartConfiguration,
  type Plugin,
  registerables,
} from "chart.js";
import { createCanvas } from "@napi-rs/canvas";
import { inKernel, showPng } from "./display.ts";
import { formatNumber } from "./number_format.ts";

Chart.register(...registerables);
Chart.defaults.font.family = "DejaVu Sans, sans-serif";
Chart.defaults.font.size = 15;
Chart.defaults.color = "#222";
// chart.js's own number formatting (tooltips, any tick the kit does not format) in es-CL
Chart.defaults.locale = "es-CL";

/** Colour-blind-friendly palette (Okabe–Ito). */
export const PALETTE = [
  "#0072B2",
  "#E69F00",
  "#009E73",
  "#D55E00",
  "#CC79A7",
  "#56B4E9",
  "#F0E442",
  "#000000",
] as const;

const whiteBackground: Plugin = {
  id: "kitWhiteBackground",
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/**
 * Draws a chart.js configuration to PNG bytes at the given pixel size, on
 * white (a transparent PNG is unreadable on a dark notebook theme).
 *
 * @example
 * ```ts
 * import { drawChartPng } from "./chart_canvas.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const png = await drawChartPng({
 *   type: "bar",
 *   data: { labels: ["a"], datasets: [{ label: "x", data: [1] }] },
 * }, 320, 200);
 * assertEquals([...png.subarray(1, 4)], [80, 78, 71]);
 * ```
 */
export async function drawChartPng(
  config: ChartConfiguration,
  width: number,
  height: number,
): Promise<Uint8Array> {
  const canvas = createCanvas(width, height);
  const full = {
    ...config,
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      ...config.options,
    },
    plugins: [whiteBackground, ...(config.plugins ?? [])],
  } as ChartConfiguration;
  // chart.js accepts any object with getContext("2d"); @napi-rs/canvas provides one.
  const chart = new Chart(
    canvas as unknown as ConstructorParameters<typeof Chart>[0],
    full,
  );
  try {
    return new Uint8Array(await canvas.encode("png"));
  } finally {
    chart.destroy();
  }
}

/**
 * Text as a chart shows it: a canvas cannot render Markdown, so code spans
 * (`` `x` ``) lose their backticks instead of showing them, and stray
 * backticks are dropped; surrounding spaces are trimmed.
 *
 * @example A title written in Markdown
 * ```ts
 * import { plainText } from "./chart_canvas.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(plainText("Latencia de `send()` y ``recv``"), "Latencia de send() y recv");
 * assertEquals(plainText(" un ` suelto "), "un  suelto");
 * ```
 */
export function plainText(text: string): string {
  return text.replace(/(`+)([^`]*?)\1/g, "$2").replaceAll("`", "").trim();
}

/**
 * The title and subtitle every kit chart carries, styled once (Markdown code
 * spans are shown as plain text).
 *
 * @example
 * ```ts
 * import { titlePlugins } from "./chart_canvas.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(titlePlugins("Latencia").subtitle.display, false);
 * ```
 */
export function titlePlugins(title: string, subtitle?: string) {
  return {
    title: {
      display: true,
      text: plainText(title),
      font: { size: 19, weight: "bold" as const },
    },
    subtitle: {
      display: Boolean(subtitle),
      text: plainText(subtitle ?? ""),
      font: { size: 14 },
      padding: { bottom: 10 },
    },
  };
}

/** What a chart display function produced. */
/**
 * Shows a rendered chart in the notebook; outside the kernel prints a one-line
 * note. Writes the PNG when `savePath` is given (always honoured, in or out
 * of the kernel). Resolves to nothing, so a cell ending in a chart shows no
 * empty `Out[n]`; the pure renderers return the PNG.
 *
 * @example Writing the PNG outside the kernel
 * ```ts
 * import { presentChart } from "./chart_canvas.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const path = await Deno.makeTempFile({ suffix: ".png" });
 * const png = new Uint8Array([137, 80, 78, 71]);
 * await presentChart(png, "demo", path);
 * assertEquals(await Deno.readFile(path), png);
 * await Deno.remove(path);
 * ```
 */
export async function presentChart(
  png: Uint8Array,
  title: string,
  savePath?: string,
): Promise<void> {
  let savedTo: string | undefined;
  if (savePath) {
    await Deno.writeFile(savePath, png);
    savedTo = savePath;
  }
  if (inKernel()) {
    await showPng(png, plainText(title));
  } else {
    console.log(
      `[gráfico] ${plainText(title)}${savedTo ? ` → ${savedTo}` : ""} (${
        formatNumber(png.length)
      } bytes PNG)`,
    );
  }
}
