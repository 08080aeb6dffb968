/**
 * Where the kit's clients connect (`requestEcho`, `requestReverse`,
 * `runTaskClient`): a TCP port on loopback or a Unix socket path, and a
 * bound on the whole exchange.
 *
 * @module
 */

import { deadline } from "../util/deadline.ts";
import { checkPort } from "../transports/tcp.ts";

/** Where a kit client connects, and how long it waits. */
export interface ClientOptions {
  /** The server's TCP port (each client documents its default); ignored when `path` is given. */
  port?: number;
  /** The server's host; default `127.0.0.1`. */
  hostname?: string;
  /** A Unix socket path, instead of TCP. */
  path?: string;
  /** Bound on the whole exchange in ms (default 5000). */
  timeoutMs?: number;
}

/**
 * Opens the connection `options` describe: the Unix socket at `path`, or
 * TCP to `port` (`defaultPort` when none is given), with Nagle off as
 * `connectTcp` does. Neither a path nor a port is a `TypeError`. `signal`
 * abandons the connect (a server whose backlog is full leaves it pending).
 *
 * @example Neither a path nor a port
 * ```ts
 * import { openClientConn } from "./client.ts";
 * import { assertRejects } from "@std/assert";
 *
 * await assertRejects(() => openClientConn({}), TypeError);
 * ```
 */
export async function openClientConn(
  options: ClientOptions,
  defaultPort?: number,
  signal?: AbortSignal,
): Promise<Deno.Conn> {
  if (options.path !== undefined) {
    // Deno's Unix connect takes no signal; a late connection is closed here.
    const conn = await Deno.connect({ transport: "unix", path: options.path });
    if (signal?.aborted) {
      conn.close();
      throw signal.reason;
    }
    return conn;
  }
  const port = options.port ?? defaultPort;
  if (port === undefined) {
    throw new TypeError(
      "Indica la ruta del socket del servidor o su puerto TCP",
    );
  }
  checkPort(port);
  const conn = await Deno.connect({
    hostname: options.hostname ?? "127.0.0.1",
    port,
    signal,
  });
  conn.setNoDelay(true);
  return conn;
}

/**
 * Connects and runs `exchange`, the whole of it bounded by
 * `options.timeoutMs` (default 5000 ms, then a `WaitTimeoutError`), and
 * always closes the connection.
 *
 * @example One write and one read over loopback
 * ```ts
 * import { withClientConn } from "./client.ts";
 * import { assertEquals } from "@std/assert";
 *
 * using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
 * const serving = listener.accept().then(async (conn) => {
 *   const buffer = new Uint8Array(8);
 *   const n = (await conn.read(buffer)) ?? 0;
 *   await conn.write(buffer.subarray(0, n));
 *   conn.close();
 * });
 * const echoed = await withClientConn({ port: listener.addr.port }, async (conn) => {
 *   await conn.write(new Uint8Array([7]));
 *   const buffer = new Uint8Array(8);
 *   return (await conn.read(buffer)) ?? 0;
 * });
 * await serving;
 * assertEquals(echoed, 1);
 * ```
 */
export async function withClientConn<T>(
  options: ClientOptions,
  exchange: (conn: Deno.Conn) => Promise<T>,
  defaultPort?: number,
): Promise<T> {
  // One bound for connect and exchange: a server whose accept queue is full
  // stalls the connect itself, so bounding only the reply is not enough.
  const stop = new AbortController();
  let conn: Deno.Conn | undefined;
  const run = async () => {
    conn = await openClientConn(options, defaultPort, stop.signal);
    return await exchange(conn);
  };
  try {
    return await deadline(run(), options.timeoutMs ?? 5000, "al servidor");
  } finally {
    stop.abort();
    try {
      conn?.close();
    } catch {
      // Already closed by the exchange (a framed duplex closes its conn).
    }
  }
}
