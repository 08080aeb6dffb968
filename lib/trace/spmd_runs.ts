/**
 * The SPMD bcast + reduce of notebook 07, traced on the real backends:
 * `n` Workers of this process (each rank a thread with its own event loop)
 * and `n` processes under Open MPI's `mpiexec`. Every rank records its own
 * events (see `programs/bcast_reduce.ts`); here they are merged into one
 * trace. Times are `performance.timeOrigin + performance.now()` in every
 * rank: comparable across the threads and processes of one machine, and
 * `clockTrace` orders by causality first anyway.
 *
 * @module
 */

import { mpiexecAvailable, runMpiJob } from "../spmd/mpi/launch.ts";
import { spmd } from "../spmd/workers.ts";
import { type ClockedTrace, clockTrace } from "./clocks.ts";
import { mergeTraces, type Trace } from "./events.ts";
import { parseTraceLines } from "./lines.ts";

const PROGRAM = new URL("./programs/bcast_reduce.ts", import.meta.url);
const TOTAL_PREFIX = "[total] ";

function checkRanks(n: number): void {
  if (!(Number.isInteger(n) && n >= 2 && n <= 8)) {
    throw new RangeError(`Entre 2 y 8 procesos, no ${n}`);
  }
}

function isTrace(value: unknown): value is Trace {
  const t = value as Trace | null;
  return typeof t === "object" && t !== null && Array.isArray(t.events) &&
    Number.isInteger(t.omitted) && Number.isInteger(t.cap);
}

/**
 * Runs the traced bcast + reduce on `n` Workers and merges the ranks'
 * traces (each came back in its rank's result message).
 *
 * @example Three Worker ranks: the sum, and every collective arrow paired
 * ```ts
 * import { traceBcastReduceOnWorkers } from "./spmd_runs.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const { trace, total } = await traceBcastReduceOnWorkers(3);
 * assertEquals(total, 3 * 10 + 0 + 1 + 2);
 * assertEquals(trace.processes.length, 3);
 * assertEquals(trace.messages.length, 4);
 * assertEquals(trace.unmatchedReceives, 0);
 * ```
 */
export async function traceBcastReduceOnWorkers(
  n: number,
  options: { timeoutMs?: number } = {},
): Promise<{ trace: ClockedTrace; total: number }> {
  checkRanks(n);
  const run = await spmd(n, PROGRAM, {
    timeoutMs: options.timeoutMs ?? 30_000,
  });
  const traces: Trace[] = [];
  let total: number | null = null;
  for (const { rank, result } of run.ranks) {
    const r = result as { total?: unknown; trace?: unknown } | null;
    if (!r || !isTrace(r.trace)) {
      throw new TypeError(`El proceso ${rank} no devolvió su traza`);
    }
    traces.push(r.trace);
    if (rank === 0 && typeof r.total === "number") total = r.total;
  }
  if (total === null) throw new TypeError("El proceso 0 no devolvió la suma");
  return { trace: clockTrace(mergeTraces(traces)), total };
}

/**
 * Runs the traced bcast + reduce as `n` processes under `mpiexec` and
 * merges the `[traza]` lines every rank printed. `null` when Open MPI is
 * not installed here.
 *
 * @example Under Open MPI (skipped where it is missing)
 * ```ts
 * import { traceBcastReduceOnMpi } from "./spmd_runs.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const run = await traceBcastReduceOnMpi(2);
 * if (run !== null) {
 *   assertEquals(run.total, 2 * 10 + 0 + 1);
 *   assertEquals(run.trace.processes.sort(), ["proceso 0", "proceso 1"]);
 *   assertEquals(run.trace.unmatchedReceives, 0);
 * }
 * ```
 */
export async function traceBcastReduceOnMpi(
  n: number,
  options: { timeoutMs?: number } = {},
): Promise<{ trace: ClockedTrace; total: number } | null> {
  checkRanks(n);
  if (!await mpiexecAvailable()) return null;
  const config = new URL("../../deno.json", import.meta.url).pathname;
  const job = await runMpiJob([{
    ranks: n,
    command: [
      Deno.execPath(),
      "run",
      "-A",
      `--config=${config}`,
      PROGRAM.pathname,
    ],
  }], { timeoutMs: options.timeoutMs ?? 60_000 });
  if (!job.success) {
    throw new TypeError(
      `mpiexec terminó con código ${job.code}${
        job.timedOut ? " (venció el plazo)" : ""
      }: ${job.stderr.trim().split("\n").slice(-3).join(" | ")}`,
    );
  }
  const { trace, other } = parseTraceLines(job.stdout);
  const line = other.find((l) => l.startsWith(TOTAL_PREFIX));
  const total = Number(line?.slice(TOTAL_PREFIX.length));
  if (!Number.isFinite(total)) {
    throw new TypeError("El proceso 0 no imprimió la suma");
  }
  return { trace: clockTrace(trace), total };
}
