/**
 * A connection server: many clients on one event loop, bounded, stoppable.
 *
 * The class's servers start a thread per client; Deno serves every client on
 * one event loop, one async handler per connection. What a real server still
 * needs is here, once, for every protocol of the kit: a cap on open
 * connections (more clients wait in the listen backlog), an idle timeout,
 * isolation (a handler that throws only loses its own connection; the error
 * is recorded) and a clean stop (close the listener, a grace period, then
 * close what is left and remove the socket file).
 *
 * @module
 */

import { DuplexClosedError } from "../wire/errors.ts";
import { type FramedDuplex, framedDuplex } from "../wire/framed.ts";
import { checkPort } from "../transports/tcp.ts";
import { privateSocketPath, removeStaleSocket } from "../transports/unix.ts";
import { guardIdle, type IdleGuardedConn } from "./idle.ts";
import type {
  ConnectionContext,
  ConnectionFailure,
  ServerStats,
} from "./server_types.ts";

export type { ConnectionContext, ConnectionFailure, ServerStats };

/** Where a server listens: TCP on loopback, or a Unix socket file. */
export type ServerEndpoint =
  | { transport?: "tcp"; hostname?: string; port?: number }
  | { transport: "unix"; path?: string };

/** Options of {@linkcode serveConnections}. */
export interface ConnectionServerOptions {
  /** Default: TCP on 127.0.0.1, a free port. */
  endpoint?: ServerEndpoint;
  /** Open connections at most (default 128); more clients wait to be accepted. */
  maxConnections?: number;
  /** Close a connection after this long without a read or write (default 30 s). */
  idleTimeoutMs?: number;
  /** Largest frame accepted by {@linkcode serveFramed} (default 1 MiB). */
  maxFrameBytes?: number;
}

/** A running server. */
export interface ConnectionServer extends AsyncDisposable {
  readonly addr: Deno.Addr;
  /** `127.0.0.1:port` or the socket path: what a client connects to. */
  readonly address: string;
  /** TCP port (0 for Unix sockets). */
  readonly port: number;
  /** Socket path (empty for TCP). */
  readonly path: string;
  stats(): ServerStats;
  /** The most recent handler failures (at most 100). */
  readonly failures: readonly ConnectionFailure[];
  /** Stops; handlers get `graceMs` (default 1000) to finish before their connection is closed. */
  stop(graceMs?: number): Promise<void>;
}

/** Serves connections with a raw-bytes handler (see module docs). */
export type ConnectionHandler = (
  conn: IdleGuardedConn,
  context: ConnectionContext,
) => Promise<void>;

const MAX_FAILURES_KEPT = 100;

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
  const maxConnections = options.maxConnections ?? 128;
  if (!Number.isInteger(maxConnections) || maxConnections < 1) {
    throw new RangeError(
      `maxConnections must be a positive integer, not ${maxConnections}`,
    );
  }
  const idleTimeoutMs = options.idleTimeoutMs ?? 30_000;
  const endpoint = options.endpoint ?? {};
  let path = "";
  let ownDir = "";
  let listener: Deno.Listener;
  if (endpoint.transport === "unix") {
    path = endpoint.path ?? await privateSocketPath();
    if (endpoint.path === undefined) {
      ownDir = path.slice(0, path.lastIndexOf("/"));
    }
    await removeStaleSocket(path);
    listener = Deno.listen({ transport: "unix", path });
  } else {
    checkPort(endpoint.port ?? 0);
    listener = Deno.listen({
      transport: "tcp",
      hostname: endpoint.hostname ?? "127.0.0.1",
      port: endpoint.port ?? 0,
    });
  }
  const stopping = new AbortController();
  const stats: ServerStats = {
    accepted: 0,
    active: 0,
    peakActive: 0,
    completed: 0,
    failed: 0,
    timedOut: 0,
  };
  const failures: ConnectionFailure[] = [];
  const open = new Map<
    number,
    { conn: IdleGuardedConn; done: Promise<void> }
  >();
  let slotFreed: (() => void) | null = null;

  async function run(conn: Deno.Conn, id: number): Promise<void> {
    const remoteAddr = conn.remoteAddr;
    const remote = remoteAddr.transport === "tcp"
      ? formatNetAddr(remoteAddr as Deno.NetAddr)
      : "unix";
    if (remoteAddr.transport === "tcp") (conn as Deno.TcpConn).setNoDelay(true);
    const guarded = guardIdle(conn, idleTimeoutMs);
    let done!: () => void;
    open.set(id, { conn: guarded, done: new Promise((r) => (done = r)) });
    try {
      await handler(guarded, { id, remote, signal: stopping.signal });
      stats.completed++;
    } catch (error) {
      if (guarded.timedOut) stats.timedOut++;
      else if (!stopping.signal.aborted) {
        stats.failed++;
        failures.push({ id, remote, error });
        if (failures.length > MAX_FAILURES_KEPT) failures.shift();
      } else stats.completed++;
    } finally {
      guarded.close();
      open.delete(id);
      stats.active--;
      done();
      slotFreed?.();
      slotFreed = null;
    }
  }

  const acceptLoop = (async () => {
    let nextId = 1;
    while (!stopping.signal.aborted) {
      while (stats.active >= maxConnections && !stopping.signal.aborted) {
        await new Promise<void>((resolve) => (slotFreed = resolve));
      }
      if (stopping.signal.aborted) return;
      let conn: Deno.Conn;
      try {
        conn = await listener.accept();
      } catch (error) {
        if (stopping.signal.aborted) return;
        failures.push({ id: 0, remote: "listener", error });
        await new Promise((r) => setTimeout(r, 10));
        continue;
      }
      stats.accepted++;
      stats.active++;
      stats.peakActive = Math.max(stats.peakActive, stats.active);
      void run(conn, nextId++);
    }
  })();

  let stopped: Promise<void> | null = null;
  async function stop(graceMs = 1000): Promise<void> {
    stopping.abort(new DuplexClosedError("serve"));
    try {
      listener.close();
    } catch (error) {
      if (!(error instanceof Deno.errors.BadResource)) throw error;
    }
    slotFreed?.();
    await acceptLoop;
    const pending = [...open.values()].map((entry) => entry.done);
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.all(pending),
      new Promise((r) => (timer = setTimeout(r, graceMs))),
    ]);
    clearTimeout(timer);
    for (const entry of open.values()) entry.conn.close();
    await Promise.all([...open.values()].map((entry) => entry.done));
    if (path) {
      await removeIfPresent(path);
      if (ownDir) await removeIfPresent(ownDir);
    }
  }

  const addr = listener.addr;
  const server: Omit<ConnectionServer, typeof Symbol.asyncDispose> = {
    addr,
    address: addr.transport === "unix"
      ? path
      : formatNetAddr(addr as Deno.NetAddr),
    port: addr.transport === "unix" ? 0 : (addr as Deno.NetAddr).port,
    path,
    stats: () => ({ ...stats }),
    failures,
    stop(graceMs) {
      stopped ??= stop(graceMs);
      return stopped;
    },
  };
  return Object.assign(server, {
    [Symbol.asyncDispose]: () => server.stop(),
  });
}

function formatNetAddr(addr: Deno.NetAddr): string {
  return `${addr.hostname}:${addr.port}`;
}

async function removeIfPresent(path: string): Promise<void> {
  try {
    await Deno.remove(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
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
    const duplex = framedDuplex(conn, { maxFrameBytes });
    try {
      await handler(duplex, context);
    } finally {
      await duplex.close();
    }
  });
}
