/**
 * The queue area's door to lib/ffi/mq.ts: it opens the libc binding and
 * unlinks names like the FFI layer does, but turns the FFI layer's generic
 * errors (`LibcUnsupportedError`, `ErrnoError`) into this area's typed ones,
 * so a reader sees a `PosixQueueUnsupportedError` or a `PosixQueueError`
 * naming the queue. The dependency goes one way: lib/mq → lib/ffi.
 *
 * @module
 */

import { ErrnoError, LibcUnsupportedError } from "../ffi/libc.ts";
import { acquireMqLibc, type MqLibc, mqUnlink } from "../ffi/mq.ts";
import { PosixQueueError, PosixQueueUnsupportedError } from "./errors.ts";

/**
 * {@linkcode acquireMqLibc}, failing off Linux with a
 * {@linkcode PosixQueueUnsupportedError}. Pair with `releaseMqLibc`.
 *
 * @example
 * ```ts
 * import { acquireQueueLibc } from "./binding.ts";
 * import { releaseMqLibc } from "../ffi/mq.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const libc = acquireQueueLibc();
 * assertEquals(libc.mq_close(-1), -1); // not a queue descriptor
 * releaseMqLibc();
 * ```
 */
export function acquireQueueLibc(): MqLibc {
  try {
    return acquireMqLibc();
  } catch (error) {
    if (error instanceof LibcUnsupportedError) {
      throw new PosixQueueUnsupportedError(error.os);
    }
    throw error;
  }
}

/**
 * The queue area's version of a generic {@linkcode ErrnoError}: the same
 * call, errno and reason, plus the queue's name (and an optional hint).
 *
 * @example
 * ```ts
 * import { queueError } from "./binding.ts";
 * import { ErrnoError } from "../ffi/libc.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const error = queueError(new ErrnoError("mq_unlink", 13, "EACCES (Permission denied)"), "/kit-x");
 * assertEquals([error.code, error.queue], ["EACCES", "/kit-x"]);
 * assertEquals(error.message, "mq_unlink falló sobre /kit-x: EACCES (Permission denied)");
 * ```
 */
export function queueError(
  error: ErrnoError,
  queue: string,
  hint?: string,
): PosixQueueError {
  return new PosixQueueError({
    call: error.call,
    queue,
    errno: error.errno,
    code: error.code,
    reason: error.reason,
    hint,
  });
}

/**
 * `mq_unlink`: true if the name was removed, false if it did not exist;
 * any other failure is a {@linkcode PosixQueueError}.
 *
 * @example
 * ```ts
 * import { acquireQueueLibc, unlinkQueue } from "./binding.ts";
 * import { releaseMqLibc } from "../ffi/mq.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(unlinkQueue(acquireQueueLibc(), "/kit-never-created"), false);
 * releaseMqLibc();
 * ```
 */
export function unlinkQueue(libc: MqLibc, name: string): boolean {
  try {
    return mqUnlink(libc, name);
  } catch (error) {
    if (error instanceof ErrnoError) throw queueError(error, name);
    throw error;
  }
}
