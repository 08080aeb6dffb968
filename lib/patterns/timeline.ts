/**
 * The per-worker timeline of a pool run: one lane per worker, one bar per
 * task from when the worker took it to when its result came back. It shows at
 * a glance what the result queue's numbers say: who ran what and when, where a
 * worker's lane stops because it died (its last task cut short), and the task
 * that reappears on another lane as a retry.
 *
 * @module
 */

import type {
  TimelineSegment,
  TimelineSpec,
} from "../notebook/timeline_chart.ts";
import type { TaskPoolReport } from "./worker_pool.ts";

/**
 * Builds the timeline of a pool run: every worker a lane (dead ones and idle
 * ones included), finished tasks as bars, retries marked, and the task a dead
 * worker never answered as a cut bar ending when the pool saw it die.
 *
 * @example A worker dies during T2; T2 is retried on the other one
 * ```ts
 * import { timelineSpec } from "./timeline.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const spec = timelineSpec({
 *   results: [
 *     { id: 1, name: "T1", worker: "hilo-0", attempt: 1, startMs: 0, endMs: 5, output: "" },
 *     { id: 2, name: "T2", worker: "hilo-0", attempt: 2, startMs: 9, endMs: 12, output: "" },
 *   ],
 *   finishedWorkers: [{ worker: "hilo-0", handled: 2 }],
 *   deaths: [{
 *     worker: "hilo-1",
 *     redelivered: [2],
 *     diedAtMs: 8,
 *     inFlight: { name: "T2", sentAtMs: 1 },
 *     cause: "gone",
 *   }],
 *   restarts: 0,
 *   elapsedMs: 13,
 * }, "demo");
 * assertEquals(spec.lanes, ["hilo-0", "hilo-1"]);
 * assertEquals(spec.segments.map((s) => [s.lane, s.label, s.kind]), [
 *   ["hilo-0", "T1", "done"],
 *   ["hilo-0", "T2 (2º intento)", "retry"],
 *   ["hilo-1", "T2 ✗", "failed"],
 * ]);
 * ```
 */
export function timelineSpec(
  report: TaskPoolReport,
  title: string,
  options: {
    /**
     * Right end of the time axis, in ms: give every chart of a comparison
     * the same one (see {@linkcode sharedTimeAxisMs}) so equal lengths mean
     * equal times. Default: fitted to this run.
     */
    axisMaxMs?: number;
  } = {},
): TimelineSpec {
  const { axisMaxMs } = options;
  if (
    axisMaxMs !== undefined && !(Number.isFinite(axisMaxMs) && axisMaxMs > 0)
  ) {
    throw new RangeError(
      `axisMaxMs debe ser un número positivo de ms, no ${axisMaxMs}`,
    );
  }
  const lanes = [
    ...new Set([
      ...report.results.map((r) => r.worker),
      ...report.finishedWorkers.map((w) => w.worker),
      ...report.deaths.map((d) => d.worker),
    ]),
  ].sort();
  const segments: TimelineSegment[] = report.results.map((r) => ({
    lane: r.worker,
    start: r.startMs,
    end: r.endMs,
    label: r.attempt > 1 ? `${r.name} (${r.attempt}º intento)` : r.name,
    kind: r.attempt > 1 ? "retry" : "done",
  }));
  for (const death of report.deaths) {
    if (!death.inFlight) continue;
    segments.push({
      lane: death.worker,
      start: death.inFlight.sentAtMs,
      end: Math.max(death.inFlight.sentAtMs, death.diedAtMs),
      label: `${death.inFlight.name} ✗`,
      kind: "failed",
    });
  }
  return {
    title,
    subtitle:
      "cada barra es una tarea: desde que el worker la toma hasta que entrega el resultado",
    x: axisMaxMs === undefined
      ? { label: "Tiempo desde el inicio", unit: "ms" }
      : { label: "Tiempo desde el inicio", unit: "ms", min: 0, max: axisMaxMs },
    laneLabel: "Worker",
    lanes,
    segments,
  };
}

/**
 * One time axis for several runs drawn side by side: the longest run's
 * wall time (every bar ends before it), rounded up to half a power of ten
 * so the last tick is a round number.
 *
 * @example A thread run of 1 993 ms and a process run of 696 ms share 0–2 000 ms
 * ```ts
 * import { sharedTimeAxisMs } from "./timeline.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 *
 * const run = (elapsedMs: number) => ({ results: [], finishedWorkers: [], deaths: [], restarts: 0, elapsedMs });
 * assertEquals(sharedTimeAxisMs(run(1993), run(696)), 2000);
 * assertEquals(sharedTimeAxisMs(run(696)), 700);
 * assertThrows(() => sharedTimeAxisMs(), RangeError);
 * ```
 */
export function sharedTimeAxisMs(
  ...reports: readonly Pick<
    TaskPoolReport,
    "results" | "deaths" | "elapsedMs"
  >[]
): number {
  if (reports.length === 0) {
    throw new RangeError("sharedTimeAxisMs necesita al menos una corrida");
  }
  let longest = 0;
  for (const report of reports) {
    longest = Math.max(
      longest,
      report.elapsedMs,
      ...report.results.map((r) => r.endMs),
      ...report.deaths.map((d) => d.diedAtMs),
    );
  }
  // Half a power of ten: 1 820 → 2 000, 696 → 700, 1 076 → 1 500.
  const step = 10 ** Math.floor(Math.log10(Math.max(longest, 1))) / 2;
  return Math.max(step, Math.ceil(longest / step) * step);
}
