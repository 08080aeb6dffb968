/**
 * The server's accept loop: take connections while there is room, skip the
 * ones that died before they were taken, and back off (then give up) when
 * the listener itself fails.
 *
 * @module
 */

import { delay } from "@std/async/delay";
import { isLostBeforeAccept } from "../transports/listener.ts";

/** How the accept loop pauses after the listener's own failures. */
export interface AcceptBackoffPolicy {
  /** Pause after the first failure in a row (default 10 ms); doubles per failure. */
  firstMs: number;
  /** Longest pause (default 1 s). */
  maxMs: number;
  /** Give up once the pauses in a row would add up to more than this (default 64 s, as mini-redis). */
  giveUpAfterMs: number;
}

/** The kit's defaults: 10 ms doubling to 1 s, giving up after 64 s in a row. */
export const DEFAULT_ACCEPT_BACKOFF: Readonly<AcceptBackoffPolicy> = Object
  .freeze({ firstMs: 10, maxMs: 1_000, giveUpAfterMs: 64_000 });

/**
 * The pause after the `failuresInARow`-th listener failure in a row (1, 2,
 * …), or `null` when the loop should give up. With the defaults: 10, 20, …,
 * 640 ms, then 1 s each; the 70th failure in a row gives up (about 63 s of
 * pausing). tokio's mini-redis does the same from 1 s, giving up past 64 s.
 *
 * @example The default policy doubles, caps, and gives up
 * ```ts
 * import { acceptBackoffMs } from "./server_accept.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals([1, 2, 3, 8].map((n) => acceptBackoffMs(n)), [10, 20, 40, 1000]);
 * assertEquals(acceptBackoffMs(69), 1000);
 * assertEquals(acceptBackoffMs(70), null);
 * ```
 */
export function acceptBackoffMs(
  failuresInARow: number,
  policy: Readonly<AcceptBackoffPolicy> = DEFAULT_ACCEPT_BACKOFF,
): number | null {
  if (!Number.isInteger(failuresInARow) || failuresInARow < 1) {
    throw new RangeError(
      `failuresInARow debe ser un entero positivo, no ${failuresInARow}`,
    );
  }
  const { firstMs, maxMs, giveUpAfterMs } = policy;
  if (!(firstMs > 0 && maxMs >= firstMs && giveUpAfterMs >= 0)) {
    throw new RangeError(
      `La espera creciente (back-off) necesita 0 < firstMs <= maxMs y giveUpAfterMs >= 0, no ${
        JSON.stringify(policy)
      }`,
    );
  }
  let pause = firstMs;
  let total = 0;
  for (let n = 1;; n++) {
    if (total + pause > giveUpAfterMs) return null;
    if (n === failuresInARow) return pause;
    total += pause;
    pause = Math.min(pause * 2, maxMs);
  }
}

/** What the accept loop needs from the rest of the server. */
export interface AcceptLoopOptions {
  /** Aborted when the server stops: the loop returns. */
  signal: AbortSignal;
  /** Resolves once another connection may be opened (or `signal` aborted). */
  waitForRoom(): Promise<void>;
  /** Takes an accepted connection; must not wait for its handler. */
  onConnection(conn: Deno.Conn): void;
  /** A connection reset or aborted before it was accepted: its loss only; the loop goes on at once. */
  onLostBeforeAccept(error: unknown): void;
  /** A failed accept that is the listener's: the loop pauses `pauseMs`, or has given up (`null`). */
  onListenerError(error: unknown, pauseMs: number | null): void;
  /** Overrides of {@linkcode DEFAULT_ACCEPT_BACKOFF}. */
  backoff?: Partial<AcceptBackoffPolicy>;
  /** Back off after resets too, as a naive server does (demonstrations only). */
  backoffOnResets?: boolean;
}

/**
 * Accepts until `signal` aborts, or until the listener has failed for too
 * long. Each connection goes to `onConnection` at once, so a slow client
 * never holds up the next one (the class's single-threaded server does).
 *
 * Two kinds of failed accept. A client that connected and reset before we
 * took it (a scanner, a crashed client) fails only that accept: retrying at
 * once works, and pausing would let any client stall the server by
 * resetting (100 resets a second once delayed every echo by seconds). The
 * listener's own failures, usually the process out of file descriptors
 * (`EMFILE`), would fail again in a tight loop: the loop pauses, doubling
 * the pause while they go on ({@linkcode acceptBackoffMs}), starts over
 * after a success, and gives up when they have lasted too long: a server
 * that cannot accept for a minute is broken, and saying so beats hanging.
 *
 * @example A reset is skipped at once; two EMFILEs back off, then a connection
 * ```ts
 * import { acceptLoop } from "./server_accept.ts";
 * import { assertEquals } from "@std/assert";
 *
 * using real = Deno.listen({ hostname: "127.0.0.1", port: 0 });
 * const emfile = Object.assign(new Error("Too many open files"), { code: "EMFILE" });
 * const script: Error[] = [new Deno.errors.NotConnected("reset"), emfile, emfile];
 * const flaky = {
 *   accept: () => script.length > 0 ? Promise.reject(script.shift()) : real.accept(),
 * } as Deno.Listener;
 * const stop = new AbortController();
 * const lost: unknown[] = [];
 * const pauses: (number | null)[] = [];
 * let got: Deno.Conn | null = null;
 * const loop = acceptLoop(flaky, {
 *   signal: stop.signal,
 *   waitForRoom: () => Promise.resolve(),
 *   onConnection: (conn) => {
 *     got = conn;
 *     stop.abort();
 *   },
 *   onLostBeforeAccept: (error) => lost.push(error),
 *   onListenerError: (_error, pauseMs) => pauses.push(pauseMs),
 *   backoff: { firstMs: 1 },
 * });
 * using client = await Deno.connect({ hostname: "127.0.0.1", port: real.addr.port });
 * assertEquals(await loop, "stopped");
 * assertEquals([lost.length, pauses], [1, [1, 2]]);
 * (got as Deno.Conn | null)?.close();
 * ```
 */
export async function acceptLoop(
  listener: Deno.Listener,
  options: AcceptLoopOptions,
): Promise<"stopped" | "gave up"> {
  const { signal } = options;
  const policy = { ...DEFAULT_ACCEPT_BACKOFF, ...options.backoff };
  acceptBackoffMs(1, policy); // a bad policy fails here, not at the first EMFILE
  let failuresInARow = 0;
  while (!signal.aborted) {
    // The cap on open connections: more clients wait in the kernel's
    // listen backlog (sized by the OS; real servers raise it and the
    // descriptor limit together).
    await options.waitForRoom();
    if (signal.aborted) break;
    let conn: Deno.Conn;
    try {
      conn = await listener.accept();
    } catch (error) {
      // Stopping closes the listener, which fails the pending accept.
      if (signal.aborted) break;
      if (isLostBeforeAccept(error) && !options.backoffOnResets) {
        // The kernel handed us a dead connection, so the listener works.
        failuresInARow = 0;
        options.onLostBeforeAccept(error);
        continue;
      }
      const pauseMs = acceptBackoffMs(++failuresInARow, policy);
      options.onListenerError(error, pauseMs);
      if (pauseMs === null) return "gave up";
      try {
        await delay(pauseMs, { signal });
      } catch {
        break; // stopped while pausing
      }
      continue;
    }
    failuresInARow = 0;
    options.onConnection(conn);
  }
  return "stopped";
}
