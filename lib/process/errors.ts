/**
 * Typed errors of the process area: waiting too long, and a thread that
 * failed (carrying the failing thread's name and stack into the parent).
 *
 * @module
 */

/**
 * Why it exists: `join` with a bound must say it gave up waiting rather than
 * hang or return something that looks like an exit.
 *
 * @example
 * ```ts
 * import { JoinTimeoutError } from "./errors.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const e = new JoinTimeoutError("sleep (pid 7)", 50);
 * assertEquals(e.message, "Gave up joining sleep (pid 7) after 50 ms");
 * ```
 */
export class JoinTimeoutError extends Error {
  override name = "JoinTimeoutError";
  constructor(readonly what: string, readonly timeoutMs: number) {
    super(`Gave up joining ${what} after ${timeoutMs} ms`);
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
 * assertStringIncludes(e.message, 'Thread "Boby" failed: TypeError: bad');
 * assertStringIncludes(e.stack ?? "", "at f");
 * ```
 */
export class ThreadFailedError extends Error {
  override name = "ThreadFailedError";
  constructor(
    readonly threadName: string,
    readonly remoteName: string,
    readonly remoteMessage: string,
    readonly remoteStack: string,
  ) {
    super(`Thread "${threadName}" failed: ${remoteName}: ${remoteMessage}`);
    this.stack =
      `${this.name}: ${this.message}\n--- inside thread "${threadName}" ---\n${remoteStack}`;
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
 * assertEquals(new ThreadTerminatedError("t").message, 'Thread "t" was terminated');
 * ```
 */
export class ThreadTerminatedError extends Error {
  override name = "ThreadTerminatedError";
  constructor(readonly threadName: string) {
    super(`Thread "${threadName}" was terminated`);
  }
}
