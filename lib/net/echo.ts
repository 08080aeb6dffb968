/**
 * The class's "waku waku" echo: a length-prefixed message goes to the server
 * and comes back unchanged.
 *
 * Wire format, byte for byte the class's Python: 4-byte big-endian length,
 * then the UTF-8 text. The class's server answers one message per connection
 * and hangs up; the kit's server echoes every frame until the client closes,
 * which the class's client cannot tell apart (it sends one and reads one).
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

/** Default port of the class's echo example. */
export const ECHO_DEFAULT_PORT = 4444;

/**
 * Starts the echo server: each frame received is sent back as is.
 *
 * @example One echo on a free port
 * ```ts
 * import { requestEcho, serveEcho } from "./echo.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const seen: string[] = [];
 * await using server = await serveEcho({ onMessage: (m) => seen.push(String(m)) });
 * assertEquals(await requestEcho({ port: server.port, message: "waku waku" }), "waku waku");
 * assertEquals(seen, ["waku waku"]);
 * ```
 */
export function serveEcho(
  options: ConnectionServerOptions & {
    /** Called with each message (as text when it is valid UTF-8) and the client. */
    onMessage?: (message: string | Uint8Array, remote: string) => void;
  } = {},
): Promise<ConnectionServer> {
  return serveFramed(options, async (duplex, { remote }) => {
    while (true) {
      const message = await duplex.receive();
      if (message === null) return;
      if (options.onMessage) {
        let shown: string | Uint8Array = message;
        try {
          shown = textCodec.decode(message);
        } catch {
          // Not text: report the bytes themselves.
        }
        options.onMessage(shown, remote);
      }
      await duplex.send(message);
    }
  });
}

/**
 * Connects (by default to TCP port 4444, the class's), sends one framed
 * message, waits for the echo and hangs up — what the class's client does.
 *
 * @example A typed error when nobody listens
 * ```ts
 * import { requestEcho } from "./echo.ts";
 * import { assertRejects } from "@std/assert";
 *
 * const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
 * const port = probe.addr.port;
 * probe.close();
 * await assertRejects(
 *   () => requestEcho({ port, message: "hola" }),
 *   Deno.errors.ConnectionRefused,
 * );
 * ```
 */
export function requestEcho(
  options: ClientOptions & {
    /** The text to send. */
    message: string;
  },
): Promise<string> {
  return withClientConn(options, async (conn) => {
    await using duplex = framedDuplex(conn);
    await duplex.send(textCodec.encode(options.message));
    const reply = await duplex.receive();
    if (reply === null) {
      throw new Deno.errors.UnexpectedEof(
        "El servidor cerró la conexión sin devolver el eco",
      );
    }
    return textCodec.decode(reply);
  }, ECHO_DEFAULT_PORT);
}
