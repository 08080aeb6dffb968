/**
 * The server's open connections: one handler per connection, isolated, and
 * counted.
 *
 * @module
 */

import { deadline } from "../util/deadline.ts";
import { guardIdle, type IdleGuardedConn } from "./idle.ts";
import type {
  ConnectionFailure,
  ConnectionHandler,
  ServerStats,
} from "./server_types.ts";

/** Failures kept for the notebook: enough to show, bounded under a flood. */
export const MAX_FAILURES_KEPT = 100;

/**
 * Runs each accepted connection's handler and keeps the books. A handler
 * that throws (or a client that breaks the protocol, or goes silent past the
 * idle timeout) ends only its own connection: the error is recorded, the
 * connection closed, its slot freed; nothing reaches the accept loop.
 *
 * @example A failing handler is recorded, and its slot comes back
 * ```ts
 * import { ServerConnections } from "./server_connections.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const stop = new AbortController();
 * const connections = new ServerConnections({
 *   maxConnections: 1,
 *   idleTimeoutMs: 5_000,
 *   signal: stop.signal,
 *   handler: () => Promise.reject(new Error("handler bug")),
 * });
 * using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
 * const accepted = listener.accept();
 * using _client = await Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port });
 * connections.serve(await accepted);
 * await connections.waitForRoom();
 * assertEquals(connections.stats.failed, 1);
 * assertEquals((connections.failures[0].error as Error).message, "handler bug");
 * await connections.closeAll(0);
 * ```
 */
export class ServerConnections {
  /** Live counters (copy before handing out). */
  readonly stats: ServerStats = {
    accepted: 0,
    active: 0,
    peakActive: 0,
    completed: 0,
    failed: 0,
    timedOut: 0,
    lostBeforeAccept: 0,
    listenerErrors: 0,
    listenerGaveUp: false,
    failuresByKind: {},
  };
  /** The most recent failures, oldest first. */
  readonly failures: ConnectionFailure[] = [];
  readonly #options: ServerConnectionsOptions;
  readonly #open = new Map<
    number,
    { conn: IdleGuardedConn; done: Promise<void> }
  >();
  #nextId = 1;
  #slotFreed: (() => void) | null = null;

  /** Checks the bounds; nothing runs until {@linkcode serve}. */
  constructor(options: ServerConnectionsOptions) {
    const max = options.maxConnections;
    if (!Number.isInteger(max) || max < 1) {
      throw new RangeError(
        `maxConnections must be a positive integer, not ${max}`,
      );
    }
    this.#options = options;
  }

  /** Resolves once fewer than `maxConnections` are open, or the server stops. */
  async waitForRoom(): Promise<void> {
    const { signal, maxConnections } = this.#options;
    while (this.stats.active >= maxConnections && !signal.aborted) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          signal.removeEventListener("abort", wake);
          resolve();
        };
        this.#slotFreed = wake;
        signal.addEventListener("abort", wake, { once: true });
      });
    }
  }

  /** Counts a failure by kind and keeps it, dropping the oldest past the bound. */
  recordFailure(failure: ConnectionFailure): void {
    this.countKind(failure.error);
    this.failures.push(failure);
    if (this.failures.length > MAX_FAILURES_KEPT) this.failures.shift();
  }

  /** Counts a failure by its error's name only (a flood of them stays one number). */
  countKind(error: unknown): void {
    const kind = error instanceof Error ? error.name : typeof error;
    const byKind = this.stats.failuresByKind;
    byKind[kind] = (byKind[kind] ?? 0) + 1;
  }

  /** Starts the handler of an accepted connection; returns at once. */
  serve(conn: Deno.Conn): void {
    this.stats.accepted++;
    this.stats.active++;
    this.stats.peakActive = Math.max(this.stats.peakActive, this.stats.active);
    void this.#run(conn, this.#nextId++);
  }

  async #run(conn: Deno.Conn, id: number): Promise<void> {
    const { handler, idleTimeoutMs, signal } = this.#options;
    const remoteAddr = conn.remoteAddr;
    const remote = remoteAddr.transport === "tcp"
      ? `${remoteAddr.hostname}:${remoteAddr.port}`
      : "unix";
    // Small replies leave at once (the reason: connectTcp in transports/tcp.ts).
    if (remoteAddr.transport === "tcp") (conn as Deno.TcpConn).setNoDelay(true);
    // Where a real server tunes per connection: the idle timeout here, and
    // buffer and frame limits in the handler's framing.
    const guarded = guardIdle(conn, idleTimeoutMs);
    let done!: () => void;
    this.#open.set(id, { conn: guarded, done: new Promise((r) => (done = r)) });
    try {
      await handler(guarded, { id, remote, signal });
      this.stats.completed++;
    } catch (error) {
      if (guarded.timedOut) this.stats.timedOut++;
      else if (signal.aborted) this.stats.completed++; // cut by the stop
      else {
        this.stats.failed++;
        this.recordFailure({ id, remote, error });
      }
    } finally {
      guarded.close();
      this.#open.delete(id);
      this.stats.active--;
      done();
      this.#slotFreed?.();
      this.#slotFreed = null;
    }
  }

  /**
   * Gives running handlers `graceMs` to finish, then closes what is left
   * (their reads fail, so they end) and waits for every handler.
   */
  async closeAll(graceMs: number): Promise<void> {
    const all = () => Promise.all([...this.#open.values()].map((e) => e.done));
    await deadline(all(), graceMs, "handlers to finish").catch(() => {});
    for (const entry of this.#open.values()) entry.conn.close();
    await all();
  }
}

/** Options of {@linkcode ServerConnections}. */
export interface ServerConnectionsOptions {
  handler: ConnectionHandler;
  /** Open connections at most. */
  maxConnections: number;
  /** Close a connection after this long without a read or write. */
  idleTimeoutMs: number;
  /** Aborted when the server stops; handlers see it in their context. */
  signal: AbortSignal;
}
