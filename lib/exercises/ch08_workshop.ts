/**
 * Notebook 08's checked exercise: predict which mechanism wins for large
 * messages, then write the function that reads the winner out of benchmark
 * records and compare it with the prediction.
 *
 * @module
 */

import {
  defineExercise,
  type ExerciseSpec,
  type SolutionOf,
} from "../notebook/exercise.ts";
import {
  aggregateRuns,
  type BenchRecord,
  runFromRaw,
} from "../bench/records.ts";

/** What the reader writes: the kit mechanism with the most messages/s at `size`. */
export type ThroughputWinner = SolutionOf<typeof throughputWinnerExercise>;

function sample(): BenchRecord[] {
  return aggregateRuns([
    runFromRaw("tcp", "deno", 64, [40], 300, 1),
    runFromRaw("ring", "deno", 64, [20], 900, 1),
    runFromRaw("tcp", "deno", 1 << 20, [900], 1500, 1),
    runFromRaw("ring", "deno", 1 << 20, [700], 1200, 1),
    runFromRaw("tcp", "python", 1 << 20, [800], 9000, 1), // not the kit's
    runFromRaw("pipe", "deno", 1 << 20, [950], 1400, 1),
  ]);
}

/**
 * The exercise: three checks on fixed records (so the verdict does not
 * depend on this machine's noise).
 *
 * @example A reference solution passes every check
 * ```ts
 * import { throughputWinnerExercise } from "./ch08_workshop.ts";
 * import { checkExercise } from "../notebook/exercise.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const report = await checkExercise(throughputWinnerExercise, (records, size) => {
 *   const rows = records.filter((r) =>
 *     r.runtime === "deno" && r.metric === "throughput" && r.size === size
 *   );
 *   rows.sort((a, b) => b.median - a.median);
 *   return rows[0]?.mechanism ?? null;
 * }, { display: false });
 * assertEquals(report.passed, report.total);
 * ```
 */
export const throughputWinnerExercise: ExerciseSpec<
  (
    records: readonly BenchRecord[],
    size: number,
  ) => string | null
> = defineExercise({
  id: "ganador-1mib",
  title: "¿Qué mecanismo del kit gana con mensajes de 1 MiB?",
  checks: [
    {
      name: "con 64 B gana el anillo (900 msg/s contra 300)",
      run: (f) => f(sample(), 64),
      expected: "ring",
    },
    {
      name: "con 1 MiB gana tcp, ignorando la cifra de Python",
      run: (f) => f(sample(), 1 << 20),
      expected: "tcp",
    },
    {
      name: "sin cifras para ese tamaño la respuesta es null",
      run: (f) => f(sample(), 4096),
      expected: null,
    },
  ],
});
