/**
 * Runs an SPMD program as one rank of an Open MPI job.
 *
 * @module
 */

import type { Communicator } from "../communicator.ts";
import { MpiCommunicator } from "./communicator.ts";
import { MpiRuntime } from "./runtime.ts";

function waitBound(): number {
  try {
    const raw = Deno.env.get("KIT_SPMD_TIMEOUT_MS");
    if (raw && Number(raw) > 0) return Number(raw);
  } catch { /* no env permission */ }
  return 120_000;
}

/**
 * MPI_Init, run `program` with an {@linkcode MpiCommunicator}, MPI_Finalize.
 * A program that throws prints `Rank r failed: <message>` to stderr and
 * aborts the job (MPI_Abort with code 1), so `mpiexec` stops every rank and
 * exits non-zero rather than leaving peers blocked. Every wait of the rank
 * is bounded by KIT_SPMD_TIMEOUT_MS (default 120000 ms).
 *
 * @example One rank's program (needs `mpiexec`: run it as `mpiexec -n 2 deno run -A file.ts`)
 * ```ts ignore
 * import { assertEquals } from "@std/assert";
 * import { runMpiRank } from "./run_mpi.ts";
 *
 * await runMpiRank(async (comm) => {
 *   const total = await comm.reduce(comm.rank + 1, "sum", 0);
 *   if (comm.rank === 0) assertEquals(total, (comm.size * (comm.size + 1)) / 2);
 * });
 * ```
 */
export async function runMpiRank<T>(
  program: (comm: Communicator) => T | Promise<T>,
): Promise<T> {
  const runtime = MpiRuntime.init(waitBound());
  const comm = new MpiCommunicator(runtime);
  let result: T;
  try {
    result = await program(comm);
  } catch (error) {
    const message = error instanceof Error
      ? `${error.name}: ${error.message}`
      : String(error);
    console.error(`El proceso de rank ${runtime.rank} falló: ${message}`);
    runtime.abort(1);
    throw error;
  }
  await runtime.finalize();
  return result;
}
