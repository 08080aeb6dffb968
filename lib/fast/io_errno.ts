/**
 * Reading `errno` after a libc call made through FFI is not atomic with the
 * call: the runtime may run its own code in between (a garbage collection,
 * say) and overwrite it — a known hazard of every VM's FFI (see
 * dart-lang/sdk#38832). A busy-poll read once failed here with `ENOENT`, an
 * error `read(2)` cannot return. So an errno that a `read`, `write`,
 * `recv` or `send` on an open descriptor never sets is taken for "not
 * ready yet" and the call is simply tried again; only if it keeps coming
 * back is it believed, so a real failure still surfaces.
 *
 * @module
 */

/**
 * errno values the four calls never set: 0 (none), `ENOENT`, `ESRCH`,
 * `ECHILD`, `EEXIST`, `ENOTDIR`, `ENOTTY`, `ESPIPE`, `ERANGE`.
 */
const NEVER_FROM_IO: ReadonlySet<number> = new Set([
  0,
  2,
  3,
  10,
  17,
  20,
  25,
  29,
  34,
]);

/** Implausible errnos in a row after which the failure is believed. */
export const IMPLAUSIBLE_ERRNOS_BELIEVED_AFTER = 3;

/**
 * Decides, per descriptor, whether a failed non-blocking call means "try
 * again" or a failure to report.
 *
 * @example EAGAIN waits; a lone impossible errno waits too; the third in a row is believed
 * ```ts
 * import { IoErrnoCheck } from "./io_errno.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const check = new IoErrnoCheck(11, 4); // EAGAIN, EINTR
 * assertEquals(check.tryAgain(11), true);
 * assertEquals(check.tryAgain(32), false); // EPIPE: a real failure
 * assertEquals([check.tryAgain(2), check.tryAgain(2), check.tryAgain(2)], [true, true, false]);
 * check.succeeded();
 * assertEquals(check.tryAgain(2), true);
 * ```
 */
export class IoErrnoCheck {
  readonly #again: number;
  readonly #interrupted: number;
  #implausibleInARow = 0;

  /** `again` and `interrupted`: the platform's `EAGAIN` and `EINTR`. */
  constructor(again: number, interrupted: number) {
    this.#again = again;
    this.#interrupted = interrupted;
  }

  /** True when the call should simply be tried again. */
  tryAgain(errno: number): boolean {
    if (errno === this.#again || errno === this.#interrupted) {
      this.#implausibleInARow = 0;
      return true;
    }
    if (!NEVER_FROM_IO.has(errno)) return false;
    return ++this.#implausibleInARow < IMPLAUSIBLE_ERRNOS_BELIEVED_AFTER;
  }

  /** A call went through: an implausible errno starts counting afresh. */
  succeeded(): void {
    this.#implausibleInARow = 0;
  }
}
