/**
 * A counting semaphore over shared memory (the class's Semaphore): acquire
 * ("wait") takes one unit and blocks while there are none; release gives one
 * back. There is no owner — any thread may release — which is exactly what
 * distinguishes it from a mutex.
 *
 * Layout (Int32): [count, max] (max 0 = unbounded).
 *
 * @module
 */

import { checkTimeout } from "./errors.ts";

/** Why it exists: a shared counter of permits, waitable from any Worker. */
export class Semaphore {
  readonly #cells: Int32Array;

  private constructor(readonly buffer: SharedArrayBuffer) {
    this.#cells = new Int32Array(buffer);
  }

  /**
   * A semaphore with `initial` permits; with `max`, releasing beyond it is
   * a RangeError (a bounded semaphore).
   *
   * @example Two permits: the third acquire times out
   * ```ts
   * import { Semaphore } from "./semaphore.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const s = Semaphore.create(2);
   * assertEquals([s.tryAcquire(), s.tryAcquire(), s.acquire(5)], [true, true, false]);
   * s.release();
   * assertEquals(s.value, 1);
   * ```
   */
  static create(initial: number, max = 0): Semaphore {
    if (!Number.isInteger(initial) || initial < 0 || initial > 0x7fffffff) {
      throw new RangeError(
        `los permisos iniciales deben ser un entero >= 0, no ${initial}`,
      );
    }
    if (!Number.isInteger(max) || max < 0 || (max > 0 && max < initial)) {
      throw new RangeError(
        `el máximo debe ser 0 (sin tope) o >= los permisos iniciales, no ${max}`,
      );
    }
    const semaphore = new Semaphore(new SharedArrayBuffer(8));
    semaphore.#cells[0] = initial;
    semaphore.#cells[1] = max;
    return semaphore;
  }

  /**
   * Rebuilds a semaphore from its buffer (inside a Worker).
   *
   * @example
   * ```ts
   * import { Semaphore } from "./semaphore.ts";
   * import { assertEquals } from "@std/assert";
   *
   * assertEquals(Semaphore.from(Semaphore.create(3).buffer).value, 3);
   * ```
   */
  static from(buffer: SharedArrayBuffer): Semaphore {
    if (!(buffer instanceof SharedArrayBuffer) || buffer.byteLength !== 8) {
      throw new TypeError(
        "un semáforo necesita su SharedArrayBuffer de 8 bytes",
      );
    }
    return new Semaphore(buffer);
  }

  /** Permits available now. */
  get value(): number {
    return Atomics.load(this.#cells, 0);
  }

  /** Takes a permit if one is available, without waiting. */
  tryAcquire(): boolean {
    let current = Atomics.load(this.#cells, 0);
    while (current > 0) {
      const seen = Atomics.compareExchange(
        this.#cells,
        0,
        current,
        current - 1,
      );
      if (seen === current) return true;
      current = seen;
    }
    return false;
  }

  /** Takes a permit, blocking up to `timeoutMs` (Workers); false on timeout. */
  acquire(timeoutMs = 10_000): boolean {
    checkTimeout(timeoutMs);
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      if (this.tryAcquire()) return true;
      const remaining = deadline - performance.now();
      if (remaining <= 0) return false;
      Atomics.wait(this.#cells, 0, 0, remaining);
    }
  }

  /** Gives back `count` permits and wakes as many waiters. */
  release(count = 1): void {
    if (!Number.isInteger(count) || count < 1) {
      throw new RangeError(
        `release necesita un entero positivo de permisos, no ${count}`,
      );
    }
    const max = this.#cells[1];
    if (max > 0) {
      let current = Atomics.load(this.#cells, 0);
      for (;;) {
        if (current + count > max) {
          throw new RangeError(
            `devolver ${count} permiso(s) pasaría el máximo del semáforo (${max}): más release que acquire`,
          );
        }
        const seen = Atomics.compareExchange(
          this.#cells,
          0,
          current,
          current + count,
        );
        if (seen === current) break;
        current = seen;
      }
    } else {
      Atomics.add(this.#cells, 0, count);
    }
    Atomics.notify(this.#cells, 0, count);
  }
}
