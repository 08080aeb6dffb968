/**
 * Typed errors of the POSIX message queues. A failed `mq_*` call becomes an
 * error that names the call, the queue and the errno (symbol and libc's
 * text), so a reader sees *why* the kernel said no.
 *
 * @module
 */

/** POSIX message queues through FFI exist only where the kit checked them: Linux. */
export class PosixQueueUnsupportedError extends Error {
  /**
   * Builds the error naming the platform.
   *
   * @example
   * ```ts
   * import { PosixQueueUnsupportedError } from "./errors.ts";
   * import { assertStringIncludes } from "@std/assert";
   *
   * assertStringIncludes(new PosixQueueUnsupportedError("darwin").message, "darwin");
   * ```
   */
  constructor(os: string) {
    super(
      `Las colas de mensajes POSIX por FFI solo funcionan en Linux, no en ${os}; usa en su lugar la MessageQueue del kit`,
    );
    this.name = "PosixQueueUnsupportedError";
  }
}

/** What every failed call carries. */
export interface MqFailure {
  /** The libc call that failed, e.g. `"mq_open"`. */
  call: string;
  /** The queue's name. */
  queue: string;
  /** The errno the call left. */
  errno: number;
  /** Symbolic errno, e.g. `"EEXIST"`. */
  code: string;
  /** `"EEXIST (File exists)"`. */
  reason: string;
  /** Extra advice for the reader (limits, permissions). */
  hint?: string;
}

function failureMessage(failure: MqFailure): string {
  const base =
    `${failure.call} falló sobre ${failure.queue}: ${failure.reason}`;
  return failure.hint ? `${base}; ${failure.hint}` : base;
}

/**
 * A POSIX queue call the kernel refused. Exists so callers can branch on
 * `code` (e.g. `"ENOENT"`, `"EEXIST"`) instead of parsing messages.
 */
export class PosixQueueError extends Error {
  /** The libc call that failed, e.g. `"mq_open"`. */
  readonly call: string;
  /** The queue's name. */
  readonly queue: string;
  /** The errno the call left. */
  readonly errno: number;
  /** Symbolic errno, e.g. `"ENOENT"`. */
  readonly code: string;

  /**
   * Builds the error from a failure record.
   *
   * @example
   * ```ts
   * import { PosixQueueError } from "./errors.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const error = new PosixQueueError({
   *   call: "mq_open", queue: "/kit-x", errno: 2, code: "ENOENT",
   *   reason: "ENOENT (No such file or directory)",
   * });
   * assertEquals(error.message, "mq_open falló sobre /kit-x: ENOENT (No such file or directory)");
   * ```
   */
  constructor(failure: MqFailure) {
    super(failureMessage(failure));
    this.name = "PosixQueueError";
    this.call = failure.call;
    this.queue = failure.queue;
    this.errno = failure.errno;
    this.code = failure.code;
  }
}

/**
 * A message longer than the queue's `mq_msgsize` (errno EMSGSIZE). A
 * RangeError: the input is out of the queue's range, nothing was sent.
 */
export class PosixQueueMessageTooLargeError extends RangeError {
  /** The libc call that failed, e.g. `"mq_open"`. */
  readonly call: string;
  /** The queue's name. */
  readonly queue: string;
  /** The errno the call left. */
  readonly errno: number;
  /** Symbolic errno, e.g. `"ENOENT"`. */
  readonly code: string;
  /** The rejected message's length in bytes. */
  readonly length: number;
  /** The queue's `mq_msgsize`. */
  readonly limit: number;

  /**
   * Builds the error from a failure record and the two sizes.
   *
   * @example
   * ```ts
   * import { PosixQueueMessageTooLargeError } from "./errors.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const error = new PosixQueueMessageTooLargeError({
   *   call: "mq_timedsend", queue: "/kit-x", errno: 90, code: "EMSGSIZE",
   *   reason: "EMSGSIZE (Message too long)",
   * }, 300, 256);
   * assertEquals([error.length, error.limit, error instanceof RangeError], [300, 256, true]);
   * ```
   */
  constructor(failure: MqFailure, length: number, limit: number) {
    super(
      `${
        failureMessage(failure)
      } (mensaje de ${length} bytes; el mq_msgsize de la cola es ${limit})`,
    );
    this.name = "PosixQueueMessageTooLargeError";
    this.call = failure.call;
    this.queue = failure.queue;
    this.errno = failure.errno;
    this.code = failure.code;
    this.length = length;
    this.limit = limit;
  }
}
