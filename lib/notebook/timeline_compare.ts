/**
 * Timelines compared: several runs (threads vs processes, a pool before and
 * after a worker dies) drawn one above the other on ONE time scale, so a run
 * that took three times as long looks three times as long — two charts each
 * fitted to its own data would make them look alike.
 *
 * @module
 */

import { createCanvas, loadImage } from "@napi-rs/canvas";
import { presentChart } from "./chart_canvas.ts";
import { renderTimelinePng, type TimelineSpec } from "./timeline_chart.ts";

/**
 * The same timelines on one time scale: from 0 (or the earliest start, if
 * negative) to the latest end among all of them, so that a run that took
 * twice as long looks twice as long. Axis bounds already set are kept.
 *
 * @example Two runs, the second one longer
 * ```ts
 * import { sharedTimeScale } from "./timeline_compare.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const run = (end: number) => ({
 *   title: "t",
 *   x: { label: "Tiempo", unit: "ms" },
 *   laneLabel: "Worker",
 *   segments: [{ lane: "w0", start: 1, end, label: "T1" }],
 * });
 * const [a, b] = sharedTimeScale([run(40), run(90)]);
 * assertEquals([a.x.min, a.x.max, b.x.max], [0, 90, 90]);
 * ```
 */
export function sharedTimeScale(
  specs: readonly TimelineSpec[],
): TimelineSpec[] {
  const segments = specs.flatMap((s) => s.segments);
  const min = Math.min(0, ...segments.map((s) => s.start));
  const max = Math.max(...segments.map((s) => s.end), min + 1);
  return specs.map((spec) => ({
    ...spec,
    x: { ...spec.x, min: spec.x.min ?? min, max: spec.x.max ?? max },
  }));
}

/**
 * Draws several timelines one above the other on one time scale (see
 * {@linkcode sharedTimeScale}), their time axes aligned pixel for pixel, as
 * one PNG.
 *
 * @example Threads and processes, compared on one axis
 * ```ts
 * import { renderTimelinesPng } from "./timeline_compare.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const png = await renderTimelinesPng([
 *   { title: "Hilos", x: { label: "Tiempo", unit: "ms" }, laneLabel: "Worker",
 *     segments: [{ lane: "hilo-0", start: 0, end: 30, label: "T1" }] },
 *   { title: "Procesos", x: { label: "Tiempo", unit: "ms" }, laneLabel: "Worker",
 *     segments: [{ lane: "proceso-0", start: 0, end: 90, label: "T1" }] },
 * ]);
 * assertEquals([...png.subarray(1, 4)], [80, 78, 71]);
 * ```
 */
export async function renderTimelinesPng(
  specs: readonly TimelineSpec[],
): Promise<Uint8Array> {
  if (specs.length === 0) {
    throw new TypeError("Hace falta al menos una línea de tiempo");
  }
  const width = Math.max(...specs.map((s) => s.width ?? 960));
  const images = [];
  for (const spec of sharedTimeScale(specs)) {
    images.push(await loadImage(await renderTimelinePng({ ...spec, width })));
  }
  const canvas = createCanvas(
    width,
    images.reduce((sum, image) => sum + image.height, 0),
  );
  const ctx = canvas.getContext("2d");
  let top = 0;
  for (const image of images) {
    ctx.drawImage(image, 0, top);
    top += image.height;
  }
  return new Uint8Array(await canvas.encode("png"));
}

/**
 * Draws several timelines on one time scale and shows them in the notebook
 * as one image (outside the kernel, returns the PNG).
 *
 * @example
 * ```ts
 * import { timelinesChart } from "./timeline_compare.ts";
 * import { assert } from "@std/assert";
 *
 * const spec = {
 *   title: "Pool",
 *   x: { label: "Tiempo", unit: "ms" },
 *   laneLabel: "Worker",
 *   segments: [{ lane: "w0", start: 0, end: 5, label: "T1" }],
 * };
 * const path = await Deno.makeTempFile({ suffix: ".png" });
 * await timelinesChart([spec, { ...spec, title: "Otro" }], path);
 * assert((await Deno.stat(path)).size > 1000);
 * await Deno.remove(path);
 * ```
 */
export async function timelinesChart(
  specs: readonly TimelineSpec[],
  savePath?: string,
): Promise<void> {
  await presentChart(
    await renderTimelinesPng(specs),
    specs.map((s) => s.title).join(" · "),
    savePath,
  );
}
