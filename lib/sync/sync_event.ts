/**
 * An event over shared memory (the class's Event): threads wait until some
 * thread sets it; any thread may set or clear it. Named SyncEvent because
 * `Event` is already the DOM event class every Deno program has.
 *
 * Layout (Int32): [flag] (0 clear, 1 set).
 *
 * @module
 */

import { delay } from "../process/timing.ts";
import { checkTimeout } from "./errors.ts";

/** Why it exists: "wait until told", waitable from any Worker, bounded. */
export class SyncEvent {
  readonly #cells: Int32Array;

  private constructor(readonly buffer: SharedArrayBuffer) {
    this.#cells = new Int32Array(buffer);
  }

  /**
   * A new, clear event.
   *
   * @example
   * ```ts
   * import { SyncEvent } from "./sync_event.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const e = SyncEvent.create();
   * assertEquals(e.wait(5), false);
   * e.set();
   * assertEquals([e.isSet, e.wait(5)], [true, true]);
   * ```
   */
  static create(): SyncEvent {
    return new SyncEvent(new SharedArrayBuffer(4));
  }

  /**
   * Rebuilds an event from its buffer (inside a Worker).
   *
   * @example
   * ```ts
   * import { SyncEvent } from "./sync_event.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const e = SyncEvent.create();
   * SyncEvent.from(e.buffer).set();
   * assertEquals(e.isSet, true);
   * ```
   */
  static from(buffer: SharedArrayBuffer): SyncEvent {
    if (!(buffer instanceof SharedArrayBuffer) || buffer.byteLength !== 4) {
      throw new TypeError("un evento necesita su SharedArrayBuffer de 4 bytes");
    }
    return new SyncEvent(buffer);
  }

  /** Whether the flag is set (waits return at once). */
  get isSet(): boolean {
    return Atomics.load(this.#cells, 0) === 1;
  }

  /** Sets the flag and wakes every waiter. */
  set(): void {
    Atomics.store(this.#cells, 0, 1);
    Atomics.notify(this.#cells, 0);
  }

  /** Clears the flag (later waits block again). */
  clear(): void {
    Atomics.store(this.#cells, 0, 0);
  }

  /** Blocks up to `timeoutMs` until set (Workers); returns whether it is set. */
  wait(timeoutMs = 10_000): boolean {
    checkTimeout(timeoutMs);
    const deadline = performance.now() + timeoutMs;
    while (!this.isSet) {
      const remaining = deadline - performance.now();
      if (remaining <= 0) return false;
      Atomics.wait(this.#cells, 0, 0, remaining);
    }
    return true;
  }

  /**
   * Waits without blocking the event loop (for the main thread: a notebook
   * kernel must stay responsive). Polls every `intervalMs`.
   */
  async waitAsync(timeoutMs = 10_000, intervalMs = 2): Promise<boolean> {
    checkTimeout(timeoutMs);
    const deadline = performance.now() + timeoutMs;
    while (!this.isSet && performance.now() < deadline) await delay(intervalMs);
    return this.isSet;
  }
}
