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

import {
  type FramedDuplex,
  framedDuplex,
  type FramedDuplexOptions,
} from "../wire/framed.ts";
import { type FramedListener, framedListener } from "./listener.ts";

export { type FramedListener, framedListener } from "./listener.ts";

/** A listening TCP socket whose accepted connections are framed duplexes. */
export type FramedTcpListener = FramedListener<Deno.NetAddr>;

/**
 * Options of {@linkcode listenTcp}: where to listen, and the frame limit of
 * each accepted connection. A listener has no `onClose`: closing it does not
 * close the connections it accepted, which each close on their own.
 */
export interface ListenTcpOptions {
  /** Address to bind; default `127.0.0.1` (loopback only). */
  hostname?: string;
  /** Port; default 0 (the OS picks a free one). */
  port?: number;
  /** Largest message each accepted connection takes (see `FramedDuplexOptions`). */
  maxFrameBytes?: number;
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
export function listenTcp(options: ListenTcpOptions = {}): FramedTcpListener {
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
 * Options of {@linkcode connectTcp}: where to connect, and the connection's
 * framing (`onClose` runs once when this connection closes).
 */
export interface ConnectTcpOptions extends FramedDuplexOptions {
  /** Host to connect to; default `127.0.0.1`. */
  hostname?: string;
  port: number;
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
  options: ConnectTcpOptions,
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
    throw new RangeError(`Port must be an integer in 0..65535, not ${port}`);
  }
}
