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

import { deadline } from "@std/async/deadline";
import { textCodec } from "../wire/codec.ts";
import { connectTcp } from "../transports/tcp.ts";
import { connectUnix } from "../transports/unix.ts";
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

/** Options of {@linkcode serveReverse}. */
export interface ReverseServerOptions extends ConnectionServerOptions {
  /** Called with each string received. */
  onMessage?: (text: string, remote: string) => void;
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
  options: ReverseServerOptions = {},
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

/** Options of {@linkcode requestReverse}. */
export interface ReverseRequestOptions {
  /** Unix socket path (or give `port` for TCP). */
  path?: string;
  port?: number;
  messages: readonly string[];
  /** Bound on the whole exchange (default 5000 ms). */
  timeoutMs?: number;
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
export async function requestReverse(
  options: ReverseRequestOptions,
): Promise<string[]> {
  if (options.path === undefined && options.port === undefined) {
    throw new TypeError("Give the server's socket path or TCP port");
  }
  const duplex = options.path !== undefined
    ? await connectUnix({ path: options.path })
    : await connectTcp({ port: options.port! });
  try {
    return await deadline(
      (async () => {
        const replies: string[] = [];
        for (const message of options.messages) {
          await duplex.send(textCodec.encode(message));
          const reply = await duplex.receive();
          if (reply === null) {
            throw new Deno.errors.UnexpectedEof(
              "Server closed mid-conversation",
            );
          }
          replies.push(textCodec.decode(reply));
        }
        return replies;
      })(),
      options.timeoutMs ?? 5000,
    );
  } finally {
    await duplex.close();
  }
}
