/**
 * The trace of a worker-pool run, built from the report the pool already
 * returns (`runTaskPool`), without touching the pool: each result is a task
 * that went from the parent's queue to a worker and a result that came
 * back; each death is a task sent and never answered, a worker that died,
 * and its task sent again to another worker (a redelivery).
 *
 * The report carries the worker's start and end of each task and, for a
 * death, when the parent sent the task; the parent's send of an answered
 * task is stamped with the worker's start (its latest possible time), and
 * the closing "FIN" exchanges, which the report does not time, are placed
 * after the last task. The order of events on each line is exact; the
 * distances between lines are not measured.
 *
 * @module
 */

import type { TaskPoolReport } from "../patterns/pool_report.ts";
import { POISON_PILL } from "../patterns/task_protocol.ts";
import { channelOf, type Trace, type TraceEvent } from "./events.ts";

/** The parent's name in pool diagrams. */
export const POOL_PARENT = "padre (colas)";

/**
 * Builds the trace of a pool run from its report.
 *
 * @example A death and its redelivery
 * ```ts
 * import { traceFromPoolReport } from "./pool.ts";
 * import { clockTrace } from "./clocks.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const trace = traceFromPoolReport({
 *   results: [
 *     { id: 1, name: "T1", worker: "w-1", attempt: 2, startMs: 30, endMs: 40, output: "" },
 *   ],
 *   finishedWorkers: [{ worker: "w-1", handled: 1 }],
 *   deaths: [{ worker: "w-0", redelivered: [1], diedAtMs: 20, inFlight: { name: "T1", sentAtMs: 10 }, cause: "gone" }],
 *   restarts: 1,
 *   elapsedMs: 50,
 * });
 * const t = clockTrace(trace);
 * assertEquals(t.messages.filter((m) => m.mark === "redelivery").length, 1);
 * assertEquals(t.events.filter((e) => e.mark === "died").map((e) => e.process), ["w-0"]);
 * ```
 */
export function traceFromPoolReport(report: TaskPoolReport): Trace {
  const events: TraceEvent[] = [];
  const message = (
    from: string,
    to: string,
    sentMs: number,
    arrivedMs: number,
    label: string,
    mark?: "redelivery",
  ) => {
    const channel = channelOf(from, to);
    const extra = mark ? { mark } : {};
    events.push({
      process: from,
      kind: "send",
      channel,
      atMs: sentMs,
      label,
      ...extra,
    });
    events.push({
      process: to,
      kind: "receive",
      channel,
      atMs: arrivedMs,
      label,
      ...extra,
    });
  };
  for (const r of report.results) {
    const redelivered = r.attempt > 1;
    message(
      POOL_PARENT,
      r.worker,
      r.startMs,
      r.startMs,
      redelivered ? `${r.name} (intento ${r.attempt})` : r.name,
      redelivered ? "redelivery" : undefined,
    );
    message(r.worker, POOL_PARENT, r.endMs, r.endMs, `resultado ${r.name}`);
  }
  for (const d of report.deaths) {
    if (d.inFlight) {
      events.push({
        process: POOL_PARENT,
        kind: "send",
        channel: channelOf(POOL_PARENT, d.worker),
        atMs: d.inFlight.sentAtMs,
        label: d.inFlight.name,
      });
    }
    events.push({
      process: d.worker,
      kind: "local",
      atMs: d.diedAtMs,
      label: d.cause === "silent" ? "murió (sin latido)" : "murió",
      mark: "died",
    });
  }
  let last = Math.max(0, ...events.map((e) => e.atMs));
  for (const f of report.finishedWorkers) {
    message(POOL_PARENT, f.worker, ++last, ++last, POISON_PILL);
    message(f.worker, POOL_PARENT, ++last, ++last, `adiós (${f.handled})`);
  }
  // Stable sort: equal stamps keep send before receive.
  events.sort((a, b) => a.atMs - b.atMs);
  return { events, omitted: 0, cap: events.length };
}

/**
 * The pool's lines left to right: the parent, then the workers in the
 * order of their names' numbers (`proceso-0`, `proceso-1`, …).
 *
 * @example
 * ```ts
 * import { poolProcessOrder, POOL_PARENT } from "./pool.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(poolProcessOrder(["hilo-10", POOL_PARENT, "hilo-2"]), [POOL_PARENT, "hilo-2", "hilo-10"]);
 * ```
 */
export function poolProcessOrder(processes: readonly string[]): string[] {
  const workers = processes.filter((p) => p !== POOL_PARENT);
  const number = (p: string) => Number(/(\d+)$/.exec(p)?.[1] ?? Infinity);
  workers.sort((a, b) => number(a) - number(b) || a.localeCompare(b));
  return [POOL_PARENT, ...workers];
}
