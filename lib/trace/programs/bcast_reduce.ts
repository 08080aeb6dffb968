/**
 * An SPMD program that traces itself: rank 0 broadcasts 10, every rank
 * adds its rank, rank 0 reduces the sum. Each rank records its own events
 * through `traceCommunicator` (a Worker or an MPI process cannot share a
 * recorder) and hands them back: on Workers as part of its result (a
 * message to the launcher); under `mpiexec` as `[traza] …` lines on stdout,
 * which mpiexec forwards. Nothing extra travels between the ranks.
 *
 * Run it: `deno task spmd -n 3 lib/trace/programs/bcast_reduce.ts`
 * (Workers) or `deno task mpi -n 3 lib/trace/programs/bcast_reduce.ts`
 * (Open MPI).
 *
 * @module
 */

import { detectSpmdBackend, runSpmd } from "../../spmd/run.ts";
import { traceCommunicator } from "../communicator.ts";
import { TraceRecorder } from "../events.ts";
import { traceLines } from "../lines.ts";

/** Prefix of rank 0's line with the reduced sum under mpiexec. */
export const TOTAL_LINE_PREFIX = "[total] ";

const recorder = new TraceRecorder();
await runSpmd(async (raw) => {
  const comm = traceCommunicator(raw, recorder);
  const x = await comm.bcast(comm.rank === 0 ? 10 : undefined);
  const total = await comm.reduce(x + comm.rank, "sum");
  const trace = recorder.trace();
  if (detectSpmdBackend() === "mpi") {
    const lines = traceLines(trace);
    if (comm.rank === 0) lines.push(TOTAL_LINE_PREFIX + String(total));
    console.log(lines.join("\n"));
    return null;
  }
  return { total: comm.rank === 0 ? total : null, trace };
}, { quiet: true });
