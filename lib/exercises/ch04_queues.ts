/**
 * Notebook 04's checked exercises (the IPC chapter's exercises 2 and 3):
 * the reverse-string server over queues, here, and which mechanism is best,
 * judged against the reader's own measurement, in `ch04_best_mechanism.ts`.
 * The queue check runs the reader's server against real queues, every wait
 * bounded.
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

export {
  bestMechanismExercise,
  type MeasuredMedian,
  measuredMedianRows,
  type MechanismVerdict,
  RATIO_TOLERANCE,
} from "./ch04_best_mechanism.ts";

/** What the reader writes: serve a request queue. */
export type QueueReverseServer = SolutionOf<typeof reverseOverQueueExercise>;

/** What a server did with a run of requests. */
export interface QueueExchange {
  /** One entry per request, in order: its reply, or null (none in time). */
  replies: (string | null)[];
  /** How the run ended: "end" sent, the request queue closed, or neither. */
  ending: "end" | "close" | "none";
  /** Whether the server returned within the grace period after the ending. */
  ended: boolean | null;
  /** Replies put after the ending (a reply to "end" itself, say). */
  extraReplies: string[];
  /** What the server threw, if it threw ("TypeError: …"). */
  error?: string;
}

/** The outcome of the ending as a check shows it: true, false, or what was thrown. */
function endedOrError(run: QueueExchange): boolean | string | null {
  return run.error ? `lanzó ${run.error}` : run.ended;
}

/** How long each reply, and the server's end after the ending, may take. */
const REPLY_MS = 700;
const END_GRACE_MS = 500;

/**
 * Runs the reader's queue server: puts each of `words` on the request queue
 * and waits for its reply, then ends the run as asked ("end", or closing the
 * request queue so `get` answers null) and sees whether the server returns.
 *
 * @example A correct server
 * ```ts
 * import { exchangeOverQueues } from "./ch04_queues.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const got = await exchangeOverQueues(async (requests, replies) => {
 *   for (let t = await requests.get(); t !== null && t !== "end"; t = await requests.get()) {
 *     await replies.put([...t].reverse().join(""));
 *   }
 * }, ["hola"], "end");
 * assertEquals(got, { replies: ["aloh"], ending: "end", ended: true, extraReplies: [] });
 * ```
 */
export async function exchangeOverQueues(
  server: QueueReverseServer,
  words: readonly string[],
  ending: QueueExchange["ending"],
): Promise<QueueExchange> {
  const requests = new MessageQueue<string>();
  const replies = new MessageQueue<string>();
  let finished = false;
  let error: string | undefined;
  const serving = Promise.resolve()
    .then(() => server(requests, replies))
    .then(() => finished = true, (e: unknown) => {
      error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    });
  const got: (string | null)[] = [];
  try {
    for (const word of words) {
      await requests.put(word);
      got.push(await replies.get(REPLY_MS).catch(() => null));
    }
    if (ending === "none") {
      return { replies: got, ending, ended: null, extraReplies: [] };
    }
    if (ending === "end") await requests.put("end");
    else requests.close();
    // A server still running after the grace period simply did not end.
    await deadline(serving, END_GRACE_MS, "que tu servidor termine").catch(
      () => {},
    );
    const extraReplies: string[] = [];
    for (let r = await replies.get(0).catch(() => null); r !== null;) {
      extraReplies.push(r);
      r = await replies.get(0).catch(() => null);
    }
    return {
      replies: got,
      ending,
      ended: finished,
      extraReplies,
      ...(error ? { error } : {}),
    };
  } finally {
    requests.close();
    replies.close();
  }
}

const reversed = (words: readonly string[]) =>
  words.map((w) => [...w].reverse().join(""));
const quoted = (words: readonly string[]) =>
  words.map((w) => `"${w}"`).join(", ");

const ORDERED = ["uno", "dos", "tres"];
const UNICODE = "añejo ¡olé! 🎉";

/**
 * Exercise 2 of the chapter (Spanish names: the reader sees them). Each check
 * names its input; a failure shows what came back for it.
 *
 * @example A server that echoes does not pass
 * ```ts
 * import { reverseOverQueueExercise } from "./ch04_queues.ts";
 * import { checkExercise } from "../notebook/exercise.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const report = await checkExercise(reverseOverQueueExercise, async (requests, replies) => {
 *   for (let t = await requests.get(); t !== null && t !== "end"; t = await requests.get()) await replies.put(t);
 * }, { display: false });
 * assertEquals(report.outcomes[0].status, "failed");
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
  hints: [
    "Una sola llamada a `requests.get()` atiende un solo pedido: envuelve " +
    "el `get` y el `put` en un ciclo `while (true)`.",
    "Dentro del ciclo, sal con `return` si el texto es `null` (la cola se " +
    'cerró) o `"end"`, **antes** de responder. Compara con `=== null`: un ' +
    'texto vacío `""` también es un pedido y merece respuesta (`""`).',
    'Invierte por caracteres con `[...texto].reverse().join("")`: ' +
    '`texto.split("")` parte los emojis en dos mitades inválidas.',
  ],
  worked: [
    "El servidor repite: sacar un pedido, decidir si termina, responder.",
    "",
    "```ts",
    "async function queueReverseServer(requests, replies) {",
    "  while (true) {",
    "    const text = await requests.get(2000);",
    '    if (text === null || text === "end") return; // cerrada, o fin pedido',
    '    await replies.put([...text].reverse().join(""));',
    "  }",
    "}",
    "```",
    "",
    "`[...text]` recorre el texto por puntos de código, como `texto[::-1]` en",
    'Python; `"end"` no recibe respuesta.',
  ].join("\n"),
  checks: [
    {
      name: 'pedido "abracadabra" → respuesta "arbadacarba"',
      run: async (f) =>
        (await exchangeOverQueues(f, ["abracadabra"], "none")).replies,
      expected: ["arbadacarba"],
    },
    {
      name: `pedidos ${quoted(ORDERED)} → ${
        quoted(reversed(ORDERED))
      }, una respuesta por pedido y en orden`,
      run: async (f) => (await exchangeOverQueues(f, ORDERED, "none")).replies,
      expected: reversed(ORDERED),
    },
    {
      name: `pedido "${UNICODE}" → "${
        reversed([UNICODE])[0]
      }" (se invierte por caracteres, también tildes y emojis)`,
      run: async (f) =>
        (await exchangeOverQueues(f, [UNICODE], "none")).replies,
      expected: reversed([UNICODE]),
    },
    {
      name: 'pedidos "", "ab" → "", "ba" (un texto vacío también se responde)',
      run: async (f) =>
        (await exchangeOverQueues(f, ["", "ab"], "none")).replies,
      expected: ["", "ba"],
    },
    {
      name:
        'pedido "hola" y luego "end" → el servidor termina sin responder a "end"',
      run: async (f) => {
        const run = await exchangeOverQueues(f, ["hola"], "end");
        return {
          respuestas: run.replies,
          terminó: endedOrError(run),
          extra: run.extraReplies,
        };
      },
      expected: { respuestas: ["aloh"], terminó: true, extra: [] },
    },
    {
      name:
        'pedido "hola" y luego la cola se cierra (get da null) → el servidor termina',
      run: async (f) => {
        const run = await exchangeOverQueues(f, ["hola"], "close");
        return { respuestas: run.replies, terminó: endedOrError(run) };
      },
      expected: { respuestas: ["aloh"], terminó: true },
    },
  ],
});
