/**
 * Bounded waiting, shared by the process and sync areas (internal: not
 * re-exported by mod.ts, so its short names collide with nobody).
 *
 * @module
 */

import { delay as stdDelay } from "@std/async/delay";
import { deadline } from "../util/deadline.ts";
import { JoinTimeoutError } from "./errors.ts";

/**
 * Sleeps without blocking the event loop (every caller passes a bound).
 *
 * @example
 * ```ts
 * import { delay } from "./timing.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(await delay(1), undefined);
 * ```
 */
export function delay(ms: number): Promise<void> {
  return stdDelay(ms);
}

/**
 * The kit's {@linkcode deadline} with the process area's error: resolves as
 * `promise` does, or rejects with {@linkcode JoinTimeoutError} once
 * `timeoutMs` has passed. A bound that is not positive is a caller's bug,
 * thrown at once as a `RangeError`.
 *
 * @example
 * ```ts
 * import { JoinTimeoutError } from "./errors.ts";
 * import { withJoinTimeout } from "./timing.ts";
 * import { assertEquals, assertRejects, assertThrows } from "@std/assert";
 *
 * assertEquals(await withJoinTimeout(Promise.resolve(1), 100, "x"), 1);
 * const error = await assertRejects(
 *   () => withJoinTimeout(new Promise(() => {}), 10, "el hilo «eterno»"),
 *   JoinTimeoutError,
 * );
 * assertEquals(error.message, "join: dejé de esperar después de 10 ms (el hilo «eterno» no terminó)");
 * assertThrows(() => withJoinTimeout(Promise.resolve(1), 0, "x"), RangeError);
 * ```
 */
export function withJoinTimeout<T>(
  promise: Promise<T>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  if (!(timeoutMs > 0)) {
    throw new RangeError(
      `El límite de espera de join debe ser positivo, no ${timeoutMs}`,
    );
  }
  return deadline(promise, timeoutMs, what, {
    timeoutError: (w, ms) => new JoinTimeoutError(w, ms),
  });
}
