/**
 * Bounded waits for the harness: a peer that dies must turn a measurement
 * into an error, never into a hung notebook cell.
 *
 * @module
 */

/**
 * A wait that did not settle in time.
 *
 * @example
 * ```ts
 * import { BenchTimeoutError } from "./deadline.ts";
 * import { assert } from "@std/assert";
 *
 * assert(new BenchTimeoutError("ack", 5) instanceof Error);
 * ```
 */
export class BenchTimeoutError extends Error {
  /** Builds the error from what was awaited and the bound that expired. */
  constructor(what: string, timeoutMs: number) {
    super(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    this.name = "BenchTimeoutError";
  }
}

/**
 * Resolves as `promise` does, or rejects with {@linkcode BenchTimeoutError}
 * after `timeoutMs`; the timer is always cleared.
 *
 * @example
 * ```ts
 * import { BenchTimeoutError, withTimeout } from "./deadline.ts";
 * import { assertEquals, assertRejects } from "@std/assert";
 *
 * assertEquals(await withTimeout(Promise.resolve(7), 100, "seven"), 7);
 * await assertRejects(
 *   () => withTimeout(new Promise(() => {}), 10, "nothing"),
 *   BenchTimeoutError,
 * );
 * ```
 */
export function withTimeout<T>(
  promise: Promise<T>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new BenchTimeoutError(what, timeoutMs)),
      timeoutMs,
    );
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/**
 * Guards a whole measurement with one timer instead of one per message (a
 * timer per round trip would cost more than a loopback round trip): when it
 * fires it runs `onExpire` (closing the duplex, which releases any pending
 * `receive()`), and `expired` tells the caller why the stream ended.
 *
 * @example
 * ```ts
 * import { Watchdog } from "./deadline.ts";
 * import { assertEquals } from "@std/assert";
 *
 * using dog = new Watchdog(1000, () => {});
 * assertEquals(dog.expired, false);
 * ```
 */
export class Watchdog implements Disposable {
  #timer: ReturnType<typeof setTimeout>;
  #expired = false;

  /** Arms the timer. */
  constructor(timeoutMs: number, onExpire: () => unknown) {
    this.#timer = setTimeout(() => {
      this.#expired = true;
      void Promise.resolve().then(onExpire).catch(() => {});
    }, timeoutMs);
  }

  /** Whether the bound passed before `dispose`. */
  get expired(): boolean {
    return this.#expired;
  }

  /** Disarms the timer. */
  [Symbol.dispose](): void {
    clearTimeout(this.#timer);
  }
}
