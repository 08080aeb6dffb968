/**
 * The plain data types of the connection server (`server.ts`): what a
 * handler is told about its connection, and what the server reports.
 *
 * @module
 */

/** What a handler knows about its connection. */
export interface ConnectionContext {
  /** Sequence number of the connection (1, 2, …). */
  id: number;
  /** The client's address: `127.0.0.1:51234`, or `unix` for a Unix socket. */
  remote: string;
  /** Aborted when the server stops: finish quickly. */
  signal: AbortSignal;
}

/** Counters of a server's life so far. */
export interface ServerStats {
  accepted: number;
  active: number;
  peakActive: number;
  completed: number;
  failed: number;
  timedOut: number;
}

/** A handler failure, kept for the notebook and the tests. */
export interface ConnectionFailure {
  id: number;
  remote: string;
  error: unknown;
}
