/**
 * Notebook 04's measured quiz: a question whose right answer is computed
 * from the reader's own pool runs (sections 2 and 3), so it can only be
 * answered by reading the figures just measured. Options are shuffled with a
 * seed: a re-run with the same seed asks the same question in the same order.
 *
 * @module
 */

import type { QuizSpec } from "../notebook/quiz.ts";
import { formatNumber } from "../notebook/number_format.ts";
import { seededRandom } from "../util/random.ts";
import {
  type PoolRunFigures,
  poolStartup,
  smallerOf,
  TIE_FRACTION,
} from "./pool_findings.ts";

/** The measured quiz's id, as the answer cell names it. */
export const STARTUP_QUIZ_ID = "q-medida";

const ms = (value: number) => `${formatNumber(value, 0)} ms`;

/** Fisher–Yates with a seeded generator: same seed, same order. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const rng = seededRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * Builds the question "which pool had its first worker working sooner,
 * threads or processes?" from the two runs; the right option (threads,
 * processes, or a tie within 10 %) is computed from the figures.
 *
 * @example Inside the kernel threads usually start later; the key follows the figures
 * ```ts
 * import { startupQuiz } from "./pool_quiz.ts";
 * import { assertEquals, assertStringIncludes } from "@std/assert";
 *
 * const run = (ready: number) => ({
 *   results: [{ id: 1, name: "T1", worker: "w", attempt: 1, startMs: ready, endMs: ready + 9, output: "" }],
 *   deaths: [],
 *   elapsedMs: ready + 100,
 * });
 * const spec = startupQuiz(run(1171), run(310), 2523);
 * const right = spec.options.find((o) => o.correct)!;
 * assertStringIncludes(right.text, "procesos");
 * assertEquals(startupQuiz(run(1171), run(310), 2523), spec); // same seed, same quiz
 * ```
 */
export function startupQuiz(
  threads: PoolRunFigures,
  processes: PoolRunFigures,
  seed: number,
): QuizSpec {
  const t = poolStartup(threads).firstReadyMs;
  const p = poolStartup(processes).firstReadyMs;
  const outcome = smallerOf(t, p);
  const figures = `En tu medición, el primer hilo empezó a trabajar a los ` +
    `${ms(t)} y el primer proceso a los ${ms(p)}.`;
  const tiePercent = formatNumber(TIE_FRACTION * 100, 0);
  const options = [
    {
      text: "El de **hilos**.",
      correct: outcome === "first",
      why: outcome === "first"
        ? `${figures} Crear un Worker resultó más barato que crear un proceso hijo.`
        : `${figures} Los hilos no fueron los primeros.`,
    },
    {
      text: "El de **procesos**.",
      correct: outcome === "second",
      why: outcome === "second"
        ? `${figures} Dentro del kernel de Jupyter un Worker tarda mucho más ` +
          "en arrancar que bajo `deno run`, y un proceso hijo no paga ese costo."
        : `${figures} Los procesos no fueron los primeros.`,
    },
    {
      text: `Casi a la par (menos de ${tiePercent} % de diferencia).`,
      correct: outcome === "tie",
      why: outcome === "tie"
        ? `${figures} La diferencia es menor que ${tiePercent} %: en una ` +
          "máquina ocupada eso cae dentro del ruido."
        : `${figures} La diferencia supera el ${tiePercent} %.`,
    },
  ];
  return {
    id: STARTUP_QUIZ_ID,
    question: "Según **tus** mediciones de las secciones 2 y 3, ¿qué pool " +
      "tuvo antes a su primer worker trabajando en una tarea?",
    options: shuffled(options, seed),
    hints: [
      "Mira la primera barra de cada gráfico (los dos usan la misma escala " +
      "de tiempo): ¿cuál empieza más a la izquierda?",
      "La primera fila de cada tabla ordenada por inicio dice cuándo empezó " +
      "la primera tarea; compara esos dos números.",
    ],
  };
}
