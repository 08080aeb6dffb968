/**
 * Notebook 07's second exercise: a `reduce` by hand. Each rank's partial sum
 * is `(comm.rank + 1) * 10`; with only `send`/`recv`, rank 0 returns the
 * total and the others `null`. The checks run the reader's function as
 * inline ranks, compare what every rank returned, and refuse collectives.
 *
 * @module
 */

import {
  defineExercise,
  type ExerciseSpec,
  type SolutionOf,
} from "../notebook/exercise.ts";
import type { Communicator } from "../spmd/communicator.ts";
import { spmdInline } from "../spmd/inline.ts";

/** Exercise 2, what the reader writes: a rank's program returning rank 0's total. */
export type PartialSumProgram = SolutionOf<typeof spmdPartialSumExercise>;

const COLLECTIVES = [
  "barrier",
  "bcast",
  "scatter",
  "gather",
  "reduce",
  "allreduce",
] as const;

/** The communicator with its collective calls refused (Spanish error). */
function pointToPointOnly(comm: Communicator): Communicator {
  return new Proxy(comm, {
    get(target, key, receiver) {
      if ((COLLECTIVES as readonly PropertyKey[]).includes(key)) {
        return () =>
          Promise.reject(
            new TypeError(
              `El ejercicio pide solo send/recv: el proceso ${target.rank} llamó a comm.${
                String(key)
              }`,
            ),
          );
      }
      const value = Reflect.get(target, key, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** What every rank returned, as `[rank 0, rank 1, …]`. */
async function everyRank(f: PartialSumProgram, n: number): Promise<unknown> {
  return await spmdInline(n, (comm) => f(pointToPointOnly(comm)), {
    timeoutMs: 1500,
  });
}

/**
 * The exercise: each rank's partial sum is `(comm.rank + 1) * 10`; using only
 * `send`/`recv` (not `reduce`), rank 0 must return the total and the others
 * `null`. Checks run the reader's function as 1, 2, 4 and 6 inline ranks,
 * compare what EVERY rank returned, and refuse collective calls.
 *
 * @example A correct solution passes every check
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { checkExercise } from "../notebook/exercise.ts";
 * import { spmdPartialSumExercise } from "./ch07_spmd_partial_sum.ts";
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
export const spmdPartialSumExercise: ExerciseSpec<
  (
    comm: Communicator,
  ) => Promise<number | null>
> = defineExercise({
  id: "spmd-suma-parcial",
  title: "Reduce a mano: suma de parciales en el proceso 0",
  checks: [1, 2, 4, 6].map((n) => ({
    name: `con ${n} proceso${n === 1 ? "" : "s"}, el proceso 0 devuelve ${
      5 * n * (n + 1)
    }${n > 1 ? " y los demás null" : ""} (solo send/recv)`,
    run: (f: PartialSumProgram) => everyRank(f, n),
    expected: [5 * n * (n + 1), ...Array(n - 1).fill(null)],
    timeoutMs: 3000,
  })),
  hints: [
    "Dos papeles: si `comm.rank !== 0`, envía tu parte al 0 " +
    "(`await comm.send(mine, 0)`) y devuelve `null`.",
    "El proceso 0 empieza con su propia parte y recibe `comm.size - 1` " +
    "mensajes; el valor viene en `.data`: `(await comm.recv<number>()).data`.",
    "Declara la función `async`, y no olvides sumar la parte del 0: con 1 " +
    "proceso el total es solo la suya.",
  ],
  worked: [
    "Un `reduce` a mano: todos envían a la raíz, la raíz recibe y acumula.",
    "",
    "```ts",
    "async function sumaParcial(comm) {",
    "  const mine = (comm.rank + 1) * 10;",
    "  if (comm.rank !== 0) {",
    "    await comm.send(mine, 0);",
    "    return null;",
    "  }",
    "  let total = mine;",
    "  for (let i = 1; i < comm.size; i++) {",
    "    total += (await comm.recv<number>()).data;",
    "  }",
    "  return total;",
    "}",
    "```",
  ].join("\n"),
});
