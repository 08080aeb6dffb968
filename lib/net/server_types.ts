/**
 * The plain types of the connection server (`server.ts`): where it listens,
 * how it is bounded, what a handler is told about its connection, and what
 * the server reports.
 *
 * @module
 */

import type { IdleGuardedConn } from "./idle.ts";

/** Where a server listens: TCP on loopback, or a Unix socket file. */
export type ServerEndpoint =
  | { transport?: "tcp"; hostname?: string; port?: number }
  | { transport: "unix"; path?: string };

/** Options of `serveConnections` and `serveFramed`. */
export interface ConnectionServerOptions {
  /** Default: TCP on 127.0.0.1, a free port. */
  endpoint?: ServerEndpoint;
  /** Open connections at most (default 128); more clients wait to be accepted. */
  maxConnections?: number;
  /** Close a connection after this long without a read or write (default 30 s). */
  idleTimeoutMs?: number;
  /** Largest frame accepted by `serveFramed` (default 1 MiB). */
  maxFrameBytes?: number;
}

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
  conn: IdleGuardedConn,
  context: ConnectionContext,
) => Promise<void>;

/** Counters of a server's life so far. */
export interface ServerStats {
  accepted: number;
  active: number;
  peakActive: number;
  completed: number;
  failed: number;
  timedOut: number;
}

/** A handler failure (or, with id 0, a failed accept), kept for the notebook and the tests. */
export interface ConnectionFailure {
  id: number;
  remote: string;
  error: unknown;
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
  /** The most recent failures (at most 100). */
  readonly failures: readonly ConnectionFailure[];
  /** Stops; handlers get `graceMs` (default 1000) to finish before their connection is closed. */
  stop(graceMs?: number): Promise<void>;
}
