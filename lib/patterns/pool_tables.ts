/**
 * The tables and captions notebook 04 shows for its pool runs, in es-CL:
 * who got a "FIN" after how many tasks, and when each run's workers began
 * working.
 *
 * @module
 */

import { formatNumber } from "../notebook/number_format.ts";
import { type PoolRunFigures, poolStartup } from "./pool_findings.ts";
import type { TaskPoolReport } from "./worker_pool.ts";

const ms = (value: number) => `${formatNumber(value, 0)} ms`;

/**
 * One line per worker that got its "FIN": "[hilo-1] recibió FIN tras 4 tareas".
 *
 * @example Singular and plural
 * ```ts
 * import { finishedWorkersText } from "./pool_tables.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(
 *   finishedWorkersText({ finishedWorkers: [{ worker: "hilo-0", handled: 1 }, { worker: "hilo-1", handled: 4 }] }),
 *   "[hilo-0] recibió FIN tras 1 tarea\n[hilo-1] recibió FIN tras 4 tareas",
 * );
 * ```
 */
export function finishedWorkersText(
  report: Pick<TaskPoolReport, "finishedWorkers">,
): string {
  return report.finishedWorkers.map((w) =>
    `[${w.worker}] recibió FIN tras ${formatNumber(w.handled)} tarea${
      w.handled === 1 ? "" : "s"
    }`
  ).join("\n");
}

/**
 * A table row per run: total time, and when its first and last worker began
 * working (their start-up, seen from the pool), in ms.
 *
 * @example
 * ```ts
 * import { startupRows } from "./pool_tables.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const run = { results: [{ id: 1, name: "T1", worker: "w", attempt: 1, startMs: 30, endMs: 60, output: "" }], deaths: [], elapsedMs: 70 };
 * assertEquals(startupRows({ hilos: run }), [{
 *   workers: "hilos",
 *   "tiempo total (ms)": 70,
 *   "primer worker trabajando (ms)": 30,
 *   "último worker trabajando (ms)": 30,
 *   tareas: 1,
 * }]);
 * ```
 */
export function startupRows(
  runs: Readonly<Record<string, PoolRunFigures>>,
): Record<string, string | number>[] {
  return Object.entries(runs).map(([label, run]) => {
    const startup = poolStartup(run);
    return {
      workers: label,
      "tiempo total (ms)": run.elapsedMs,
      "primer worker trabajando (ms)": startup.firstReadyMs,
      "último worker trabajando (ms)": startup.lastReadyMs,
      tareas: run.results.length,
    };
  });
}

/**
 * The caption of a run's result table: its total time, es-CL.
 *
 * @example
 * ```ts
 * import { resultsCaption } from "./pool_tables.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(resultsCaption({ elapsedMs: 1993.4 }), "Cola de resultados · 1.993 ms en total, arranque de los workers incluido");
 * ```
 */
export function resultsCaption(
  report: Pick<TaskPoolReport, "elapsedMs">,
): string {
  return `Cola de resultados · ${
    ms(report.elapsedMs)
  } en total, arranque de los workers incluido`;
}
