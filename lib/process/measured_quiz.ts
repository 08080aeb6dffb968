/**
 * Notebook 01's measured quiz: a question built from the creation costs the
 * reader has just measured in this kernel, so its right answer is whatever
 * their machine showed — a process (`true`) created faster than a Worker,
 * or the other way round — and the feedback explains either outcome.
 *
 * @module
 */

import type { QuizSpec } from "../notebook/quiz.ts";
import { formatNumber } from "../notebook/number_format.ts";
import { seededRandom } from "../util/random.ts";

/**
 * Builds the quiz from the medians (ms) of creating a `true` process and a
 * Worker in this kernel. Option order comes from `seed`, so a re-run with
 * the same seed asks the same question.
 *
 * @example The right answer follows the figures
 * ```ts
 * import { creationQuiz } from "./measured_quiz.ts";
 * import { assert, assertEquals } from "@std/assert";
 *
 * const slowWorker = creationQuiz({ processTrue: 4, workerKernel: 580 }, 7);
 * const right = slowWorker.options.find((o) => o.correct);
 * assert(right?.text.startsWith("El proceso"));
 * const fastWorker = creationQuiz({ processTrue: 4, workerKernel: 2 }, 7);
 * assert(fastWorker.options.find((o) => o.correct)?.text.startsWith("El Worker"));
 * assertEquals(creationQuiz({ processTrue: 4, workerKernel: 580 }, 7), slowWorker);
 * ```
 */
export function creationQuiz(
  figures: { processTrue: number; workerKernel: number },
  seed: number,
): QuizSpec {
  const { processTrue, workerKernel } = figures;
  if (!(processTrue > 0) || !(workerKernel > 0)) {
    throw new RangeError(
      `Las medianas deben ser positivas: ${processTrue}, ${workerKernel}`,
    );
  }
  const ms = (v: number) => `${formatNumber(v, v < 10 ? 2 : 0)} ms`;
  const processWins = processTrue <= workerKernel;
  const options: QuizSpec["options"][number][] = [
    {
      text: `El proceso \`true\` (${ms(processTrue)} frente a ${
        ms(workerKernel)
      }): un Worker no es un hilo desnudo, y la clase habla de hilos del sistema operativo.`,
      correct: processWins,
      why: processWins
        ? "Eso mediste: un Worker arranca un *isolate* de V8 nuevo con su bucle de eventos y carga un módulo, y aquí el kernel agrega su parte. La comparación de Python (hilo vs `fork`) es la que pone a prueba la afirmación de la clase."
        : `No en tu medición: el Worker (${
          ms(workerKernel)
        }) se creó más rápido que el proceso (${ms(processTrue)}).`,
    },
    {
      text: `El Worker (${ms(workerKernel)} frente a ${
        ms(processTrue)
      }), como predice la clase: no necesita un espacio de direcciones nuevo.`,
      correct: !processWins,
      why: !processWins
        ? "Eso mediste: aquí el hilo salió más barato, como dice la clase."
        : `No en tu medición: el Worker costó ${
          ms(workerKernel)
        } y el proceso \`true\` ${
          ms(processTrue)
        }. La razón de la clase es cierta para hilos del sistema operativo (mira la fila de Python), pero un Worker trae mucho más que un hilo.`,
    },
    {
      text:
        "Ninguno: en Linux crear un proceso y crear un hilo cuestan exactamente lo mismo.",
      why:
        "Ambos se crean con `clone()`, pero un proceso nuevo necesita su propio espacio de direcciones (tablas de páginas copiadas al escribir) y un hilo no; tus cifras de Python lo muestran.",
    },
    {
      text: "No se puede responder sin repetir la medición en otra máquina.",
      why:
        "La pregunta es sobre *esta* máquina y *este* kernel, y acabas de medirlo (medianas de varias creaciones). En otra máquina las cifras cambian; aquí las tienes.",
    },
  ];
  const random = seededRandom(seed);
  for (let i = options.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [options[i], options[j]] = [options[j], options[i]];
  }
  return {
    id: "medida1",
    chapter: "01",
    question:
      "Según lo que acabas de medir **en este kernel**, ¿qué se creó más rápido: un proceso (`true`) o un hilo (Worker)?",
    options,
    hints: [
      "Mira la columna «mediana ms» de la tabla de la sección 4: las filas «proceso `true`» y «hilo (Worker) en este kernel».",
      "Luego pregúntate qué trae un Worker además del hilo del sistema operativo (el *isolate* de V8, su bucle de eventos, su módulo).",
    ],
  };
}
