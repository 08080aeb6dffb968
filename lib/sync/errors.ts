/**
 * Typed errors of the sync area.
 *
 * @module
 */

import { formatNumber } from "../notebook/number_format.ts";
import { WaitTimeoutError } from "../util/deadline.ts";

/**
 * Why it exists: the class's rule for a lock — only its owner may release
 * it — is enforced by the kit's `Mutex`, and breaking it is this error.
 * (Not every lock checks: Python's `threading.Lock` lets any thread release
 * it; `RLock` raises RuntimeError, like this.)
 *
 * @example
 * ```ts
 * import { MutexOwnershipError } from "./errors.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const e = new MutexOwnershipError(2, 1);
 * assertEquals(e.message, "el dueño 2 no puede liberar un lock que tiene el dueño 1");
 * ```
 */
export class MutexOwnershipError extends Error {
  /** Always `"MutexOwnershipError"`. */
  override name = "MutexOwnershipError";
  /**
   * Builds the error.
   *
   * @param caller The owner id that tried to unlock.
   * @param holder The owner id holding the mutex, or `null` if it was free.
   */
  constructor(readonly caller: number, readonly holder: number | null) {
    super(
      holder === null
        ? `el dueño ${caller} no puede liberar un lock que nadie tiene`
        : `el dueño ${caller} no puede liberar un lock que tiene el dueño ${holder}`,
    );
  }
}

/**
 * Why it exists: the bakery algorithm busy-waits; a bound turns "waits
 * forever" into this error instead of a hung worker. It is the sync area's
 * member of the kit's timeout family (`instanceof WaitTimeoutError`).
 *
 * @example
 * ```ts
 * import { BakeryTimeoutError } from "./errors.ts";
 * import { WaitTimeoutError } from "../util/deadline.ts";
 * import { assert, assertEquals } from "@std/assert";
 *
 * const e = new BakeryTimeoutError(3, 100);
 * assertEquals([e.customer, e.timeoutMs], [3, 100]);
 * assertEquals(e.message, "el cliente 3 esperó su turno más de 100 ms");
 * assert(e instanceof WaitTimeoutError);
 * ```
 */
export class BakeryTimeoutError extends WaitTimeoutError {
  /** Always `"BakeryTimeoutError"`. */
  override name = "BakeryTimeoutError";
  /**
   * Builds the error.
   *
   * @param customer The customer (thread id) still waiting for its turn.
   * @param timeoutMs The bound that passed, in ms.
   */
  constructor(readonly customer: number, timeoutMs: number) {
    super(
      `el turno del cliente ${customer}`,
      timeoutMs,
      `el cliente ${customer} esperó su turno más de ${
        formatNumber(timeoutMs)
      } ms`,
    );
  }
}

/**
 * Checks an owner/thread id: a positive integer up to `max`.
 *
 * @example
 * ```ts
 * import { checkOwnerId } from "./errors.ts";
 * import { assertThrows } from "@std/assert";
 *
 * checkOwnerId(1);
 * assertThrows(() => checkOwnerId(0), RangeError);
 * ```
 */
export function checkOwnerId(owner: number, max = 0x7fffffff): void {
  if (!Number.isInteger(owner) || owner < 1 || owner > max) {
    throw new RangeError(
      `el id de dueño debe ser un entero entre 1 y ${max}, no ${owner}`,
    );
  }
}

/**
 * Checks a timeout in milliseconds (finite and not negative).
 *
 * @example
 * ```ts
 * import { checkTimeout } from "./errors.ts";
 * import { assertThrows } from "@std/assert";
 *
 * checkTimeout(0);
 * assertThrows(() => checkTimeout(Infinity), RangeError);
 * ```
 */
export function checkTimeout(timeoutMs: number): void {
  if (!(timeoutMs >= 0) || !Number.isFinite(timeoutMs)) {
    throw new RangeError(
      `el tiempo límite debe ser un número finito de ms, >= 0, no ${timeoutMs}`,
    );
  }
}
