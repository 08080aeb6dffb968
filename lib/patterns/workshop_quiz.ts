/**
 * Notebook 08's measured quiz: the workshop says sockets are slower than
 * pipes; which was faster in the reader's own comparison? Built from the
 * class's Python figures (the workshop's own mechanisms), or the kit's
 * one-call-per-message rows when Python did not run.
 *
 * @module
 */

import type { BenchRecord } from "../bench/records.ts";
import { fasterOfTwoQuiz } from "../notebook/measured_quiz.ts";
import type { QuizSpec } from "../notebook/quiz.ts";

/** The id the reader answers the measured quiz with. */
export const WORKSHOP_QUIZ_ID = "q-medida";

const PAIRS = [
  {
    runtime: "python",
    socket: "tcp",
    pipe: "pipe",
    who: "el Python de la clase",
    socketLabel: "socket TCP (Python)",
    pipeLabel: "multiprocessing.Pipe (Python)",
  },
  {
    runtime: "deno",
    socket: "tcp-block-each",
    pipe: "pipe-block-each",
    who: "el kit, un envío por mensaje",
    socketLabel: "socket TCP (kit)",
    pipeLabel: "tubería a un proceso hijo (kit)",
  },
] as const;

/**
 * "Which was faster in your run: the socket or the pipe?" at `size`, from
 * the first runtime with both latency figures; null when neither has them.
 *
 * @example The right option follows the figures
 * ```ts
 * import { socketVsPipeQuiz } from "./workshop_quiz.ts";
 * import { aggregateRuns, runFromRaw } from "../bench/records.ts";
 * import { assert, assertEquals } from "@std/assert";
 *
 * const records = aggregateRuns([
 *   runFromRaw("tcp", "python", 64, [20], 1, 1),
 *   runFromRaw("pipe", "python", 64, [60], 1, 1),
 * ]);
 * const spec = socketVsPipeQuiz(records, 64)!;
 * assert(spec.options.find((o) => o.correct)!.text.includes("socket TCP"));
 * assertEquals(socketVsPipeQuiz([], 64), null);
 * ```
 */
export function socketVsPipeQuiz(
  records: readonly BenchRecord[],
  size = 64,
): QuizSpec | null {
  for (const pair of PAIRS) {
    const get = (mechanism: string) =>
      records.find((r) =>
        r.runtime === pair.runtime && r.mechanism === mechanism &&
        r.size === size && r.metric === "latency"
      )?.median;
    const socket = get(pair.socket);
    const pipe = get(pair.pipe);
    if (socket === undefined || pipe === undefined) continue;
    return fasterOfTwoQuiz({
      id: WORKSHOP_QUIZ_ID,
      context: `El taller dice que los sockets son más lentos que las ` +
        `tuberías porque «tienen sobrecarga de red». Mira en la tabla de ` +
        `latencia las filas de ${pair.who} (una llamada por mensaje).`,
      a: { label: pair.socketLabel, micros: socket },
      b: { label: pair.pipeLabel, micros: pipe },
      explanation: `En una sola máquina, un socket TCP por loopback no usa ` +
        `la tarjeta de red, pero sí recorre la pila TCP/IP del núcleo del ` +
        `sistema operativo (segmentos, ACK, el dispositivo loopback); una ` +
        `tubería solo copia a un búfer. En una ida y vuelta pequeña pesa ` +
        `además el costo de despertar al proceso que espera, igual para ` +
        `ambos, así que el orden puede cambiar entre ejecuciones.`,
      seed: 8,
      hints: [
        "Busca la columna del entorno que dice la pregunta y el tamaño 64 B.",
        "Menos microsegundos es más rápido; si difieren en menos de 10 %, es empate.",
      ],
    });
  }
  return null;
}
