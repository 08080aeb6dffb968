/**
 * Notebook 02's checked exercise: the bakery's tie-break. Two customers can
 * take the same number (they read max(Number) at the same time); the class
 * breaks the tie by the unique id: (Number[j], j) < (Number[i], i). A
 * comparison that ignores the id lets both in at once.
 *
 * @module
 */

import { defineExercise, type ExerciseSpec } from "../notebook/exercise.ts";

/** The reader's solution: does customer j (ticket numberJ) go before customer i? */
export type TieBreak = (
  numberJ: number,
  j: number,
  numberI: number,
  i: number,
) => boolean;

/**
 * The exercise's checks (Spanish names: the reader sees them).
 *
 * @example The kit's own order passes
 * ```ts
 * import { tieBreakExercise } from "./ch02_synchronization.ts";
 * import { goesFirst } from "../sync/bakery.ts";
 * import { checkExercise } from "../notebook/exercise.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const report = await checkExercise(tieBreakExercise, goesFirst, { display: false });
 * assertEquals(report.passed, report.total);
 * ```
 */
export const tieBreakExercise: ExerciseSpec<TieBreak> = defineExercise<
  TieBreak
>({
  id: "panaderia",
  title: "El desempate de la panadería de Lamport",
  checks: [
    {
      name: "número menor pasa primero",
      run: (f) => [f(2, 1, 5, 0), f(5, 0, 2, 1)],
      expected: [true, false],
    },
    {
      name: "mismo número: pasa el id menor",
      run: (f) => [f(4, 0, 4, 3), f(4, 3, 4, 0)],
      expected: [true, false],
    },
    {
      name: "con el mismo número, exactamente uno de los dos entra",
      run: (f) => {
        const pairs: [number, number][] = [[0, 1], [2, 7], [5, 3]];
        return pairs.every(([a, b]) => f(6, a, 6, b) !== f(6, b, 6, a));
      },
      expected: true,
    },
    {
      name: "nadie pasa antes que sí mismo",
      run: (f) => f(3, 2, 3, 2),
      expected: false,
    },
  ],
});
