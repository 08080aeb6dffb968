/**
 * The server's open connections: one handler per connection, isolated, and
 * counted.
 *
 * @module
 */

import { deadline } from "../util/deadline.ts";
import {
  type CutReason,
  type GuardedConn,
  guardIdle,
  type GuardLimits,
} from "./idle.ts";
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
 * When every slot is taken, the accept loop still takes one newcomer and
 * parks it here: the connection that has waited longest on its client
 * without progress (at least `shedIdleMs`) is shed to make room. Clients
 * that are busy, or merely quiet for less than that, are never shed; the
 * newcomer then waits for a slot like before.
 *
 * @example A failing handler is recorded, and its slot comes back
 * ```ts
 * import { ServerConnections } from "./server_connections.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const stop = new AbortController();
 * const connections = new ServerConnections({
 *   maxConnections: 1,
 *   limits: { idleMs: 5_000 },
 *   shedIdleMs: 1_000,
 *   signal: stop.signal,
 *   handler: () => Promise.reject(new Error("handler bug")),
 * });
 * using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
 * const accepted = listener.accept();
 * using _client = await Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port });
 * connections.serve(await accepted);
 * await connections.closeAll(1_000); // the handler has already failed
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
    slowFrames: 0,
    heldTooLong: 0,
    shed: 0,
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
    { conn: GuardedConn; done: Promise<void> }
  >();
  #nextId = 1;
  /** Wakes whoever waits for a change (a slot freed, a newcomer admitted). */
  #waiters = new Set<() => void>();
  /** The newcomer accepted while every slot was taken. */
  #parked: Deno.Conn | null = null;
  #admitting: Promise<void> = Promise.resolve();

  /** Checks the bounds; nothing runs until {@linkcode serve}. */
  constructor(options: ServerConnectionsOptions) {
    const max = options.maxConnections;
    if (!Number.isInteger(max) || max < 1) {
      throw new RangeError(
        `maxConnections debe ser un entero positivo, no ${max}`,
      );
    }
    this.#options = options;
  }

  /**
   * Resolves once the accept loop may take another connection: no newcomer
   * is parked (one may be taken past `maxConnections`, to shed for), or the
   * server stops.
   */
  async waitForRoom(): Promise<void> {
    while (this.#parked !== null && !this.#options.signal.aborted) {
      await this.#change(Infinity);
    }
  }

  /** Waits for a slot freed, a newcomer admitted, the stop, or `ms`. */
  #change(ms: number): Promise<void> {
    const { signal } = this.#options;
    return new Promise<void>((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(wake, ms) : undefined;
      const waiters = this.#waiters;
      function wake() {
        clearTimeout(timer);
        waiters.delete(wake);
        signal.removeEventListener("abort", wake);
        resolve();
      }
      waiters.add(wake);
      signal.addEventListener("abort", wake, { once: true });
    });
  }

  #notify(): void {
    for (const wake of [...this.#waiters]) wake();
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

  /** Starts the handler of an accepted connection (or parks it while full); returns at once. */
  serve(conn: Deno.Conn): void {
    if (this.stats.active < this.#options.maxConnections) {
      return this.#start(conn);
    }
    this.#parked = conn;
    this.#admitting = this.#admitParked();
  }

  #start(conn: Deno.Conn): void {
    this.stats.accepted++;
    this.stats.active++;
    this.stats.peakActive = Math.max(this.stats.peakActive, this.stats.active);
    void this.#run(conn, this.#nextId++);
  }

  /** Sheds the stalest connection for the parked newcomer, or waits for a slot. */
  async #admitParked(): Promise<void> {
    const { signal, maxConnections, shedIdleMs } = this.#options;
    while (this.stats.active >= maxConnections && !signal.aborted) {
      const now = performance.now();
      let stalest: GuardedConn | null = null;
      let nextEligibleMs = shedIdleMs;
      for (const { conn } of this.#open.values()) {
        if (conn.stalledSince === null || conn.cutReason !== null) continue;
        const stalled = now - conn.stalledSince;
        // Strictly staler wins: on a tie, the older connection goes.
        if (
          stalled >= shedIdleMs &&
          stalled > (stalest ? now - stalest.stalledSince! : -1)
        ) {
          stalest = conn;
        }
        nextEligibleMs = Math.min(nextEligibleMs, shedIdleMs - stalled);
      }
      if (stalest !== null) stalest.cut("shed");
      // A shed connection's handler ends at once and frees its slot; else
      // look again when the stalest could first be shed (or a slot frees).
      await this.#change(stalest ? Infinity : Math.max(10, nextEligibleMs));
    }
    const conn = this.#parked!;
    this.#parked = null;
    if (signal.aborted) conn.close();
    else this.#start(conn);
    this.#notify();
  }

  async #run(conn: Deno.Conn, id: number): Promise<void> {
    const { handler, limits, signal } = this.#options;
    const remoteAddr = conn.remoteAddr;
    const remote = remoteAddr.transport === "tcp"
      ? `${remoteAddr.hostname}:${remoteAddr.port}`
      : "unix";
    // Small replies leave at once (the reason: connectTcp in transports/tcp.ts).
    if (remoteAddr.transport === "tcp") (conn as Deno.TcpConn).setNoDelay(true);
    // Where a real server tunes per connection: the clocks here, and
    // buffer and frame limits in the handler's framing.
    const guarded = guardIdle(conn, {
      ...limits,
      onCut: (reason) => this.#countCut(reason),
    });
    let done!: () => void;
    this.#open.set(id, { conn: guarded, done: new Promise((r) => (done = r)) });
    try {
      await handler(guarded, { id, remote, signal });
      if (guarded.cutReason === null) this.stats.completed++;
    } catch (error) {
      if (guarded.cutReason !== null) {
        // Counted by reason when it was cut.
      } else if (signal.aborted) this.stats.completed++; // cut by the stop
      else {
        this.stats.failed++;
        this.recordFailure({ id, remote, error });
      }
    } finally {
      guarded.close();
      this.#open.delete(id);
      this.stats.active--;
      done();
      this.#notify();
    }
  }

  #countCut(reason: CutReason): void {
    const field = ({
      idle: "timedOut",
      slowFrame: "slowFrames",
      heldTooLong: "heldTooLong",
      shed: "shed",
    } as const)[reason];
    this.stats[field]++;
  }

  /**
   * Gives running handlers `graceMs` to finish, then closes what is left
   * (their reads fail, so they end) and waits for every handler.
   */
  async closeAll(graceMs: number): Promise<void> {
    await this.#admitting; // a parked newcomer is closed once stopped
    const all = () => Promise.all([...this.#open.values()].map((e) => e.done));
    await deadline(all(), graceMs, "que terminen los manejadores de conexión")
      .catch(() => {});
    for (const entry of this.#open.values()) entry.conn.close();
    await all();
  }
}

/** Options of {@linkcode ServerConnections}. */
export interface ServerConnectionsOptions {
  handler: ConnectionHandler;
  /** Open connections at most. */
  maxConnections: number;
  /** The clocks of each connection's guard (see `guardIdle`). */
  limits: Omit<GuardLimits, "onCut">;
  /** A connection stalled at least this long may be shed for a newcomer (`Infinity`: never). */
  shedIdleMs: number;
  /** Aborted when the server stops; handlers see it in their context. */
  signal: AbortSignal;
}
