/**
 * Lamport's bakery algorithm (1974), exactly as the class presents it
 * (Clase 01, §3b): each customer i raises `entering[i]`, takes the number
 * 1 + max(number), lowers `entering[i]`, then for every other customer j
 * waits while j is still choosing, and waits while j holds a number that
 * goes first — (number[j], j) < (number[i], i), ties broken by the unique
 * id. Leaving the counter is `number[i] = 0`.
 *
 * It needs no atomic read-modify-write at all, only reads and writes — here
 * `Atomics.load`/`Atomics.store`, which are sequentially consistent, the
 * memory model the algorithm assumes. Every busy-wait is bounded.
 *
 * Layout (Int32): [n, entering[0..n-1], number[0..n-1]].
 *
 * @module
 */

import { BakeryTimeoutError, checkTimeout } from "./errors.ts";

/**
 * The bakery's order: does the customer with ticket (numberJ, j) go before
 * the one with (numberI, i)? Lexicographic: lower number first, equal
 * numbers by lower id.
 *
 * @example
 * ```ts
 * import { goesFirst } from "./bakery.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(goesFirst(3, 0, 5, 1), true);  // smaller number
 * assertEquals(goesFirst(5, 0, 5, 1), true);  // same number, smaller id
 * assertEquals(goesFirst(5, 2, 5, 1), false); // same number, larger id
 * ```
 */
export function goesFirst(
  numberJ: number,
  j: number,
  numberI: number,
  i: number,
): boolean {
  return numberJ < numberI || (numberJ === numberI && j < i);
}

/** Why it exists: the bakery's shared arrays, usable from any Worker. */
export class Bakery {
  readonly #cells: Int32Array;
  readonly size: number;

  private constructor(readonly buffer: SharedArrayBuffer) {
    this.#cells = new Int32Array(buffer);
    this.size = this.#cells[0];
  }

  /**
   * A bakery for `customers` customers (ids 0..customers-1).
   *
   * @example One customer at the counter at a time
   * ```ts
   * import { Bakery } from "./bakery.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const bakery = Bakery.create(2);
   * bakery.lock(0, 100);
   * assertEquals(bakery.numbers(), [1, 0]);
   * bakery.unlock(0);
   * assertEquals(bakery.numbers(), [0, 0]);
   * ```
   */
  static create(customers: number): Bakery {
    if (!Number.isInteger(customers) || customers < 1 || customers > 256) {
      throw new RangeError(
        `los clientes deben ser un entero entre 1 y 256, no ${customers}`,
      );
    }
    const buffer = new SharedArrayBuffer(4 * (1 + 2 * customers));
    new Int32Array(buffer)[0] = customers;
    return new Bakery(buffer);
  }

  /**
   * Rebuilds the bakery from its buffer (inside a Worker).
   *
   * @example
   * ```ts
   * import { Bakery } from "./bakery.ts";
   * import { assertEquals } from "@std/assert";
   *
   * assertEquals(Bakery.from(Bakery.create(4).buffer).size, 4);
   * ```
   */
  static from(buffer: SharedArrayBuffer): Bakery {
    if (!(buffer instanceof SharedArrayBuffer) || buffer.byteLength < 12) {
      throw new TypeError("una panadería necesita su SharedArrayBuffer");
    }
    const bakery = new Bakery(buffer);
    if (buffer.byteLength !== 4 * (1 + 2 * bakery.size)) {
      throw new TypeError("este buffer no contiene una panadería");
    }
    return bakery;
  }

  #entering(k: number): number {
    return 1 + k;
  }

  #number(k: number): number {
    return 1 + this.size + k;
  }

  /** The tickets currently held (0: not in line). */
  numbers(): number[] {
    return Array.from(
      { length: this.size },
      (_, k) => Atomics.load(this.#cells, this.#number(k)),
    );
  }

  /**
   * Customer `i` takes a number and waits for its turn (busy-waiting, up to
   * `timeoutMs`; BakeryTimeoutError after that).
   */
  lock(i: number, timeoutMs = 10_000): void {
    this.#checkCustomer(i);
    checkTimeout(timeoutMs);
    const c = this.#cells;
    const deadline = performance.now() + timeoutMs;
    // Entering[i] = true; Number[i] = 1 + max(Number); Entering[i] = false
    Atomics.store(c, this.#entering(i), 1);
    let max = 0;
    for (let k = 0; k < this.size; k++) {
      max = Math.max(max, Atomics.load(c, this.#number(k)));
    }
    Atomics.store(c, this.#number(i), 1 + max);
    Atomics.store(c, this.#entering(i), 0);
    const mine = 1 + max;
    for (let j = 0; j < this.size; j++) {
      // while another customer is choosing, wait to compare the right number
      while (Atomics.load(c, this.#entering(j)) === 1) {
        this.#checkDeadline(i, deadline, timeoutMs);
      }
      // wait while j holds a ticket that goes before ours
      for (;;) {
        const theirs = Atomics.load(c, this.#number(j));
        if (theirs === 0 || !goesFirst(theirs, j, mine, i)) break;
        this.#checkDeadline(i, deadline, timeoutMs);
      }
    }
  }

  /** Customer `i` leaves the counter: Number[i] = 0. */
  unlock(i: number): void {
    this.#checkCustomer(i);
    Atomics.store(this.#cells, this.#number(i), 0);
  }

  #checkDeadline(i: number, deadline: number, timeoutMs: number): void {
    if (performance.now() > deadline) {
      Atomics.store(this.#cells, this.#number(i), 0);
      throw new BakeryTimeoutError(i, timeoutMs);
    }
  }

  #checkCustomer(i: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.size) {
      throw new RangeError(
        `el id de cliente debe estar entre 0 y ${this.size - 1}, no ${i}`,
      );
    }
  }
}
