/**
 * The per-worker timeline of a pool run as a chart spec: one horizontal
 * track per worker, one segment per task from its start to its end. It shows
 * at a glance what the result queue's numbers say: who ran what, when, and
 * where a worker's track stops because it died.
 *
 * @module
 */

import type { ChartSpec } from "../notebook/chart.ts";
import type { TaskPoolReport } from "./worker_pool.ts";

/**
 * Builds a line chart with one series per worker; gaps (NaN) separate tasks.
 *
 * @example Two tasks on one worker make one track with a gap
 * ```ts
 * import { timelineChartSpec } from "./timeline.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const spec = timelineChartSpec({
 *   results: [
 *     { id: 1, name: "T1", worker: "hilo-0", attempt: 1, startMs: 0, endMs: 5, output: "" },
 *     { id: 2, name: "T2", worker: "hilo-0", attempt: 1, startMs: 6, endMs: 9, output: "" },
 *   ],
 *   finishedWorkers: [],
 *   deaths: [],
 *   elapsedMs: 10,
 * }, "demo");
 * assertEquals(spec.series.length, 1);
 * assertEquals(spec.series[0].data.length, 6);
 * ```
 */
export function timelineChartSpec(
  report: TaskPoolReport,
  title: string,
): ChartSpec {
  const workers = [...new Set(report.results.map((r) => r.worker))].sort();
  return {
    kind: "line",
    title,
    subtitle:
      "cada segmento es una tarea: desde que el worker la toma hasta que entrega el resultado",
    x: { label: "Tiempo desde el inicio", unit: "ms" },
    y: {
      label: "Worker (índice)",
      unit: "",
      min: -0.5,
      max: workers.length - 0.5,
    },
    series: workers.map((worker, index) => ({
      label: worker,
      data: report.results
        .filter((r) => r.worker === worker)
        .flatMap((r) => [
          { x: r.startMs, y: index },
          { x: r.endMs, y: index },
          { x: r.endMs, y: Number.NaN },
        ]),
    })),
  };
}
