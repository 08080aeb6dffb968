/**
 * The IPC chapter's reverse-string server, over a Unix socket (exercise 1).
 *
 * The chapter's version shares one named pipe for both directions and sleeps
 * two seconds so the server does not read back its own answer. A socket is
 * two-way by construction and frames mark where each string ends, so there is
 * nothing to wait for: the client sends a string, the server answers it
 * reversed, until the client closes.
 *
 * @module
 */

import { textCodec } from "../wire/codec.ts";
import { framedDuplex } from "../wire/framed.ts";
import { type ClientOptions, withClientConn } from "./client.ts";
import {
  type ConnectionServer,
  type ConnectionServerOptions,
  serveFramed,
} from "./server.ts";

/**
 * Reverses a string by Unicode code point (so "canción" survives).
 *
 * @example
 * ```ts
 * import { reverseText } from "./reverse.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(reverseText("abracadabra"), "arbadacarba");
 * assertEquals(reverseText("ñandú"), "údnañ");
 * ```
 */
export function reverseText(text: string): string {
  return [...text].reverse().join("");
}

/**
 * Starts the reverse server; by default on a Unix socket in a private temp dir.
 *
 * @example Two strings over one connection
 * ```ts
 * import { requestReverse, serveReverse } from "./reverse.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using server = await serveReverse();
 * assertEquals(
 *   await requestReverse({ path: server.path, messages: ["hola", "mundo"] }),
 *   ["aloh", "odnum"],
 * );
 * ```
 */
export function serveReverse(
  options: ConnectionServerOptions & {
    /** Called with each string received and the client. */
    onMessage?: (text: string, remote: string) => void;
  } = {},
): Promise<ConnectionServer> {
  return serveFramed(
    { endpoint: { transport: "unix" }, ...options },
    async (duplex, { remote }) => {
      while (true) {
        const message = await duplex.receive();
        if (message === null) return;
        const text = textCodec.decode(message);
        options.onMessage?.(text, remote);
        await duplex.send(textCodec.encode(reverseText(text)));
      }
    },
  );
}

/**
 * Sends each string and collects the reversed answers, in order.
 *
 * @example Needs a path or a port
 * ```ts
 * import { requestReverse } from "./reverse.ts";
 * import { assertRejects } from "@std/assert";
 *
 * await assertRejects(() => requestReverse({ messages: ["x"] }), TypeError);
 * ```
 */
export function requestReverse(
  options: ClientOptions & {
    /** The strings to send, one frame each, in order. */
    messages: readonly string[];
  },
): Promise<string[]> {
  return withClientConn(options, async (conn) => {
    await using duplex = framedDuplex(conn);
    const replies: string[] = [];
    for (const message of options.messages) {
      await duplex.send(textCodec.encode(message));
      const reply = await duplex.receive();
      if (reply === null) {
        throw new Deno.errors.UnexpectedEof(
          "El servidor cerró a mitad de la conversación",
        );
      }
      replies.push(textCodec.decode(reply));
    }
    return replies;
  });
}
