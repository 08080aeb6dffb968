/**
 * The CPU-bound job of the concurrency-vs-parallelism measurement: a loop
 * of integer arithmetic with no I/O and no allocation, so its time is pure
 * computation. It returns a checksum, so no engine can skip the work and
 * the parts of a split job can be checked against the whole.
 *
 * @module
 */

/**
 * Runs `iterations` steps of a xorshift generator starting from `seed`;
 * returns the final state (the checksum).
 *
 * @example Deterministic, and splittable by seeds
 * ```ts
 * import { busyWork } from "./busy_work.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(busyWork(1000, 7), busyWork(1000, 7));
 * assertEquals(busyWork(0, 7), 7);
 * ```
 */
export function busyWork(iterations: number, seed = 1): number {
  if (!Number.isInteger(iterations) || iterations < 0) {
    throw new RangeError(
      `Las iteraciones deben ser un entero no negativo, no ${iterations}`,
    );
  }
  let x = seed | 0 || 1;
  for (let i = 0; i < iterations; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
  }
  return x;
}

/**
 * Splits `total` iterations into `parts` near-equal shares.
 *
 * @example
 * ```ts
 * import { splitWork } from "./busy_work.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(splitWork(10, 3), [4, 3, 3]);
 * ```
 */
export function splitWork(total: number, parts: number): number[] {
  if (!Number.isInteger(parts) || parts < 1) {
    throw new RangeError(
      `Las partes deben ser un entero positivo, no ${parts}`,
    );
  }
  const base = Math.floor(total / parts);
  return Array.from(
    { length: parts },
    (_, i) => base + (i < total % parts ? 1 : 0),
  );
}
