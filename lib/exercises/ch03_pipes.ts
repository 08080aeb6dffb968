/**
 * Notebook 03's checked exercise (the IPC chapter's exercise 1): the
 * reverse-string server over a Unix domain socket. The check runs the
 * reader's handler on a real socket in a private temp dir, every wait
 * bounded.
 *
 * @module
 */

import {
  defineExercise,
  type ExerciseSpec,
  type SolutionOf,
} from "../notebook/exercise.ts";
import { deadline } from "../util/deadline.ts";
import type { MessageDuplex } from "../wire/duplex.ts";
import { framedDuplex } from "../wire/framed.ts";

/** What the reader writes: serve one connection. */
export type ReverseConnectionHandler = SolutionOf<
  typeof reverseOverUnixExercise
>;

/** What a client saw talking to the reader's server. */
export interface ReverseExchange {
  /** The replies, in order, until the server stopped answering. */
  replies: string[];
  /** After "end": whether the server closed (true) or kept answering. */
  endedAfterEnd: boolean | null;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** How long a server may take to finish after "end" before we stop waiting. */
const END_GRACE_MS = 500;

/**
 * Runs `handler` as the server of one real Unix-socket connection; a client
 * sends `words` (then "end" when asked) and records the replies.
 *
 * @example The exchange with a correct handler
 * ```ts
 * import { exchangeOverUnix } from "./ch03_pipes.ts";
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
      // A handler that never returns is ended by the closes below.
      await deadline(serving.catch(() => {}), END_GRACE_MS, "the server")
        .catch(() => {});
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

/**
 * The exercise's checks (Spanish names: the reader sees them).
 *
 * @example An echo server (the notebook's starter) does not pass
 * ```ts
 * import { reverseOverUnixExercise } from "./ch03_pipes.ts";
 * import { checkExercise } from "../notebook/exercise.ts";
 * import { assert } from "@std/assert";
 *
 * const report = await checkExercise(reverseOverUnixExercise, async (c) => {
 *   for (let m = await c.receive(); m; m = await c.receive()) await c.send(m);
 * }, { display: false });
 * assert(report.passed < report.total);
 * ```
 */
export const reverseOverUnixExercise: ExerciseSpec<
  (
    connection: MessageDuplex,
  ) => Promise<void>
> = defineExercise({
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
