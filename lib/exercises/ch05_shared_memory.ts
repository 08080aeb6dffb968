/**
 * The exercise of notebook 05: how many bytes a ring holds, from its two
 * counters (the teaching ring of `lib/transports/ring.ts`, whose messages
 * take a 4-byte prefix plus the body). The one subtle case — the write
 * counter wrapped past 2^32 while the read counter did not yet — is exactly
 * why the ring's arithmetic is done modulo 2^32 (`>>> 0`).
 *
 * @module
 */

import {
  defineExercise,
  type ExerciseSpec,
  type SolutionOf,
} from "../notebook/exercise.ts";

/** The reader's function: bytes in the ring from `head` (written) and `tail` (read). */
export type RingUsedBytes = SolutionOf<typeof ringUsedBytesExercise>;

/**
 * Checks the reader's used-bytes computation.
 *
 * @example The kit's formula passes
 * ```ts
 * import { ringUsedBytesExercise } from "./ch05_shared_memory.ts";
 * import { checkExercise } from "../notebook/exercise.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const report = await checkExercise(
 *   ringUsedBytesExercise,
 *   (head, tail) => (head - tail) >>> 0,
 *   { display: false },
 * );
 * assertEquals(report.passed, report.total);
 * ```
 */
export const ringUsedBytesExercise: ExerciseSpec<
  (head: number, tail: number) => number
> = defineExercise({
  id: "ej-anillo",
  title: "¿Cuántos bytes hay en el anillo?",
  checks: [
    {
      name: "anillo vacío: head = tail = 0",
      run: (f) => f(0, 0),
      expected: 0,
    },
    {
      name: "se escribieron 10 y se leyeron 4",
      run: (f) => f(10, 4),
      expected: 6,
    },
    {
      name:
        "tres mensajes de 10 bytes escritos (4 + 10 bytes cada uno) y uno leído",
      run: (f) => f(3 * 14, 14),
      expected: 28,
    },
    {
      name: "contadores grandes, sin vuelta",
      run: (f) => f(4_000_000_100, 4_000_000_000),
      expected: 100,
    },
    {
      name: "head ya dio la vuelta a 2^32 y tail no (head < tail)",
      run: (f) => f(20, 4_294_967_290),
      expected: 26,
    },
  ],
});
