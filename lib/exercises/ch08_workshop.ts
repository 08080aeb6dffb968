/**
 * Notebook 08's checked exercise: predict which of the kit's mechanisms
 * sends the most 1 MiB messages per second, then write the function that
 * reads the winner out of benchmark records and compare it with the
 * prediction. The checks run on fixed records built so that each usual
 * mistake (the first row instead of the best, no filter on the metric, the
 * runtime or the size, the smallest instead of the largest, `undefined` for
 * "none") picks a different, wrong mechanism, and the failure says which.
 *
 * @module
 */

import {
  defineExercise,
  type ExerciseSpec,
  type SolutionOf,
} from "../notebook/exercise.ts";
import { formatNumber } from "../notebook/number_format.ts";
import {
  aggregateRuns,
  type BenchRecord,
  runFromRaw,
} from "../bench/records.ts";

/** What the reader writes: the kit mechanism with the most messages/s at `size`. */
export type ThroughputWinner = SolutionOf<typeof throughputWinnerExercise>;

const MIB = 1 << 20;

/**
 * The records every check reads. Latency medians (µs) are larger than any
 * throughput median (msg/s) at the same size, the first kit row at each size
 * is never the winner, Python beats the kit, and the slowest kit mechanism
 * at 1 MiB is the fastest at 64 B: each mistake shows.
 */
function sample(): BenchRecord[] {
  return aggregateRuns([
    // runFromRaw(mechanism, runtime, size, latency µs, messages, seconds)
    runFromRaw("pipe", "deno", 64, [30_000], 3_000, 1),
    runFromRaw("tcp", "deno", 64, [20], 8_000, 1),
    runFromRaw("ring", "deno", 64, [15], 9_000, 1),
    runFromRaw("channel", "deno", MIB, [90_000], 400, 1),
    runFromRaw("tcp", "deno", MIB, [900], 1_500, 1),
    runFromRaw("ring", "deno", MIB, [700], 1_200, 1),
    runFromRaw("queue", "python", MIB, [800], 9_000, 1),
  ]);
}

/** The sample's throughput of a mechanism, for the failure messages. */
function rateOf(runtime: string, mechanism: string, size: number): string {
  const r = sample().find((x) =>
    x.runtime === runtime && x.mechanism === mechanism && x.size === size &&
    x.metric === "throughput"
  );
  return r === undefined
    ? "sin cifra de tasa (throughput)"
    : `${formatNumber(r.median, 0)} mensajes/s`;
}

/** Why a wrong answer came back, in Spanish, from what it was. */
function diagnose(size: number, got: unknown, want: string | null): string {
  const shown = got === undefined ? "undefined" : JSON.stringify(got);
  const at = size === MIB ? "1 MiB" : `${formatNumber(size)} B`;
  if (want === null) {
    return `con ${at} no hay ninguna cifra del kit y tu función devolvió ` +
      `${shown}: en ese caso debe devolver null (no undefined, ni "", ni ` +
      `lanzar un error)`;
  }
  if (typeof got !== "string") {
    return `con ${at} tu función devolvió ${shown}: debe devolver el texto ` +
      `del campo mechanism, p. ej. "${want}"`;
  }
  if (sample().some((r) => r.runtime === "python" && r.mechanism === got)) {
    return `con ${at} devolviste "${got}", que es una cifra de Python ` +
      `(runtime "python"): filtra runtime === "deno"`;
  }
  if (!sample().some((r) => r.runtime === "deno" && r.mechanism === got)) {
    return `con ${at} devolviste "${got}", que no es un mecanismo del kit ` +
      `en los registros`;
  }
  const kitRates = sample().filter((r) =>
    r.runtime === "deno" && r.metric === "throughput"
  ).sort((a, b) => b.median - a.median);
  if (
    !kitRates.some((r) => r.mechanism === got && r.size === size) ||
    kitRates[0].mechanism === got && kitRates[0].size !== size
  ) {
    return `con ${at} devolviste "${got}", que es el mejor de otro tamaño ` +
      `o no tiene cifras de este: filtra r.size === size`;
  }
  return `con ${at} devolviste "${got}" (${
    rateOf("deno", got, size)
  }), pero el kit envió más mensajes por segundo con "${want}" (${
    rateOf("deno", want, size)
  }): toma solo las filas con metric "throughput" (las de latencia están ` +
    `en µs, donde menos es mejor) y quédate con la de mayor median`;
}

/** A check that runs the solution on the sample and explains a miss. */
function winnerCheck(name: string, size: number, want: string | null) {
  return {
    name,
    run: (f: (records: readonly BenchRecord[], size: number) => unknown) => {
      const got = f(sample(), size);
      if (got !== want) throw new Error(diagnose(size, got, want));
      return got;
    },
    expected: want,
  };
}

/**
 * The exercise: three checks on fixed records (so the verdict does not
 * depend on this machine's noise); a wrong answer fails with a Spanish
 * message naming the size and what was wrong.
 *
 * @example A reference solution passes; the first kit row does not
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
 * const first = await checkExercise(throughputWinnerExercise, (records, size) =>
 *   records.find((r) => r.runtime === "deno" && r.size === size)?.mechanism ?? null,
 *   { display: false });
 * assertEquals(first.passed, 1); // only "no figures → null"
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
  hints: [
    'Cada registro tiene `runtime` ("deno", "python" o "c"), ' +
    '`mechanism`, `size` (bytes), `metric` ("latency" o "throughput") y ' +
    "`median`. Solo te sirven los del kit, de tasa (`throughput`) y del tamaño " +
    "pedido: tres condiciones en un `filter`.",
    "En rendimiento, más mensajes por segundo es mejor: entre las filas " +
    "filtradas, quédate con la de **mayor** `median` (no la primera, no la " +
    "menor). Si el filtro no deja ninguna, devuelve `null`.",
    'Una forma: `const filas = rows.filter((r) => r.runtime === "deno" && ' +
    'r.metric === "throughput" && r.size === size);` y luego recorre ' +
    "`filas` guardando la de mayor `median`.",
  ],
  worked: [
    "Filtra primero y compara después. Las filas de latencia miden µs por " +
    "ida y vuelta (menos es mejor) y las de tasa, mensajes por segundo " +
    "(más es mejor): mezclarlas compara unidades distintas. Las de Python y " +
    "C no son del kit, y las de otro tamaño responden otra pregunta.",
    "",
    "```ts",
    "function ganador(rows: readonly BenchRecord[], size: number): string | null {",
    "  let mejor: BenchRecord | null = null;",
    "  for (const r of rows) {",
    '    if (r.runtime !== "deno" || r.metric !== "throughput" || r.size !== size) continue;',
    "    if (mejor === null || r.median > mejor.median) mejor = r;",
    "  }",
    "  return mejor === null ? null : mejor.mechanism;",
    "}",
    "```",
  ].join("\n"),
  checks: [
    winnerCheck(
      "con 64 B gana ring (9.000 mensajes/s), no la primera fila ni la de mayor latencia",
      64,
      "ring",
    ),
    winnerCheck(
      "con 1 MiB gana tcp (1.500 mensajes/s), ignorando la cifra de Python y las de otro tamaño",
      MIB,
      "tcp",
    ),
    winnerCheck(
      "sin cifras del kit para 4 KiB la respuesta es null",
      4096,
      null,
    ),
  ],
});
