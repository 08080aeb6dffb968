/**
 * The server's accept loop: take connections while there is room, and back
 * off when accepting fails instead of spinning on the error.
 *
 * @module
 */

import { delay } from "@std/async/delay";

/** What the accept loop needs from the rest of the server. */
export interface AcceptLoopOptions {
  /** Aborted when the server stops: the loop returns. */
  signal: AbortSignal;
  /** Resolves once another connection may be opened (or `signal` aborted). */
  waitForRoom(): Promise<void>;
  /** Takes an accepted connection; must not wait for its handler. */
  onConnection(conn: Deno.Conn): void;
  /** Told about each failed accept (the loop carries on after a pause). */
  onAcceptError(error: unknown): void;
  /** First pause after a failed accept (default 10 ms); doubles per failure in a row. */
  firstBackoffMs?: number;
  /** Longest pause (default 1 s). */
  maxBackoffMs?: number;
}

/**
 * Accepts until `signal` aborts. Each connection goes to `onConnection` at
 * once, so a slow client never holds up the next one (the class's
 * single-threaded server does). A failed accept is usually the process
 * running out of file descriptors (`EMFILE`): retrying at once would fail
 * again in a tight loop, so the loop pauses, doubling the pause while
 * failures go on, and starts over from the shortest pause after a success.
 * Real servers tune these pauses and often give up after a while (tokio's
 * mini-redis stops after 64 s); a course server keeps trying until stopped.
 *
 * @example Two failed accepts, then a connection
 * ```ts
 * import { acceptLoop } from "./server_accept.ts";
 * import { assertEquals } from "@std/assert";
 *
 * using real = Deno.listen({ hostname: "127.0.0.1", port: 0 });
 * let failuresLeft = 2;
 * const flaky = {
 *   accept: () =>
 *     failuresLeft-- > 0
 *       ? Promise.reject(new Deno.errors.Interrupted("EMFILE, say"))
 *       : real.accept(),
 * } as Deno.Listener;
 * const stop = new AbortController();
 * const errors: unknown[] = [];
 * let got: Deno.Conn | null = null;
 * const loop = acceptLoop(flaky, {
 *   signal: stop.signal,
 *   waitForRoom: () => Promise.resolve(),
 *   onConnection: (conn) => {
 *     got = conn;
 *     stop.abort();
 *   },
 *   onAcceptError: (error) => errors.push(error),
 *   firstBackoffMs: 1,
 * });
 * using client = await Deno.connect({ hostname: "127.0.0.1", port: real.addr.port });
 * await loop;
 * assertEquals(errors.length, 2);
 * (got as Deno.Conn | null)?.close();
 * ```
 */
export async function acceptLoop(
  listener: Deno.Listener,
  options: AcceptLoopOptions,
): Promise<void> {
  const { signal } = options;
  const firstBackoffMs = options.firstBackoffMs ?? 10;
  const maxBackoffMs = options.maxBackoffMs ?? 1_000;
  let backoffMs = firstBackoffMs;
  while (!signal.aborted) {
    // The cap on open connections: more clients wait in the kernel's
    // listen backlog (sized by the OS; real servers raise it and the
    // descriptor limit together).
    await options.waitForRoom();
    if (signal.aborted) return;
    let conn: Deno.Conn;
    try {
      conn = await listener.accept();
    } catch (error) {
      // Stopping closes the listener, which fails the pending accept.
      if (signal.aborted) return;
      options.onAcceptError(error);
      try {
        await delay(backoffMs, { signal });
      } catch {
        return; // stopped while pausing
      }
      backoffMs = Math.min(backoffMs * 2, maxBackoffMs);
      continue;
    }
    backoffMs = firstBackoffMs;
    options.onConnection(conn);
  }
}
