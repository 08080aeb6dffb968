/**
 * The SPMD section's checked exercise: reduce partial sums by hand.
 *
 * @module
 */

import { defineExercise, type ExerciseSpec } from "../notebook/exercise.ts";
import type { Communicator } from "../spmd/communicator.ts";
import { spmdInline } from "../spmd/inline.ts";

/** What the reader writes: a rank's program returning rank 0's total. */
export type PartialSumProgram = (
  comm: Communicator,
) => Promise<number | null>;

async function totalOnRoot(f: PartialSumProgram, n: number): Promise<unknown> {
  const results = await spmdInline(n, f, { timeoutMs: 1500 });
  return results[0];
}

/**
 * The exercise: each rank's partial sum is `(comm.rank + 1) * 10`; using only
 * `send`/`recv` (not `reduce`), rank 0 must return the total and the others
 * `null`. Checks run the reader's function as 1, 2, 4 and 6 inline ranks.
 *
 * @example A correct solution passes every check
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { checkExercise } from "../notebook/exercise.ts";
 * import { spmdPartialSumExercise } from "./ch07_spmd.ts";
 *
 * const report = await checkExercise(spmdPartialSumExercise, async (comm) => {
 *   const mine = (comm.rank + 1) * 10;
 *   if (comm.rank !== 0) {
 *     await comm.send(mine, 0);
 *     return null;
 *   }
 *   let total = mine;
 *   for (let i = 1; i < comm.size; i++) total += (await comm.recv<number>()).data;
 *   return total;
 * }, { display: false });
 * assertEquals(report.passed, report.total);
 * ```
 */
export const spmdPartialSumExercise: ExerciseSpec<PartialSumProgram> =
  defineExercise<PartialSumProgram>({
    id: "spmd-suma-parcial",
    title: "Reduce a mano: suma de parciales en el proceso 0",
    checks: [1, 2, 4, 6].map((n) => ({
      name: `con ${n} proceso${n === 1 ? "" : "s"}, el proceso 0 obtiene ${
        5 * n * (n + 1)
      }`,
      run: (f: PartialSumProgram) => totalOnRoot(f, n),
      expected: 5 * n * (n + 1),
      timeoutMs: 3000,
    })),
  });
