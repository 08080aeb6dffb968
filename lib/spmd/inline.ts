/**
 * SPMD ranks as concurrent async functions in the calling thread.
 *
 * @module
 */

import type { Communicator } from "./communicator.ts";
import { deadline } from "../util/deadline.ts";
import { SpmdRankError, SpmdTimeoutError } from "./errors.ts";
import { closeMesh, createMesh } from "./mesh.ts";
import { PortCommunicator } from "./port_communicator.ts";
import { formatNumber } from "../notebook/number_format.ts";

/**
 * Runs `program` as `n` ranks inside this thread, joined by MessageChannels,
 * and returns each rank's return value in rank order. It exists for what a
 * Worker cannot receive — a function written in a notebook cell (exercises)
 * — and for tests. The ranks interleave on one event loop, so there is no
 * parallel speed-up here; use `spmd()` for that. A rank that throws fails
 * the run with a {@linkcode SpmdRankError} and the other ranks' waits end.
 *
 * @example Rank 0 collects every rank's square
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { spmdInline } from "./inline.ts";
 *
 * const results = await spmdInline(3, (comm) => comm.gather(comm.rank ** 2));
 * assertEquals(results, [[0, 1, 4], null, null]);
 * ```
 */
export async function spmdInline<T>(
  n: number,
  program: (comm: Communicator) => T | Promise<T>,
  options: {
    /** Bound of the whole run and of each wait, in ms (default 5000). */
    timeoutMs?: number;
  } = {},
): Promise<T[]> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const mesh = createMesh(n);
  const comms = mesh.map((ports, rank) =>
    new PortCommunicator(rank, ports, { timeoutMs })
  );
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
    for (const comm of comms) comm.close(failure);
  };
  try {
    const ranks = comms.map(async (comm) => {
      try {
        return await program(comm);
      } catch (error) {
        const rankError = new SpmdRankError(
          comm.rank,
          error instanceof Error ? error.message : String(error),
          error instanceof Error ? error.stack : undefined,
        );
        fail(rankError);
        throw rankError;
      }
    });
    const settled = await deadline(
      Promise.allSettled(ranks),
      timeoutMs,
      "la ejecución SPMD",
      {
        timeoutError: (what, ms) =>
          new SpmdTimeoutError(
            `La ejecución SPMD de ${n} procesos no terminó en ${
              formatNumber(ms)
            } ms`,
            ms,
            what,
          ),
      },
    ).catch((error) => {
      // Closing the communicators ends every rank still waiting.
      if (error instanceof SpmdTimeoutError) fail(error);
      throw error;
    });
    if (failure) throw failure;
    return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
  } finally {
    for (const comm of comms) comm.close();
    closeMesh(mesh);
  }
}
