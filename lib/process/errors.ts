/**
 * Typed errors of the process area: waiting too long, and a thread that
 * failed (carrying the failing thread's name and stack into the parent).
 *
 * @module
 */

import { formatNumber } from "../notebook/number_format.ts";
import { WaitTimeoutError } from "../util/deadline.ts";

/**
 * Why it exists: `join` with a bound must say it gave up waiting rather than
 * hang or return something that looks like an exit. It is the process
 * area's member of the kit's timeout family, so `instanceof
 * WaitTimeoutError` catches it too.
 *
 * @example
 * ```ts
 * import { JoinTimeoutError } from "./errors.ts";
 * import { WaitTimeoutError } from "../util/deadline.ts";
 * import { assert, assertEquals } from "@std/assert";
 *
 * const e = new JoinTimeoutError("sleep (pid 7)", 50);
 * assertEquals(e.message, "join: dejé de esperar después de 50 ms (sleep (pid 7) no terminó)");
 * assertEquals([e.what, e.timeoutMs], ["sleep (pid 7)", 50]);
 * assert(e instanceof WaitTimeoutError);
 * ```
 */
export class JoinTimeoutError extends WaitTimeoutError {
  /** Always `"JoinTimeoutError"`. */
  override name = "JoinTimeoutError";
  /**
   * Builds the error.
   *
   * @param what The child or thread that did not end (e.g. `"sleep (pid 7)"`).
   * @param timeoutMs The bound that passed, in ms.
   */
  constructor(what: string, timeoutMs: number) {
    super(
      what,
      timeoutMs,
      `join: dejé de esperar después de ${
        formatNumber(timeoutMs)
      } ms (${what} no terminó)`,
    );
  }
}

/**
 * Why it exists: an error thrown inside a Worker arrives in the parent as
 * plain data; this rebuilds it as an Error that names the thread and keeps
 * the stack from inside the worker, so the reader sees where it failed.
 *
 * @example
 * ```ts
 * import { ThreadFailedError } from "./errors.ts";
 * import { assertEquals, assertStringIncludes } from "@std/assert";
 *
 * const e = new ThreadFailedError("Boby", "TypeError", "bad", "TypeError: bad\n    at f");
 * assertEquals(e.threadName, "Boby");
 * assertStringIncludes(e.message, "El hilo «Boby» falló: TypeError: bad");
 * assertStringIncludes(e.stack ?? "", "at f");
 * ```
 */
export class ThreadFailedError extends Error {
  /** Always `"ThreadFailedError"`. */
  override name = "ThreadFailedError";
  /**
   * Builds the error.
   *
   * @param threadName The name the thread was started with.
   * @param remoteName The `name` of the error thrown inside the thread.
   * @param remoteMessage Its message.
   * @param remoteStack Its stack, as seen inside the thread.
   */
  constructor(
    readonly threadName: string,
    readonly remoteName: string,
    readonly remoteMessage: string,
    readonly remoteStack: string,
  ) {
    super(`El hilo «${threadName}» falló: ${remoteName}: ${remoteMessage}`);
    this.stack =
      `${this.name}: ${this.message}\n--- dentro del hilo «${threadName}» ---\n${remoteStack}`;
  }
}

/**
 * Why it exists: a join on a thread that was stopped from outside must end
 * (with this error) rather than wait for a result that will never come.
 *
 * @example
 * ```ts
 * import { ThreadTerminatedError } from "./errors.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(new ThreadTerminatedError("t").message, "El hilo «t» fue detenido desde fuera (terminate)");
 * ```
 */
export class ThreadTerminatedError extends Error {
  /** Always `"ThreadTerminatedError"`. */
  override name = "ThreadTerminatedError";
  /**
   * Builds the error.
   *
   * @param threadName The name of the thread that was terminated.
   */
  constructor(readonly threadName: string) {
    super(`El hilo «${threadName}» fue detenido desde fuera (terminate)`);
  }
}
