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

const TWO_32 = 2 ** 32;

/**
 * The reader's answer for one pair of counters, judged: the success
 * sentence, or what is wrong with it, in Spanish, naming the input.
 *
 * @example
 * ```ts
 * import { judgeUsedBytes } from "./ch05_shared_memory.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(judgeUsedBytes(20, 4294967290, 26), "ringUsedBytes(20, 4294967290) = 26");
 * assertEquals(
 *   judgeUsedBytes(20, 4294967290, -4294967270),
 *   "ringUsedBytes(20, 4294967290) devolvió -4294967270: negativo (head ya dio la vuelta a 2^32 y quedó menor que tail); debía ser 26",
 * );
 * ```
 */
export function judgeUsedBytes(
  head: number,
  tail: number,
  got: unknown,
): string {
  const expected = (head - tail) >>> 0;
  const call = `ringUsedBytes(${head}, ${tail})`;
  if (got === expected) return `${call} = ${expected}`;
  const shown = typeof got === "number"
    ? String(got)
    : JSON.stringify(got) ?? String(got);
  const why = typeof got !== "number" || Number.isNaN(got)
    ? "no es un número"
    : !Number.isInteger(got)
    ? "no es un entero (los bytes se cuentan enteros)"
    : got < 0
    ? head < tail
      ? "negativo (head ya dio la vuelta a 2^32 y quedó menor que tail)"
      : "negativo: ¿restaste al revés?"
    : got >= TWO_32
    ? "no cabe en 32 bits: la cuenta se hace módulo 2^32"
    : got === ((tail - head) >>> 0)
    ? "es la distancia al revés (tail − head)"
    : "no es la cantidad de bytes escritos y aún no leídos";
  return `${call} devolvió ${shown}: ${why}; debía ser ${expected}`;
}

/** One check: the counters, described in Spanish. */
function pair(name: string, head: number, tail: number) {
  return {
    name,
    run: (f: (head: number, tail: number) => number) =>
      judgeUsedBytes(head, tail, f(head, tail)),
    expected: `ringUsedBytes(${head}, ${tail}) = ${(head - tail) >>> 0}`,
  };
}

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
  hints: [
    "Sin vuelta, la respuesta es `head - tail`. El problema es cuando `head` ya pasó de 2^32 − 1 y volvió a empezar desde 0: entonces `head < tail` y la resta da negativo.",
    "La cuenta correcta es la resta **módulo 2^32**. En JavaScript, `% 2 ** 32` conserva el signo (−4 % 10 es −4); `x >>> 0` en cambio reinterpreta x como entero sin signo de 32 bits.",
    "Una línea basta: `return (head - tail) >>> 0;`",
  ],
  worked: [
    "Los dos contadores cuentan bytes desde el comienzo y se guardan en 32 bits, así que ambos se leen módulo 2^32. La diferencia verdadera (bytes escritos y aún no leídos) es pequeña, menor que el anillo; la resta común la da bien mientras `head` no haya dado la vuelta. Cuando da la vuelta, `head - tail` es la diferencia verdadera menos 2^32: un número negativo. Sumarle 2^32 en ese caso, o tomar la resta módulo 2^32 con `>>> 0`, la recupera:",
    "",
    "```ts",
    "function ringUsedBytes(head: number, tail: number): number {",
    "  return (head - tail) >>> 0; // resta módulo 2^32",
    "}",
    "```",
    "",
    "Ejemplo: `head` = 20 (ya dio la vuelta) y `tail` = 4.294.967.290: 20 − 4.294.967.290 = −4.294.967.270, y −4.294.967.270 + 2^32 = 26.",
  ].join("\n"),
  checks: [
    pair("anillo vacío: head = tail = 0", 0, 0),
    pair("se escribieron 10 y se leyeron 4", 10, 4),
    pair(
      "tres mensajes de 10 bytes escritos (4 + 10 bytes cada uno) y uno leído",
      3 * 14,
      14,
    ),
    pair("contadores grandes, sin vuelta", 4_000_000_100, 4_000_000_000),
    pair(
      "head ya dio la vuelta a 2^32 y tail no (head < tail)",
      20,
      4_294_967_290,
    ),
    pair("head dio la vuelta justo a 0 y tail está en 2^32 − 1", 0, TWO_32 - 1),
  ],
});
