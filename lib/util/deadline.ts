/**
 * Bounded waits: the kit's one deadline helper and its one timeout error.
 *
 * Nothing in the kit may hang a notebook cell, so every wait on a peer (a
 * child, a Worker, a socket) has a bound. Before this module each area raced
 * its own `setTimeout` against the promise and threw its own error class;
 * now every bounded wait goes through {@linkcode deadline} (built on
 * `AbortSignal.timeout`, like `@std/async`'s `deadline`), and every timeout
 * is a {@linkcode WaitTimeoutError} — the area-specific classes
 * (`JoinTimeoutError`, `BakeryTimeoutError`, `SpmdTimeoutError`,
 * `BenchTimeoutError`) extend it, so `instanceof WaitTimeoutError` catches
 * them all.
 *
 * @module
 */

import { formatNumber } from "../notebook/number_format.ts";
/**
 * A bounded wait gave up. It carries what was awaited and the bound, so a
 * notebook can say which peer went silent and for how long it waited.
 *
 * @example A timeout names what it waited for
 * ```ts
 * import { WaitTimeoutError } from "./deadline.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const error = new WaitTimeoutError("el eco", 50);
 * assertEquals(error.message, "Se agotó el plazo de 50 ms esperando el eco");
 * assertEquals([error.what, error.timeoutMs], ["el eco", 50]);
 * ```
 */
export class WaitTimeoutError extends Error {
  /** The class name, shown before the message. */
  override name = "WaitTimeoutError";
  /** Builds the error; subclasses may word the message their own way. */
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
    message = `Se agotó el plazo de ${
      formatNumber(timeoutMs)
    } ms esperando ${what}`,
  ) {
    super(message);
  }
}

/**
 * The timeout of the benchmark harness: a peer that dies turns a
 * measurement into this error, never into a hung cell.
 *
 * @example
 * ```ts
 * import { BenchTimeoutError, WaitTimeoutError } from "./deadline.ts";
 * import { assert } from "@std/assert";
 *
 * assert(new BenchTimeoutError("el acuse de recibo", 5) instanceof WaitTimeoutError);
 * ```
 */
export class BenchTimeoutError extends WaitTimeoutError {
  /** The class name, shown before the message. */
  override name = "BenchTimeoutError";
}

/** Options of {@linkcode deadline}. */
export interface DeadlineOptions {
  /** Gives up early (rejecting with the signal's reason) when aborted. */
  signal?: AbortSignal;
  /** Builds the timeout error; default a {@linkcode WaitTimeoutError}. */
  timeoutError?: (what: string, timeoutMs: number) => WaitTimeoutError;
}

/**
 * Resolves as `promise` does, or rejects with a {@linkcode WaitTimeoutError}
 * once `timeoutMs` has passed. The bound is an `AbortSignal.timeout`, which
 * holds no timer that a test sanitizer or a process exit would wait for.
 *
 * @example A wait that settles in time, and one that does not
 * ```ts
 * import { deadline, WaitTimeoutError } from "./deadline.ts";
 * import { assertEquals, assertRejects } from "@std/assert";
 *
 * assertEquals(await deadline(Promise.resolve(7), 100, "el siete"), 7);
 * const error = await assertRejects(
 *   () => deadline(new Promise(() => {}), 10, "algo que nunca llega"),
 *   WaitTimeoutError,
 * );
 * assertEquals(error.what, "algo que nunca llega");
 * assertEquals(error.message, "Se agotó el plazo de 10 ms esperando algo que nunca llega");
 * ```
 *
 * @example An area's own error class
 * ```ts
 * import { BenchTimeoutError, deadline } from "./deadline.ts";
 * import { assertRejects } from "@std/assert";
 *
 * await assertRejects(
 *   () =>
 *     deadline(new Promise(() => {}), 5, "el acuse de recibo", {
 *       timeoutError: (what, ms) => new BenchTimeoutError(what, ms),
 *     }),
 *   BenchTimeoutError,
 * );
 * ```
 */
export function deadline<T>(
  promise: Promise<T>,
  timeoutMs: number,
  what: string,
  options: DeadlineOptions = {},
): Promise<T> {
  if (!(timeoutMs >= 0) || !Number.isFinite(timeoutMs)) {
    return Promise.reject(
      new RangeError(
        `Un plazo debe ser un número finito de ms mayor o igual a 0, no ${timeoutMs}`,
      ),
    );
  }
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal
    ? AbortSignal.any([timeout, options.signal])
    : timeout;
  const makeError = options.timeoutError ??
    ((w: string, ms: number) => new WaitTimeoutError(w, ms));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () =>
      reject(
        timeout.aborted ? makeError(what, timeoutMs) : signal.reason,
      );
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Resolves as `promise` does or rejects with {@linkcode BenchTimeoutError}:
 * {@linkcode deadline} with the bench's error class.
 *
 * @example
 * ```ts
 * import { BenchTimeoutError, withTimeout } from "./deadline.ts";
 * import { assertEquals, assertRejects } from "@std/assert";
 *
 * assertEquals(await withTimeout(Promise.resolve(7), 100, "el siete"), 7);
 * await assertRejects(
 *   () => withTimeout(new Promise(() => {}), 10, "algo que nunca llega"),
 *   BenchTimeoutError,
 * );
 * ```
 */
export function withTimeout<T>(
  promise: Promise<T>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  return deadline(promise, timeoutMs, what, {
    timeoutError: (w, ms) => new BenchTimeoutError(w, ms),
  });
}

/**
 * Guards a whole measurement with one bound instead of one per message (a
 * timer per round trip would cost more than a loopback round trip): when it
 * fires it runs `onExpire` (closing the duplex, which releases any pending
 * `receive()`), and `expired` tells the caller why the stream ended.
 *
 * @example A watchdog that fires
 * ```ts
 * import { Watchdog } from "./deadline.ts";
 * import { assertEquals } from "@std/assert";
 * import { delay } from "@std/async/delay";
 *
 * let fired = 0;
 * using dog = new Watchdog(5, () => fired++);
 * await delay(30);
 * assertEquals([dog.expired, fired], [true, 1]);
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
