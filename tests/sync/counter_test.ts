import { assert, assertEquals, assertRejects, assertThrows } from "@std/assert";
import {
  Bakery,
  BakeryTimeoutError,
  type CounterMode,
  goesFirst,
  runCounter,
} from "../../lib/sync/mod.ts";

Deno.test("every lock-protected counter ends at exactly N×K with one worker inside at a time", async () => {
  const cases: [CounterMode, number, number][] = [
    ["mutex", 2, 3000],
    ["mutex", 4, 1000],
    ["semaphore", 2, 3000],
    ["semaphore", 4, 1000],
  ];
  for (const [mode, workers, increments] of cases) {
    const run = await runCounter({ mode, workers, increments });
    assertEquals(
      [run.final, run.lost, run.maxInside],
      [workers * increments, 0, 1],
      `${mode} with ${workers} workers`,
    );
  }
});

Deno.test("a single atomic add keeps every update without any lock", async () => {
  const run = await runCounter({
    mode: "atomic",
    workers: 4,
    increments: 5000,
  });
  assertEquals([run.final, run.lost], [20_000, 0]);
});

Deno.test("Lamport's bakery gives mutual exclusion: N×K exactly, never two inside", async () => {
  for (const [workers, increments] of [[2, 2000], [4, 150]]) {
    const run = await runCounter({ mode: "bakery", workers, increments });
    assertEquals(run.final, workers * increments);
    assertEquals(run.maxInside, 1);
  }
});

Deno.test("the racy counter never gains updates; what it loses is counted", async () => {
  const run = await runCounter({
    mode: "racy",
    workers: 2,
    increments: 20_000,
  });
  assert(run.final <= run.expected);
  assertEquals(run.lost, run.expected - run.final);
  assert(run.lost >= 0);
});

Deno.test("runCounter rejects bad options", async () => {
  await assertRejects(
    () => runCounter({ mode: "mutex", workers: 0, increments: 1 }),
    RangeError,
  );
  await assertRejects(
    () =>
      runCounter({
        mode: "nope" as CounterMode,
        workers: 1,
        increments: 1,
      }),
    TypeError,
  );
});

Deno.test("the bakery's order is by number, then by id", () => {
  const rows: [number, number, number, number, boolean][] = [
    [1, 0, 2, 1, true], // smaller number goes first
    [2, 0, 1, 1, false], // larger number waits
    [3, 0, 3, 1, true], // tie: smaller id goes first
    [3, 2, 3, 1, false], // tie: larger id waits
  ];
  for (const [nj, j, ni, i, expected] of rows) {
    assertEquals(goesFirst(nj, j, ni, i), expected);
  }
});

Deno.test("a bakery customer waiting too long gets BakeryTimeoutError and leaves the line", () => {
  const bakery = Bakery.create(2);
  bakery.lock(0, 100);
  const error = assertThrows(() => bakery.lock(1, 20), BakeryTimeoutError);
  assertEquals(error.customer, 1);
  assertEquals(bakery.numbers(), [1, 0]);
  bakery.unlock(0);
  bakery.lock(1, 100);
  assertEquals(bakery.numbers(), [0, 1]);
  assertThrows(() => bakery.unlock(2), RangeError);
});
