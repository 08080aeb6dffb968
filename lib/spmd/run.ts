/**
 * `runSpmd(program)`: the one line an SPMD program file calls at its top
 * level, whichever backend runs it.
 *
 * @module
 */

import type { Communicator } from "./communicator.ts";
import { currentWorkerRankContext } from "./context.ts";
import { PortCommunicator } from "./port_communicator.ts";

/** Which backend `runSpmd` would pick in this process. */
export type SpmdBackendKind = "workers" | "mpi" | "single";

function envGet(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined; // no --allow-env: not under mpiexec as far as we can tell
  }
}

/**
 * Detects the backend: inside a kit Worker rank → "workers"; under
 * `mpiexec` (Open MPI sets OMPI_COMM_WORLD_SIZE) → "mpi"; otherwise
 * "single" (the program runs alone as rank 0 of 1).
 *
 * @example This process runs alone; one with Open MPI's variable is a rank
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { detectSpmdBackend } from "./run.ts";
 *
 * // Not a kit Worker rank, and not started by mpiexec.
 * assertEquals(detectSpmdBackend(), "single");
 *
 * // What mpiexec sets in each rank's environment is enough to switch.
 * const code = `import { detectSpmdBackend } from "${new URL("./run.ts", import.meta.url)}";
 *   console.log(detectSpmdBackend());`;
 * const output = await new Deno.Command(Deno.execPath(), {
 *   args: ["eval", "--quiet", code],
 *   env: { OMPI_COMM_WORLD_SIZE: "2" },
 *   stdin: "null",
 *   stderr: "null",
 * }).output();
 * assertEquals(new TextDecoder().decode(output.stdout).trim(), "mpi");
 * ```
 */
export function detectSpmdBackend(): SpmdBackendKind {
  if (currentWorkerRankContext()) return "workers";
  if (envGet("OMPI_COMM_WORLD_SIZE") !== undefined) return "mpi";
  return "single";
}

/**
 * The program's arguments: `spmd(..., {args})` inside Workers, the command
 * line (Deno.args) under mpiexec or when run directly.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { spmdArgs } from "./run.ts";
 *
 * assert(Array.isArray(spmdArgs()));
 * ```
 */
export function spmdArgs(): string[] {
  return currentWorkerRankContext()?.args ?? Deno.args;
}

/**
 * Runs an SPMD program as this process's rank and returns what it returned.
 *
 * - In a kit Worker (started by `spmd()` / `deno task spmd`), it uses the
 *   Worker's communicator; errors propagate and fail the run.
 * - Under `mpiexec` it loads the MPI backend (libmpi through FFI), calls
 *   MPI_Init, runs the program, MPI_Finalize. If the program throws, the
 *   error is printed to stderr as `Rank r failed: …` and the job is aborted
 *   (MPI_Abort), so mpiexec exits non-zero instead of hanging.
 * - Run directly (`deno run x.ts`) it runs as a single rank (size 1) and
 *   prints once to stderr how to start more ranks.
 *
 * @example A program run directly is rank 0 of 1
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { runSpmd } from "./run.ts";
 *
 * const size = await runSpmd((comm) => comm.size, { quiet: true });
 * assertEquals(size, 1);
 * ```
 */
export async function runSpmd<T>(
  program: (comm: Communicator) => T | Promise<T>,
  options: { quiet?: boolean } = {},
): Promise<T> {
  const context = currentWorkerRankContext();
  if (context) {
    context.started = true;
    const result = await program(context.comm);
    context.result = result;
    return result;
  }
  if (detectSpmdBackend() === "mpi") {
    const { runMpiRank } = await import("./mpi/run_mpi.ts");
    return await runMpiRank(program);
  }
  if (!options.quiet) {
    console.error(
      "[spmd] 1 proceso. Para N procesos: deno task spmd -n N <programa> (Workers) o deno task mpi -n N <programa> (Open MPI)",
    );
  }
  const comm = new PortCommunicator(0, [null], { timeoutMs: 30_000 });
  try {
    return await program(comm);
  } finally {
    comm.close();
  }
}
