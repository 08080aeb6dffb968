/**
 * TCP on loopback as a framed {@linkcode MessageDuplex}.
 *
 * The smallest useful socket layer: listen on 127.0.0.1 (never all
 * interfaces by default), accept connections as framed duplexes, connect to
 * one. TCP delivers a byte stream, not messages, so every connection is
 * wrapped in the kit's length-prefix framing (`lib/wire/framed.ts`). Servers
 * built on it (echo, task server) live in `lib/net` and `lib/programs`; the
 * benchmark's tuned sockets live in `lib/fast/sockets.ts`.
 *
 * @module
 */

import { type FramedDuplex, framedDuplex } from "../wire/framed.ts";
import { framedListener } from "./listener.ts";

export { type FramedListener, framedListener } from "./listener.ts";

/**
 * A listening TCP socket whose accepted connections are framed duplexes.
 * Closing it does not close the connections it accepted: each closes on its
 * own.
 */
export interface FramedTcpListener extends Disposable {
  /** The address it listens on (`addr.port` is the port the OS picked). */
  readonly addr: Deno.NetAddr;
  /** Waits for the next connection; after `close()` rejects with `DuplexClosedError`. */
  accept(): Promise<FramedDuplex>;
  /** Stops listening (open connections are not affected). Idempotent. */
  close(): void;
}

/**
 * Listens for framed TCP connections on loopback.
 *
 * @example A framed round trip on 127.0.0.1
 * ```ts
 * import { connectTcp, listenTcp } from "./tcp.ts";
 * import { assertEquals } from "@std/assert";
 *
 * using listener = listenTcp();
 * const accepted = listener.accept();
 * await using client = await connectTcp({ port: listener.addr.port });
 * await using server = await accepted;
 * await client.send(new Uint8Array([1, 2, 3]));
 * await server.send((await server.receive())!);
 * assertEquals([...(await client.receive())!], [1, 2, 3]);
 * ```
 */
export function listenTcp(
  options: {
    /** Address to bind; default `127.0.0.1` (loopback only). */
    hostname?: string;
    /** Port; default 0 (the OS picks a free one). */
    port?: number;
    /** Largest message each accepted connection takes (default 16 MiB). */
    maxFrameBytes?: number;
  } = {},
): FramedTcpListener {
  const port = options.port ?? 0;
  checkPort(port);
  const listener = Deno.listen({
    hostname: options.hostname ?? "127.0.0.1",
    port,
    transport: "tcp",
  });
  const { maxFrameBytes } = options;
  return framedListener<Deno.NetAddr>(listener, {
    frame: (conn) => framedDuplex(conn, { maxFrameBytes }),
  });
}

/**
 * Connects to a framed TCP server.
 *
 * Nagle's algorithm is turned off (`TCP_NODELAY`), as the listener does for
 * each accepted connection. Nagle holds a small write back until the
 * previous one is acknowledged, hoping to merge it with the next; in a
 * request/reply protocol there is no next write until the reply comes, so
 * each small frame would wait for the peer's delayed ACK, tens of
 * milliseconds. The framing layer already merges concurrent sends.
 *
 * @example Connecting to nobody is a typed error
 * ```ts
 * import { connectTcp } from "./tcp.ts";
 * import { assertRejects } from "@std/assert";
 *
 * const free = Deno.listen({ hostname: "127.0.0.1", port: 0 });
 * const port = free.addr.port;
 * free.close();
 * await assertRejects(() => connectTcp({ port }), Deno.errors.ConnectionRefused);
 * ```
 */
export async function connectTcp(
  options: {
    /** Host to connect to; default `127.0.0.1`. */
    hostname?: string;
    /** The server's port. */
    port: number;
    /** Largest incoming message accepted (default 16 MiB). */
    maxFrameBytes?: number;
    /** Runs once when this connection closes. */
    onClose?: () => void | Promise<void>;
  },
): Promise<FramedDuplex> {
  const { hostname, port, ...framing } = options;
  checkPort(port);
  const conn = await Deno.connect({
    hostname: hostname ?? "127.0.0.1",
    port,
    transport: "tcp",
  });
  conn.setNoDelay(true);
  return framedDuplex(conn, framing);
}

/**
 * Rejects ports outside 0–65535 with a `RangeError` before the OS sees them
 * (the OS would fail with a less helpful message, or wrap the number).
 *
 * @example
 * ```ts
 * import { checkPort } from "./tcp.ts";
 * import { assertThrows } from "@std/assert";
 *
 * checkPort(4444);
 * assertThrows(() => checkPort(70000), RangeError);
 * ```
 */
export function checkPort(port: number): void {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(
      `El puerto debe ser un entero entre 0 y 65535, no ${port}`,
    );
  }
}
