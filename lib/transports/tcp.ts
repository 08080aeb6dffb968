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

import { DuplexClosedError } from "../wire/errors.ts";
import {
  type FramedDuplex,
  framedDuplex,
  type FramedDuplexOptions,
} from "../wire/framed.ts";
import { connectBusyPoll, listenBusyPoll } from "../fast/busy_poll.ts";

/** The option that switches a socket transport to busy polling. */
export interface BusyPollOption {
  /**
   * Read by busy polling a socket the kit opens through libc: each read
   * spins up to this many milliseconds before it sleeps (see
   * `busy_poll_socket.ts`). Cuts a loopback round trip to a fraction, at the
   * cost of a busy core while waiting; needs `--allow-ffi`, Linux only.
   * Default: off (a `Deno.Conn`, woken by the event loop).
   */
  busyPollMs?: number;
}

/** Options of {@linkcode listenTcp}. */
export interface ListenTcpOptions extends FramedDuplexOptions, BusyPollOption {
  /** Address to bind; default `127.0.0.1` (loopback only). */
  hostname?: string;
  /** Port; default 0 (the OS picks a free one). */
  port?: number;
}

/**
 * A listening stream socket whose accepted connections are framed duplexes.
 * TCP and Unix listeners share it so servers do not care which one they got.
 */
export interface FramedListener<A extends Deno.Addr = Deno.Addr>
  extends Disposable {
  readonly addr: A;
  /** Waits for the next connection; after `close()` rejects with `DuplexClosedError`. */
  accept(): Promise<FramedDuplex>;
  /** Stops listening (open connections are not affected). Idempotent. */
  close(): void;
}

/** A listening TCP socket whose accepted connections are framed duplexes. */
export type FramedTcpListener = FramedListener<Deno.NetAddr>;

/**
 * Wraps a Deno listener so accepted connections come out framed; shared by
 * the TCP and Unix transports.
 *
 * @example Accepting after close is a typed error
 * ```ts
 * import { framedListener } from "./tcp.ts";
 * import { DuplexClosedError } from "../wire/errors.ts";
 * import { assertRejects } from "@std/assert";
 *
 * const listener = framedListener(Deno.listen({ hostname: "127.0.0.1", port: 0 }));
 * listener.close();
 * await assertRejects(() => listener.accept(), DuplexClosedError);
 * ```
 */
export function framedListener<A extends Deno.Addr>(
  listener: Deno.Listener,
  options: FramedDuplexOptions & { onClose?: () => void } = {},
): FramedListener<A> {
  let closed = false;
  const { onClose, ...duplexOptions } = options;
  return {
    addr: listener.addr as A,
    async accept() {
      if (closed) throw new DuplexClosedError("accept");
      let conn: Deno.Conn;
      try {
        conn = await listener.accept();
      } catch (error) {
        if (closed) throw new DuplexClosedError("accept");
        throw error;
      }
      if (conn.remoteAddr.transport === "tcp") {
        (conn as Deno.TcpConn).setNoDelay(true);
      }
      return framedDuplex(conn, duplexOptions);
    },
    close() {
      if (closed) return;
      closed = true;
      listener.close();
      onClose?.();
    },
    [Symbol.dispose]() {
      this.close();
    },
  };
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
  const { hostname, port, busyPollMs, ...duplexOptions } = options;
  checkPort(port ?? 0);
  if (busyPollMs !== undefined) {
    return listenBusyPoll<Deno.NetAddr>({
      transport: "tcp",
      hostname: hostname ?? "127.0.0.1",
      port: port ?? 0,
    }, { ...duplexOptions, busyPollMs });
  }
  const listener = Deno.listen({
    hostname: hostname ?? "127.0.0.1",
    port: port ?? 0,
    transport: "tcp",
  });
  return framedListener<Deno.NetAddr>(listener, duplexOptions);
}

/** Options of {@linkcode connectTcp}. */
export interface ConnectTcpOptions extends FramedDuplexOptions, BusyPollOption {
  /** Host to connect to; default `127.0.0.1`. */
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
  const { hostname, port, busyPollMs, ...duplexOptions } = options;
  checkPort(port);
  if (busyPollMs !== undefined) {
    return await connectBusyPoll({
      transport: "tcp",
      hostname: hostname ?? "127.0.0.1",
      port,
    }, { ...duplexOptions, busyPollMs });
  }
  const conn = await Deno.connect({
    hostname: hostname ?? "127.0.0.1",
    port,
    transport: "tcp",
  });
  conn.setNoDelay(true);
  return framedDuplex(conn, duplexOptions);
}

/**
 * Rejects ports outside 0–65535 with a `RangeError` before the OS sees them.
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
