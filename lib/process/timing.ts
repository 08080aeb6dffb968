/**
 * Bounded waiting, shared by the process and sync areas (internal: not
 * re-exported by mod.ts, so its short names collide with nobody).
 *
 * @module
 */

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
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Races a promise against a bound; the timer is always cleared so test
 * sanitizers see no leak. Rejects with {@linkcode JoinTimeoutError}.
 *
 * @example
 * ```ts
 * import { JoinTimeoutError } from "./errors.ts";
 * import { withJoinTimeout } from "./timing.ts";
 * import { assertEquals, assertRejects } from "@std/assert";
 *
 * assertEquals(await withJoinTimeout(Promise.resolve(1), 100, "x"), 1);
 * await assertRejects(
 *   () => withJoinTimeout(new Promise(() => {}), 10, "never"),
 *   JoinTimeoutError,
 * );
 * ```
 */
export function withJoinTimeout<T>(
  promise: Promise<T>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  if (!(timeoutMs > 0)) {
    throw new RangeError(`A join timeout must be positive, not ${timeoutMs}`);
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new JoinTimeoutError(what, timeoutMs)),
      timeoutMs,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
