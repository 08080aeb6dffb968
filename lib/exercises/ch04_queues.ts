/**
 * Notebook 04's checked exercises (the IPC chapter's exercises 2 and 3):
 * the reverse-string server over queues, and which mechanism is best and
 * why — a written answer backed by a measurement. The queue check runs the
 * reader's server against real queues, every wait bounded.
 *
 * @module
 */

import {
  defineExercise,
  type ExerciseSpec,
  type SolutionOf,
} from "../notebook/exercise.ts";
import { MessageQueue } from "../patterns/message_queue.ts";
import { deadline } from "../util/deadline.ts";
import type { ReverseExchange } from "./ch03_pipes.ts";

export type { ReverseExchange } from "./ch03_pipes.ts";

/** What the reader writes: serve a request queue. */
export type QueueReverseServer = SolutionOf<typeof reverseOverQueueExercise>;

/** How long each reply, and the server's end after "end", may take. */
const REPLY_MS = 1000;
const END_GRACE_MS = 500;

/**
 * Runs the reader's queue server: puts `words` (then "end" when asked) on
 * the request queue and collects the replies.
 *
 * @example
 * ```ts
 * import { exchangeOverQueues } from "./ch04_queues.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const replies = await exchangeOverQueues(async (requests, replies) => {
 *   for (let t = await requests.get(); t !== null && t !== "end"; t = await requests.get()) {
 *     await replies.put([...t].reverse().join(""));
 *   }
 * }, ["hola"], true);
 * assertEquals(replies, { replies: ["aloh"], endedAfterEnd: true });
 * ```
 */
export async function exchangeOverQueues(
  server: QueueReverseServer,
  words: readonly string[],
  sendEnd: boolean,
): Promise<ReverseExchange> {
  const requests = new MessageQueue<string>();
  const replies = new MessageQueue<string>();
  let finished = false;
  const serving = server(requests, replies).then(() => finished = true);
  serving.catch(() => {});
  const got: string[] = [];
  try {
    for (const word of words) {
      await requests.put(word);
      const reply = await replies.get(REPLY_MS).catch(() => null);
      if (reply === null) break;
      got.push(reply);
    }
    let endedAfterEnd: boolean | null = null;
    if (sendEnd) {
      await requests.put("end");
      // A server still running after the grace period simply did not end.
      await deadline(serving, END_GRACE_MS, "the server").catch(() => {});
      endedAfterEnd = finished;
    }
    return { replies: got, endedAfterEnd };
  } finally {
    requests.close();
    replies.close();
  }
}

const reversed = (words: string[]) =>
  words.map((w) => [...w].reverse().join(""));

/**
 * Exercise 2 of the chapter (Spanish names: the reader sees them).
 *
 * @example A server that echoes does not pass
 * ```ts
 * import { reverseOverQueueExercise } from "./ch04_queues.ts";
 * import { checkExercise } from "../notebook/exercise.ts";
 * import { assert } from "@std/assert";
 *
 * const report = await checkExercise(reverseOverQueueExercise, async (requests, replies) => {
 *   for (let t = await requests.get(); t !== null; t = await requests.get()) await replies.put(t);
 * }, { display: false });
 * assert(report.passed < report.total);
 * ```
 */
export const reverseOverQueueExercise: ExerciseSpec<
  (
    requests: MessageQueue<string>,
    replies: MessageQueue<string>,
  ) => Promise<void>
> = defineExercise({
  id: "ej-reverso-cola",
  title: "El mismo servidor, pero con colas (ejercicio 2)",
  checks: [
    {
      name: '"abracadabra" vuelve como "arbadacarba"',
      run: async (f) =>
        (await exchangeOverQueues(f, ["abracadabra"], false)).replies,
      expected: ["arbadacarba"],
    },
    {
      name: "varias palabras, en orden",
      run: async (f) =>
        (await exchangeOverQueues(f, ["uno", "dos", "tres"], false)).replies,
      expected: reversed(["uno", "dos", "tres"]),
    },
    {
      name: 'con "end" el servidor termina',
      run: async (f) => (await exchangeOverQueues(f, [], true)).endedAfterEnd,
      expected: true,
    },
  ],
});

/**
 * Exercise 3 of the chapter: a written answer.
 *
 * @example An answer with a mechanism, reasons and a number passes
 * ```ts
 * import { bestMechanismExercise } from "./ch04_queues.ts";
 * import { checkExercise } from "../notebook/exercise.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const text = "La cola gana para repartir tareas entre varios procesos: " +
 *   "medí 12000 mensajes por segundo, reparte sola el trabajo y ningún " +
 *   "proceso espera a otro, mientras la tubería une solo a dos procesos.";
 * const report = await checkExercise(bestMechanismExercise, text, { display: false });
 * assertEquals(report.passed, report.total);
 * ```
 */
export const bestMechanismExercise: ExerciseSpec<string> = defineExercise<
  string
>({
  id: "ej-mejor-mecanismo",
  title: "¿Tuberías, sockets Unix o colas? (ejercicio 3)",
  checks: [
    {
      name: "nombra al menos un mecanismo (tubería, FIFO, socket, cola…)",
      run: (text) => /tuber|pipe|fifo|socket|cola|queue|memoria/i.test(text),
      expected: true,
    },
    {
      name: "da razones (al menos 25 palabras)",
      run: (text) => text.trim().split(/\s+/).filter(Boolean).length >= 25,
      expected: true,
    },
    {
      name: "se apoya en una cifra medida (contiene un número)",
      run: (text) => /\d/.test(text),
      expected: true,
    },
  ],
});
