/**
 * A connection server: many clients on one event loop, bounded, stoppable.
 *
 * The class's servers start a thread per client; Deno serves every client on
 * one event loop, one async handler per connection. The server is three
 * pieces, each in its own file, in the shape of tokio's mini-redis:
 *
 * - the listener (`server_listener.ts`): TCP on 127.0.0.1 or a Unix socket
 *   in a private dir, removed on stop;
 * - the accept loop (`server_accept.ts`): takes connections while fewer than
 *   `maxConnections` are open, plus one newcomer to shed a stalled
 *   connection for (the rest wait in the listen backlog), skips
 *   connections reset before they were taken, and backs off (giving up
 *   after about a minute) when the listener itself fails;
 * - the connections (`server_connections.ts`): one handler per connection,
 *   guarded against silent and slow clients (`idle.ts`); a handler that throws loses only its own
 *   connection, and the error is recorded.
 *
 * This file wires them together and stops them in order: stop accepting,
 * give handlers a grace period, close what is left.
 *
 * @module
 */

import { DuplexClosedError } from "../wire/errors.ts";
import { type FramedDuplex, framedDuplex } from "../wire/framed.ts";
import { acceptLoop } from "./server_accept.ts";
import { ServerConnections } from "./server_connections.ts";
import { openServerListener } from "./server_listener.ts";
import type {
  ConnectionContext,
  ConnectionFailure,
  ConnectionHandler,
  ConnectionServer,
  ConnectionServerOptions,
  ServerEndpoint,
  ServerStats,
} from "./server_types.ts";

export type {
  ConnectionContext,
  ConnectionFailure,
  ConnectionHandler,
  ConnectionServer,
  ConnectionServerOptions,
  ServerEndpoint,
  ServerStats,
};

/**
 * Starts a server whose handler gets each connection as raw bytes (for
 * unframed protocols such as the workshop's task protocol).
 *
 * @example An uppercase server on a free port
 * ```ts
 * import { serveConnections } from "./server.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using server = await serveConnections({}, async (conn) => {
 *   const buffer = new Uint8Array(64);
 *   const n = (await conn.read(buffer)) ?? 0;
 *   const text = new TextDecoder().decode(buffer.subarray(0, n));
 *   await conn.write(new TextEncoder().encode(text.toUpperCase()));
 * });
 * using client = await Deno.connect({ hostname: "127.0.0.1", port: server.port });
 * await client.write(new TextEncoder().encode("hola"));
 * const reply = new Uint8Array(64);
 * const n = (await client.read(reply)) ?? 0;
 * assertEquals(new TextDecoder().decode(reply.subarray(0, n)), "HOLA");
 * ```
 */
export async function serveConnections(
  options: ConnectionServerOptions,
  handler: ConnectionHandler,
): Promise<ConnectionServer> {
  const stopping = new AbortController();
  // Validates maxConnections before anything is bound.
  const connections = new ServerConnections({
    handler,
    maxConnections: options.maxConnections ?? 128,
    // Simple defaults in the spirit of mini-redis; each is where a real
    // server tunes for its clients (see ConnectionServerOptions).
    limits: {
      idleMs: options.idleTimeoutMs ?? 30_000,
      frameTimeoutMs: options.frameTimeoutMs ?? 10_000,
      maxIdleHoldMs: options.maxIdleHoldMs ?? 60_000,
    },
    shedIdleMs: options.shedIdleMs ?? 1_000,
    signal: stopping.signal,
  });
  const bound = await openServerListener(options.endpoint);
  const accepting = acceptLoop(bound.listener, {
    signal: stopping.signal,
    backoffOnResets: options.backoffOnResets,
    waitForRoom: () => connections.waitForRoom(),
    onConnection: (conn) => connections.serve(conn),
    onLostBeforeAccept: (error) => {
      connections.stats.lostBeforeAccept++;
      connections.countKind(error);
    },
    onListenerError: (error) => {
      connections.stats.listenerErrors++;
      connections.recordFailure({ id: 0, remote: "listener", error });
    },
  }).then((end) => {
    if (end !== "gave up") return;
    // New clients are refused at once rather than left in the backlog;
    // open connections are served until stop().
    connections.stats.listenerGaveUp = true;
    bound.close();
  });

  let stopped: Promise<void> | null = null;
  async function stop(graceMs = 1000): Promise<void> {
    stopping.abort(new DuplexClosedError("serve"));
    bound.close();
    await accepting;
    await connections.closeAll(graceMs);
  }

  const server: Omit<ConnectionServer, typeof Symbol.asyncDispose> = {
    addr: bound.listener.addr,
    address: bound.address,
    port: bound.port,
    path: bound.path,
    stats: () => ({
      ...connections.stats,
      failuresByKind: { ...connections.stats.failuresByKind },
    }),
    failures: connections.failures,
    stop(graceMs) {
      stopped ??= stop(graceMs);
      return stopped;
    },
  };
  return Object.assign(server, {
    [Symbol.asyncDispose]: () => server.stop(),
  });
}

/** Serves connections with a framed-message handler. */
export type FramedHandler = (
  duplex: FramedDuplex,
  context: ConnectionContext,
) => Promise<void>;

/**
 * Starts a server whose handler gets each connection as a framed
 * {@linkcode FramedDuplex} (4-byte big-endian length prefix, as the class).
 * A client that sends a bad frame only fails its own handler.
 *
 * @example A framed server that answers with the message's length
 * ```ts
 * import { serveFramed } from "./server.ts";
 * import { connectTcp } from "../transports/tcp.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using server = await serveFramed({}, async (duplex) => {
 *   const message = await duplex.receive();
 *   if (message) await duplex.send(new Uint8Array([message.length]));
 * });
 * await using client = await connectTcp({ port: server.port });
 * await client.send(new Uint8Array(5));
 * assertEquals([...(await client.receive())!], [5]);
 * ```
 */
export function serveFramed(
  options: ConnectionServerOptions,
  handler: FramedHandler,
): Promise<ConnectionServer> {
  const maxFrameBytes = options.maxFrameBytes ?? 1024 * 1024;
  return serveConnections(options, async (conn, context) => {
    conn.countFrames(); // progress is a whole frame; a started one has frameTimeoutMs
    const duplex = framedDuplex(conn, { maxFrameBytes });
    try {
      await handler(duplex, context);
    } finally {
      await duplex.close();
    }
  });
}
