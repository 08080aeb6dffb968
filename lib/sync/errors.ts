/**
 * Typed errors of the sync area.
 *
 * @module
 */

/**
 * Why it exists: the class's rule for a lock — only its owner may release
 * it — has to be enforced, not just taught; breaking it is this error.
 *
 * @example
 * ```ts
 * import { MutexOwnershipError } from "./errors.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const e = new MutexOwnershipError(2, 1);
 * assertEquals(e.message, "Owner 2 cannot unlock a mutex held by owner 1");
 * ```
 */
export class MutexOwnershipError extends Error {
  override name = "MutexOwnershipError";
  constructor(readonly caller: number, readonly holder: number | null) {
    super(
      holder === null
        ? `Owner ${caller} cannot unlock a mutex nobody holds`
        : `Owner ${caller} cannot unlock a mutex held by owner ${holder}`,
    );
  }
}

/**
 * Why it exists: the bakery algorithm busy-waits; a bound turns "waits
 * forever" into this error instead of a hung worker.
 *
 * @example
 * ```ts
 * import { BakeryTimeoutError } from "./errors.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(new BakeryTimeoutError(3, 100).customer, 3);
 * ```
 */
export class BakeryTimeoutError extends Error {
  override name = "BakeryTimeoutError";
  constructor(readonly customer: number, readonly timeoutMs: number) {
    super(`Customer ${customer} waited more than ${timeoutMs} ms for its turn`);
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
      `Owner id must be an integer in 1..${max}, not ${owner}`,
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
      `Timeout must be a finite number of ms >= 0, not ${timeoutMs}`,
    );
  }
}
