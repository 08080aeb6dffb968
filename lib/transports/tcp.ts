/**
 * TCP on loopback as a framed {@linkcode MessageDuplex}.
 *
 * The smallest useful socket layer: listen on 127.0.0.1 (never all
 * interfaces by default), accept connections as framed duplexes, connect to
 * one. Servers built on it (echo, task server) live in `lib/net` and
 * `lib/programs`.
 *
 * @module
 */

import {
  type FramedDuplex,
  framedDuplex,
  type FramedDuplexOptions,
} from "../wire/framed.ts";

/** Options of {@linkcode listenTcp}. */
export interface ListenTcpOptions extends FramedDuplexOptions {
  /** Address to bind; default `127.0.0.1` (loopback only). */
  hostname?: string;
  /** Port; default 0 (the OS picks a free one). */
  port?: number;
}

/** A listening TCP socket whose accepted connections are framed duplexes. */
export interface FramedTcpListener extends Disposable {
  readonly addr: Deno.NetAddr;
  /** Waits for the next connection. */
  accept(): Promise<FramedDuplex>;
  /** Stops listening (open connections are not affected). */
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
export function listenTcp(options: ListenTcpOptions = {}): FramedTcpListener {
  const listener = Deno.listen({
    hostname: options.hostname ?? "127.0.0.1",
    port: options.port ?? 0,
    transport: "tcp",
  });
  let closed = false;
  return {
    addr: listener.addr,
    async accept() {
      const conn = await listener.accept();
      conn.setNoDelay(true);
      return framedDuplex(conn, options);
    },
    close() {
      if (closed) return;
      closed = true;
      listener.close();
    },
    [Symbol.dispose]() {
      this.close();
    },
  };
}

/** Options of {@linkcode connectTcp}. */
export interface ConnectTcpOptions extends FramedDuplexOptions {
  hostname?: string;
  port: number;
}

/**
 * Connects to a framed TCP server (Nagle disabled: each frame leaves at once).
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
  const conn = await Deno.connect({
    hostname: options.hostname ?? "127.0.0.1",
    port: options.port,
    transport: "tcp",
  });
  conn.setNoDelay(true);
  return framedDuplex(conn, options);
}
