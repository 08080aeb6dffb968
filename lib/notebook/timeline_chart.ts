/**
 * Timeline (Gantt) charts: who did what, and when.
 *
 * A task farm or a worker pool is easiest to understand as lanes — one per
 * worker — with a bar per task from when it was taken to when its result came
 * back. Gaps between bars are idle time, a lane that stops is a worker that
 * died, and a task that shows up twice (failed, then retried elsewhere) is a
 * redelivery. Line charts hide all three, so this is its own chart kind.
 *
 * @module
 */

import type { ChartAxis } from "./chart_spec.ts";
import { valueAxisTicks } from "./chart_axes.ts";
import {
  drawChartPng,
  PALETTE,
  plainText,
  presentChart,
  titlePlugins,
} from "./chart_canvas.ts";
import { formatNumber } from "./number_format.ts";
import { NOTE_SPACE_PX, segmentLabels } from "./timeline_labels.ts";

/**
 * Width kept for the lane names, in pixels, the same on every timeline so
 * that timelines drawn one above the other share their time axis pixel for
 * pixel.
 */
const LANE_AXIS_PX = 130;

/** What to draw. */
export interface TimelineSpec {
  /** What the chart shows. */
  title: string;
  /** A second line under the title: how and when it was measured. */
  subtitle?: string;
  /** The time axis, e.g. `{ label: "Tiempo desde el inicio", unit: "ms" }`. */
  x: ChartAxis;
  /** What a lane is, e.g. "Worker". */
  laneLabel: string;
  /** Lanes in order; defaults to the lanes of the segments, sorted. Lanes may be empty. */
  lanes?: readonly string[];
  /** The bars: one per task attempt. */
  segments: readonly {
    /** The lane (worker) the bar belongs to. */
    lane: string;
    /** When the attempt started, in the unit of `x`. */
    start: number;
    /** When it ended, in the unit of `x`. */
    end: number;
    /** Short text drawn inside the bar (e.g. the task's name). */
    label: string;
    /** How it ended: normally (default), as a retry of an earlier attempt, or cut short. */
    kind?: "done" | "retry" | "failed";
  }[];
  /** Pixel width; default 960. */
  width?: number;
  /** Pixel height; default grows with the number of lanes. */
  height?: number;
  /** Also write the PNG to this path (in or out of the kernel). */
  savePath?: string;
}

/** One bar of a timeline. */
export type TimelineSegment = TimelineSpec["segments"][number];

/** How a segment ended. */
export type SegmentKind = NonNullable<TimelineSegment["kind"]>;

const KIND_STYLE: Record<SegmentKind, { label: string; color: string }> = {
  done: { label: "tarea", color: PALETTE[0] },
  retry: { label: "reintento (reentregada)", color: PALETTE[2] },
  failed: { label: "cortada (el worker murió)", color: PALETTE[3] },
};

function validate(spec: TimelineSpec): void {
  if (!spec.title.trim()) {
    throw new TypeError("El gráfico necesita un título");
  }
  if (!spec.x.label.trim()) {
    throw new TypeError("El eje x del gráfico necesita un nombre");
  }
  if (!spec.laneLabel.trim()) {
    throw new TypeError(
      "La línea de tiempo necesita un nombre para sus carriles (laneLabel)",
    );
  }
  for (const s of spec.segments) {
    if (
      !(Number.isFinite(s.start) && Number.isFinite(s.end)) || s.end < s.start
    ) {
      throw new RangeError(
        `El tramo "${s.label}" tiene un intervalo inválido [${
          formatNumber(s.start)
        }; ${formatNumber(s.end)}]: debe terminar después de empezar`,
      );
    }
  }
}

/**
 * Draws a timeline as PNG bytes.
 *
 * @example Two workers, one retried task
 * ```ts
 * import { renderTimelinePng } from "./timeline_chart.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const png = await renderTimelinePng({
 *   title: "Quién hizo qué",
 *   x: { label: "Tiempo", unit: "ms" },
 *   laneLabel: "Worker",
 *   segments: [
 *     { lane: "w0", start: 0, end: 40, label: "T1" },
 *     { lane: "w1", start: 5, end: 20, label: "T2", kind: "failed" },
 *     { lane: "w0", start: 45, end: 70, label: "T2", kind: "retry" },
 *   ],
 * });
 * assertEquals([...png.subarray(1, 4)], [80, 78, 71]);
 * ```
 */
export async function renderTimelinePng(
  spec: TimelineSpec,
): Promise<Uint8Array> {
  validate(spec);
  const lanes = spec.lanes
    ? [...spec.lanes]
    : [...new Set(spec.segments.map((s) => s.lane))].sort();
  const kinds = (["done", "retry", "failed"] as const).filter((k) =>
    spec.segments.some((s) => (s.kind ?? "done") === k)
  );
  const datasets = kinds.map((kind) => {
    const segments = spec.segments.filter((s) => (s.kind ?? "done") === kind);
    return {
      label: KIND_STYLE[kind].label,
      data: segments.map((s) => ({ x: [s.start, s.end], y: s.lane })),
      backgroundColor: KIND_STYLE[kind].color,
      borderColor: "#ffffff",
      borderWidth: 1,
      borderSkipped: false,
      grouped: false,
      barPercentage: 0.7,
      categoryPercentage: 1,
      minBarLength: 3,
      kitLabels: segments.map((s) => plainText(s.label)),
    };
  });
  const height = spec.height ?? Math.max(260, 150 + lanes.length * 60);
  return await drawChartPng(
    {
      type: "bar",
      data: { labels: lanes, datasets: datasets as never },
      options: {
        indexAxis: "y",
        layout: { padding: { bottom: NOTE_SPACE_PX } },
        plugins: {
          ...titlePlugins(spec.title, spec.subtitle),
          legend: { display: true, position: "bottom" },
        },
        scales: {
          x: {
            type: "linear",
            title: {
              display: true,
              text: plainText(
                spec.x.unit ? `${spec.x.label} (${spec.x.unit})` : spec.x.label,
              ),
            },
            min: spec.x.min,
            max: spec.x.max,
            ...valueAxisTicks(false),
          },
          y: {
            type: "category",
            title: { display: true, text: plainText(spec.laneLabel) },
            afterFit: (scale: { width: number }) => {
              scale.width = LANE_AXIS_PX;
            },
          },
        },
      },
      plugins: [segmentLabels()],
    } as never,
    spec.width ?? 960,
    height,
  );
}

/**
 * Draws a timeline and shows it in the notebook (outside the kernel, prints a
 * one-line note). Resolves to nothing; {@linkcode renderTimelinePng} returns
 * the bytes.
 *
 * @example Saved to a file outside the kernel
 * ```ts
 * import { timelineChart } from "./timeline_chart.ts";
 * import { assert } from "@std/assert";
 *
 * const savePath = await Deno.makeTempFile({ suffix: ".png" });
 * await timelineChart({
 *   title: "Pool de 2 hilos",
 *   x: { label: "Tiempo", unit: "ms" },
 *   laneLabel: "Worker",
 *   lanes: ["hilo-0", "hilo-1", "hilo-2"], // hilo-2 never got a task
 *   segments: [{ lane: "hilo-0", start: 1, end: 9, label: "T1" }],
 *   savePath,
 * });
 * assert((await Deno.stat(savePath)).size > 1000);
 * await Deno.remove(savePath);
 * ```
 */
export async function timelineChart(spec: TimelineSpec): Promise<void> {
  await presentChart(
    await renderTimelinePng(spec),
    spec.title,
    spec.savePath,
  );
}
