import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import {
  describeWaitCycle,
  findWaitCycle,
  LockTable,
  runTwoLocks,
  watchForDeadlock,
} from "../../lib/sync/mod.ts";

Deno.test("findWaitCycle finds cycles and only cycles", () => {
  const rows = [
    // nobody waits
    { owners: [1, 2], waitingFor: [null, null], cycle: null },
    // a chain 1 → 2, and 2 is not waiting: no cycle
    { owners: [2, null], waitingFor: [0, null], cycle: null },
    // waiting for a free lock is not an edge
    { owners: [null, null], waitingFor: [0, 1], cycle: null },
    // two threads in a cycle
    {
      owners: [1, 2],
      waitingFor: [1, 0],
      cycle: [{ thread: 1, lock: 1, heldBy: 2 }, {
        thread: 2,
        lock: 0,
        heldBy: 1,
      }],
    },
    // three threads; thread 4 waits into the cycle but is not part of it
    {
      owners: [2, 3, 1],
      waitingFor: [0, 1, 2, 0],
      cycle: [
        { thread: 1, lock: 0, heldBy: 2 },
        { thread: 2, lock: 1, heldBy: 3 },
        { thread: 3, lock: 2, heldBy: 1 },
      ],
    },
  ];
  for (const { owners, waitingFor, cycle } of rows) {
    assertEquals(findWaitCycle({ owners, waitingFor }), cycle);
  }
});

Deno.test("two workers taking two locks in opposite order deadlock, and the kit finds the cycle", async () => {
  const run = await runTwoLocks({ strategy: "opposite", boundMs: 3000 });
  assertEquals(run.outcome, "deadlock");
  assertEquals(run.cycle, [
    { thread: 1, lock: 1, heldBy: 2 },
    { thread: 2, lock: 0, heldBy: 1 },
  ]);
  assertStringIncludes(
    describeWaitCycle(run.cycle!),
    "hilo 1 espera el lock B, que tiene el hilo 2",
  );
});

Deno.test("a global lock order and try-lock with back-off both avoid the deadlock", async () => {
  for (const strategy of ["ordered", "trylock"] as const) {
    const run = await runTwoLocks({ strategy, boundMs: 3000 });
    assertEquals([run.outcome, run.cycle], ["completed", null], strategy);
  }
  const trylock = await runTwoLocks({ strategy: "trylock", seed: 7 });
  assert(
    trylock.retries.some((r) => r > 0),
    "the forced first conflict makes somebody retry",
  );
});

Deno.test("the watcher stops at its bound when there is no deadlock", async () => {
  const table = LockTable.create({ locks: 2, threads: 2 });
  table.mutex(0).lock(1, 10);
  assertEquals(await watchForDeadlock(table, { boundMs: 60 }), null);
  const stop = new AbortController();
  stop.abort();
  assertEquals(
    await watchForDeadlock(table, { boundMs: 5000, signal: stop.signal }),
    null,
  );
});
