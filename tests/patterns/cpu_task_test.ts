/** The CPU-bound task of the workshop's loop: a checked computation on every worker kind. */

import { assertEquals, assertRejects, assertThrows } from "@std/assert";
import {
  countPrimesBelow,
  MAX_PRIMES_BELOW,
} from "../../lib/patterns/task_protocol.ts";
import { runTaskPool } from "../../lib/patterns/worker_pool.ts";

/** Counts by a sieve: an independent reference for the trial division. */
function sieveCount(bound: number): number {
  const composite = new Uint8Array(Math.max(bound, 2));
  let count = 0;
  for (let n = 2; n < bound; n++) {
    if (composite[n]) continue;
    count++;
    for (let m = n * n; m < bound; m += n) composite[m] = 1;
  }
  return count;
}

Deno.test("countPrimesBelow agrees with a sieve on small and edge bounds", () => {
  for (
    const bound of [
      0, // nothing below
      1,
      2, // 2 itself is not below 2
      3, // just 2
      4,
      25, // a square of a prime
      1000,
      65_537, // a prime bound, not counted
    ]
  ) {
    assertEquals(countPrimesBelow(bound), sieveCount(bound), `bound ${bound}`);
  }
});

Deno.test("countPrimesBelow refuses bounds that are not small non-negative integers", () => {
  for (
    const bound of [
      -1, // negative
      0.5, // fraction
      Number.NaN,
      MAX_PRIMES_BELOW + 1, // too much work
    ]
  ) {
    assertThrows(
      () => countPrimesBelow(bound),
      RangeError,
      "El límite de primos",
    );
  }
});

for (const backend of ["thread", "process"] as const) {
  Deno.test(`${backend} pool: CPU-bound tasks come back with the right count`, async () => {
    const bounds = [100, 1000, 5000, 10_000, 20_000];
    const report = await runTaskPool(
      bounds.map((b) => ({ name: `P${b}`, workMs: 0, primesBelow: b })),
      { workers: 2, backend },
    );
    assertEquals(
      report.results.map((r) => [r.name, r.value]).sort(),
      bounds.map((b) => [`P${b}`, sieveCount(b)]).sort(),
    );
  });
}

Deno.test("tasks without primesBelow carry no value", async () => {
  const report = await runTaskPool([{ name: "T", workMs: 0 }], {
    workers: 1,
    backend: "thread",
  });
  assertEquals(report.results[0].value, undefined);
});

Deno.test("the pool rejects a bad prime bound before starting any worker", async () => {
  await assertRejects(
    () =>
      runTaskPool([{ name: "T", workMs: 0, primesBelow: -5 }], {
        workers: 1,
        backend: "thread",
      }),
    RangeError,
    "El límite de primos",
  );
});
