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
  /**
   * With `finish` "close": whether the handler returned by itself once the
   * client closed (its `receive()` gave `null`); otherwise `null`.
   */
  returnedAfterClose: boolean | null;
}

/** How the client ends an exchange: send "end", close its side, or neither. */
export type ExchangeFinish = "end" | "close" | "none";

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
 * }, ["hola"], "end");
 * assertEquals(exchange, {
 *   replies: ["aloh"],
 *   endedAfterEnd: true,
 *   returnedAfterClose: null,
 * });
 * ```
 */
export async function exchangeOverUnix(
  handler: ReverseConnectionHandler,
  words: readonly string[],
  finish: ExchangeFinish,
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
    let returnedAfterClose: boolean | null = null;
    if (finish === "close") {
      await client.close();
      returnedAfterClose = await deadline(
        serving.then(() => true),
        END_GRACE_MS,
        "que tu servidor termine",
      )
        .catch(() => false);
    }
    if (finish === "end") {
      await client.send(encoder.encode("end"));
      endedAfterEnd = (await client.receive()) === null;
      // A handler that never returns is ended by the closes below.
      await deadline(
        serving.catch(() => {}),
        END_GRACE_MS,
        "que tu servidor termine",
      )
        .catch(() => {});
    }
    return { replies, endedAfterEnd, returnedAfterClose };
  } finally {
    // Closing both ends also ends a handler that never returned by itself.
    await client?.close();
    await server?.close();
    listener.close();
    await Deno.remove(dir, { recursive: true });
  }
}

const reversed = (words: readonly string[]) =>
  words.map((w) => [...w].reverse().join(""));

const quote = (text: string) => `«${text}»`;

/**
 * What went wrong with the replies to `words`, in Spanish, naming the input;
 * `"cada texto volvió invertido, en orden"` when nothing did.
 *
 * @example
 * ```ts
 * import { judgeReplies } from "./ch03_pipes.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(judgeReplies(["ab", "cd"], ["ba", "dc"]), "cada texto volvió invertido, en orden");
 * assertEquals(judgeReplies(["ab"], ["ab"]), "«ab» volvió como «ab»: sin invertir");
 * assertEquals(judgeReplies(["ab", "cd"], ["dc", "ba"]), "llegaron las respuestas correctas, pero fuera de orden: «dc», «ba»");
 * assertEquals(judgeReplies(["ab", "cd"], ["ba"]), "se enviaron 2 textos y volvió 1 respuesta");
 * ```
 */
export function judgeReplies(
  words: readonly string[],
  replies: readonly string[],
): string {
  const want = reversed(words);
  if (replies.length !== words.length) {
    return `se enviaron ${words.length} textos y ${
      replies.length === 1
        ? "volvió 1 respuesta"
        : `volvieron ${replies.length} respuestas`
    }`;
  }
  if (replies.every((r, i) => r === want[i])) {
    return "cada texto volvió invertido, en orden";
  }
  if ([...replies].sort().join("\0") === [...want].sort().join("\0")) {
    return `llegaron las respuestas correctas, pero fuera de orden: ${
      replies.map(quote).join(", ")
    }`;
  }
  const i = replies.findIndex((r, k) => r !== want[k]);
  const word = words[i];
  const got = replies[i];
  const why = got === word
    ? "sin invertir"
    : got.includes("\uFFFD")
    ? "con caracteres rotos (¿invertiste bytes o unidades UTF-16 en vez de caracteres?)"
    : `se esperaba ${quote(want[i])}`;
  return `${quote(word)} volvió como ${quote(got)}: ${why}`;
}

const OK = "cada texto volvió invertido, en orden";

/**
 * The exercise's checks (Spanish names: the reader sees them). Each check
 * returns a verdict sentence; the expected one is the success sentence, so
 * a failure shows what went wrong with which input.
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
  hints: [
    "Invierte **caracteres**, no bytes: decodifica el mensaje a texto, y `[...texto]` te da sus caracteres (con tildes y emojis enteros).",
    'Revisa `"end"` **antes** de responder: si es `"end"`, sal de la función con `return` (sin enviar nada); el kit cierra la conexión al volver.',
    'Dentro del bucle: `if (text === "end") return;` y luego `await connection.send(textCodec.encode([...text].reverse().join("")));`.',
  ],
  worked: [
    'Cada mensaje llega completo (el kit ya lo delimitó con el prefijo de 4 bytes), así que basta decodificarlo, mirar si es `"end"` y, si no, invertirlo por caracteres:',
    "",
    "```ts",
    "async function reverseHandler(connection: MessageDuplex): Promise<void> {",
    "  while (true) {",
    "    const message = await connection.receive();",
    "    if (message === null) return; // el cliente cerró",
    "    const text = textCodec.decode(message);",
    '    if (text === "end") return; // termina sin responder',
    '    await connection.send(textCodec.encode([...text].reverse().join("")));',
    "  }",
    "}",
    "```",
    "",
    '`text.split("").reverse()` invierte unidades UTF-16 y rompe los emojis; invertir los bytes (como `s[::-1]` de la clase) rompe las tildes.',
  ].join("\n"),
  checks: [
    {
      name: '"abracadabra" vuelve como "arbadacarba"',
      run: async (f) =>
        judgeReplies(
          ["abracadabra"],
          (await exchangeOverUnix(f, ["abracadabra"], "none")).replies,
        ),
      expected: OK,
      timeoutMs: 3000,
    },
    {
      name:
        "varios textos seguidos, sin pausas, en orden (con tildes y un emoji)",
      run: async (f) => {
        const words = ["hola", "mundo", "ñandú", "ok 🙂"];
        return judgeReplies(
          words,
          (await exchangeOverUnix(f, words, "none")).replies,
        );
      },
      expected: OK,
      timeoutMs: 3000,
    },
    {
      name: "un string vacío vuelve vacío",
      run: async (f) =>
        judgeReplies([""], (await exchangeOverUnix(f, [""], "none")).replies),
      expected: OK,
      timeoutMs: 3000,
    },
    {
      name: 'con "end" el servidor termina sin responder',
      run: async (f) => {
        const { replies, endedAfterEnd } = await exchangeOverUnix(
          f,
          ["uno"],
          "end",
        );
        const first = judgeReplies(["uno"], replies);
        if (first !== OK) return first;
        return endedAfterEnd
          ? 'tras "end" cerró sin responder'
          : 'tras "end" el servidor respondió o siguió esperando en vez de terminar';
      },
      expected: 'tras "end" cerró sin responder',
      timeoutMs: 3000,
    },
    {
      name: "si el cliente se va (receive() da null), el servidor termina",
      run: async (f) => {
        const { returnedAfterClose } = await exchangeOverUnix(
          f,
          ["uno"],
          "close",
        );
        return returnedAfterClose
          ? "terminó al cerrarse la conexión"
          : `la función no terminó en ${END_GRACE_MS} ms después de que receive() diera null`;
      },
      expected: "terminó al cerrarse la conexión",
      timeoutMs: 3000,
    },
  ],
});
