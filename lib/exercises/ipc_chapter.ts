/**
 * The IPC chapter's three exercises as checked exercises (notebooks 03–04):
 *
 * 1. the reverse-string server over a Unix domain socket,
 * 2. the same server over queues,
 * 3. which mechanism is best and why — a written answer backed by a
 *    measurement.
 *
 * The checks run the reader's code against real endpoints (a real Unix
 * socket in a private temp dir, real queues), with every wait bounded.
 *
 * @module
 */

import { defineExercise, type ExerciseSpec } from "../notebook/exercise.ts";
import type { MessageDuplex } from "../wire/duplex.ts";
import { framedDuplex } from "../wire/framed.ts";
import { MessageQueue } from "../patterns/message_queue.ts";

/** Exercise 1: what the reader writes — serve one connection. */
export type ReverseConnectionHandler = (
  connection: MessageDuplex,
) => Promise<void>;

/** Exercise 2: what the reader writes — serve a request queue. */
export type QueueReverseServer = (
  requests: MessageQueue<string>,
  replies: MessageQueue<string>,
) => Promise<void>;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** What a client saw talking to the reader's server. */
export interface ReverseExchange {
  replies: string[];
  /** After "end": whether the server closed (true) or kept answering. */
  endedAfterEnd: boolean | null;
}

/**
 * Runs `handler` as the server of one real Unix-socket connection; a client
 * sends `words` (then "end" when asked) and records the replies.
 *
 * @example The exchange with a correct handler
 * ```ts
 * import { exchangeOverUnix } from "./ipc_chapter.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const exchange = await exchangeOverUnix(async (c) => {
 *   for (let m = await c.receive(); m; m = await c.receive()) {
 *     const text = new TextDecoder().decode(m);
 *     if (text === "end") return;
 *     await c.send(new TextEncoder().encode([...text].reverse().join("")));
 *   }
 * }, ["hola"], true);
 * assertEquals(exchange, { replies: ["aloh"], endedAfterEnd: true });
 * ```
 */
export async function exchangeOverUnix(
  handler: ReverseConnectionHandler,
  words: readonly string[],
  sendEnd: boolean,
): Promise<ReverseExchange> {
  const dir = await Deno.makeTempDir({ prefix: "kit-ej-" });
  const path = `${dir}/reverso.sock`;
  const listener = Deno.listen({ transport: "unix", path });
  let client: MessageDuplex | null = null;
  let server: MessageDuplex | null = null;
  try {
    const accepted = listener.accept();
    client = framedDuplex(await Deno.connect({ transport: "unix", path }));
    server = framedDuplex(await accepted);
    const serverEnd = server;
    const serving = handler(serverEnd).finally(() => serverEnd.close());
    serving.catch(() => {});
    const replies: string[] = [];
    for (const word of words) {
      await client.send(encoder.encode(word));
      const reply = await client.receive();
      if (reply === null) break;
      replies.push(decoder.decode(reply));
    }
    let endedAfterEnd: boolean | null = null;
    if (sendEnd) {
      await client.send(encoder.encode("end"));
      endedAfterEnd = (await client.receive()) === null;
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        serving.catch(() => {}),
        new Promise((resolve) => timer = setTimeout(resolve, 500)),
      ]);
      clearTimeout(timer);
    }
    return { replies, endedAfterEnd };
  } finally {
    // Closing both ends also ends a handler that never returned by itself.
    await client?.close();
    await server?.close();
    listener.close();
    await Deno.remove(dir, { recursive: true });
  }
}

const reversed = (words: string[]) =>
  words.map((w) => [...w].reverse().join(""));

/** Exercise 1 of the chapter. */
export const reverseOverUnixExercise: ExerciseSpec<ReverseConnectionHandler> =
  defineExercise<ReverseConnectionHandler>({
    id: "ej-reverso-unix",
    title: "Servidor que invierte strings sobre un socket Unix (ejercicio 1)",
    checks: [
      {
        name: '"abracadabra" vuelve como "arbadacarba"',
        run: async (f) =>
          (await exchangeOverUnix(f, ["abracadabra"], false)).replies,
        expected: ["arbadacarba"],
        timeoutMs: 3000,
      },
      {
        name: "varias palabras seguidas, sin pausas, en orden (y con tildes)",
        run: async (f) =>
          (await exchangeOverUnix(f, ["hola", "mundo", "ñandú"], false))
            .replies,
        expected: reversed(["hola", "mundo", "ñandú"]),
        timeoutMs: 3000,
      },
      {
        name: "un string vacío vuelve vacío",
        run: async (f) => (await exchangeOverUnix(f, [""], false)).replies,
        expected: [""],
        timeoutMs: 3000,
      },
      {
        name: 'con "end" el servidor termina y cierra la conexión',
        run: async (f) =>
          (await exchangeOverUnix(f, ["uno"], true)).endedAfterEnd,
        expected: true,
        timeoutMs: 3000,
      },
    ],
  });

/**
 * Runs the reader's queue server: puts `words` (then "end" when asked) on
 * the request queue and collects the replies.
 *
 * @example
 * ```ts
 * import { exchangeOverQueues } from "./ipc_chapter.ts";
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
  for (const word of words) {
    await requests.put(word);
    const reply = await replies.get(1000).catch(() => null);
    if (reply === null) break;
    got.push(reply);
  }
  let endedAfterEnd: boolean | null = null;
  if (sendEnd) {
    await requests.put("end");
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      serving,
      new Promise((resolve) => timer = setTimeout(resolve, 500)),
    ]);
    clearTimeout(timer);
    endedAfterEnd = finished;
  }
  requests.close();
  replies.close();
  return { replies: got, endedAfterEnd };
}

/** Exercise 2 of the chapter. */
export const reverseOverQueueExercise: ExerciseSpec<QueueReverseServer> =
  defineExercise<QueueReverseServer>({
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

/** Exercise 3 of the chapter: a written answer. */
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
