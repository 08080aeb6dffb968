/**
 * The plain types of the connection server (`server.ts`): how it is bounded
 * and where it listens, what a handler is told about its connection, and
 * what a running server offers.
 *
 * @module
 */

import type { SocketMode } from "../transports/socket_path.ts";
import type { GuardedConn } from "./idle.ts";

/** Options of every kit server (`serveEcho`, `serveReverse`, `serveTasks`, …). */
export interface ConnectionServerOptions {
  /**
   * Where to listen. Default: TCP on 127.0.0.1, a free port; a Unix socket
   * without a path gets one in a private temp dir.
   */
  endpoint?:
    | { transport?: "tcp"; hostname?: string; port?: number }
    | { transport: "unix"; path?: string; mode?: SocketMode };
  /** Open connections at most (default 128); more clients wait to be accepted. */
  maxConnections?: number;
  /** Close a connection after this long without a read or write (default 30 s). */
  idleTimeoutMs?: number;
  /**
   * Once a frame's first byte has arrived, the whole frame must arrive
   * within this (default 10 s; framed servers only): a client trickling a
   * byte at a time is cut (`stats().slowFrames`). Real servers size it to
   * their largest frame over their slowest honest link.
   */
  frameTimeoutMs?: number;
  /**
   * Longest the server waits on one client without a frame (for raw
   * handlers, a read) completing (default 60 s), whatever else it does to
   * look alive (`stats().heldTooLong`). Time the handler spends working
   * does not count.
   */
  maxIdleHoldMs?: number;
  /**
   * When every slot is taken and a newcomer arrives, the connection that
   * has waited longest on its client without progress is closed to make
   * room (`stats().shed`), if it has waited at least this long (default
   * 1 s, so busy clients are never shed; `Infinity`: never shed).
   */
  shedIdleMs?: number;
  /** Largest frame a framed server accepts (default 1 MiB). */
  maxFrameBytes?: number;
  /**
   * Treat a client's reset before accept like a failure of the listener:
   * pause and back off (default false). Only to show the naive server a
   * reset flood slows down; never the right setting.
   */
  backoffOnResets?: boolean;
}

/** Where a server listens: TCP on loopback, or a Unix socket file. */
export type ServerEndpoint = NonNullable<ConnectionServerOptions["endpoint"]>;

/** What a handler knows about its connection. */
export interface ConnectionContext {
  /** Sequence number of the connection (1, 2, …). */
  id: number;
  /** The client's address: `127.0.0.1:51234`, or `unix` for a Unix socket. */
  remote: string;
  /** Aborted when the server stops: finish quickly. */
  signal: AbortSignal;
}

/** Serves one connection as raw bytes; throwing fails only this connection. */
export type ConnectionHandler = (
  conn: GuardedConn,
  context: ConnectionContext,
) => Promise<void>;

/** A running server: how to reach it, what it has seen, how to stop it. */
export interface ConnectionServer extends AsyncDisposable {
  /** The listening socket's address, as Deno reports it. */
  readonly addr: Deno.Addr;
  /** `127.0.0.1:port` or the socket path: what a client connects to. */
  readonly address: string;
  /** TCP port (0 for Unix sockets). */
  readonly port: number;
  /** Socket path (empty for TCP). */
  readonly path: string;
  /** Counters of the server's life so far. */
  stats(): {
    /** Connections accepted. */
    accepted: number;
    /** Connections open now. */
    active: number;
    /** Most connections open at the same time. */
    peakActive: number;
    /** Connections whose handler finished cleanly. */
    completed: number;
    /** Connections whose handler failed (cut connections are counted apart). */
    failed: number;
    /** Connections closed for being idle too long (`idleTimeoutMs`). */
    timedOut: number;
    /** Connections closed for sending a frame too slowly (`frameTimeoutMs`). */
    slowFrames: number;
    /** Connections closed for holding a slot without progress (`maxIdleHoldMs`). */
    heldTooLong: number;
    /** Stalled connections closed to make room for a newcomer (`shedIdleMs`). */
    shed: number;
    /**
     * Connections reset or aborted by their client before they could be
     * accepted: each is that connection's loss, the server accepts the next
     * one at once.
     */
    lostBeforeAccept: number;
    /** Failed accepts that were the listener's (`EMFILE`, …): each one pauses accepting. */
    listenerErrors: number;
    /** Whether accepting failed for too long and the server stopped listening (see `acceptBackoffMs`). */
    listenerGaveUp: boolean;
    /**
     * Every failure counted by its error's name (`FrameTooLargeError`,
     * `NotConnected`, …): handlers', the listener's and connections lost
     * before accept. A count per kind stays small whatever the flood.
     */
    failuresByKind: Record<string, number>;
  };
  /**
   * The most recent failures, for showing (at most 100, oldest first): a
   * handler's error, or with id 0 a failed accept of the listener's.
   * Connections lost before accept are only counted (`stats()`).
   */
  readonly failures: readonly {
    /** The connection's sequence number (0: the listener). */
    id: number;
    /** The client's address. */
    remote: string;
    /** What was thrown. */
    error: unknown;
  }[];
  /** Stops; handlers get `graceMs` (default 1000) to finish before their connection is closed. */
  stop(graceMs?: number): Promise<void>;
}

/** Counters of a server's life so far (what `stats()` returns). */
export type ServerStats = ReturnType<ConnectionServer["stats"]>;

/** One recorded failure (an entry of `failures`). */
export type ConnectionFailure = ConnectionServer["failures"][number];
