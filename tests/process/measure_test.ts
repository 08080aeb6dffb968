import { assert, assertEquals, assertRejects, assertThrows } from "@std/assert";
import {
  busyWork,
  calibrateIterations,
  inspectMachine,
  ParallelPool,
  parseCpuTimes,
  runInterleaved,
  runParallel,
  splitWork,
} from "../../lib/process/mod.ts";
import {
  measureProcessCreation,
  measureThreadCreation,
} from "../../lib/bench/creation_cost.ts";
import { measureParallelism } from "../../lib/bench/measure_parallelism.ts";
import { JoinTimeoutError } from "../../lib/process/errors.ts";
import { withJoinTimeout } from "../../lib/process/timing.ts";
import { SpmdTimeoutError } from "../../lib/spmd/errors.ts";
import { BakeryTimeoutError } from "../../lib/sync/errors.ts";
import { WaitTimeoutError } from "../../lib/util/deadline.ts";

Deno.test("splitWork shares add up to the total for every split", () => {
  for (const [total, parts] of [[0, 1], [10, 3], [7, 7], [5, 8], [1e6, 4]]) {
    const shares = splitWork(total, parts);
    assertEquals(shares.length, parts);
    assertEquals(shares.reduce((a, b) => a + b, 0), total);
    assert(Math.max(...shares) - Math.min(...shares) <= 1);
  }
  assertThrows(() => splitWork(10, 0), RangeError);
});

Deno.test("busyWork can be done in slices with the same result", () => {
  assertEquals(busyWork(300, 9), busyWork(100, busyWork(200, 9)));
  assertThrows(() => busyWork(-1), RangeError);
});

Deno.test("parallel and interleaved runs compute the same checksums", async () => {
  for (const parts of [1, 2, 4]) {
    const parallel = await runParallel(40_000, parts);
    const interleaved = await runInterleaved(40_000, parts, 1000);
    assertEquals(parallel.checksums, interleaved.checksums);
    assertEquals([parallel.parts, interleaved.parts], [parts, parts]);
  }
});

Deno.test("interleaved tasks take turns on one thread", async () => {
  const run = await runInterleaved(30_000, 3, 1000);
  assertEquals(run.order.slice(0, 6), [1, 2, 3, 1, 2, 3]);
  assertThrows(() => calibrateIterations(0), RangeError);
});

Deno.test("measureParallelism measures every split both ways, and checks its inputs", async () => {
  const m = await measureParallelism({
    targetMs: 5,
    parts: [2, 1],
    repetitions: 2,
  });
  assertEquals(m.parts, [2, 1]);
  assertEquals([m.parallelMs.length, m.interleavedMs.length], [2, 2]);
  assert([...m.parallelMs, ...m.interleavedMs].every(Number.isFinite));
  assertEquals(m.turns.slice(0, 4), [1, 2, 1, 2]);
  await assertRejects(() => measureParallelism({ parts: [] }), RangeError);
  await assertRejects(
    () => measureParallelism({ repetitions: 0 }),
    RangeError,
  );
});

Deno.test("creation measurements return one positive sample per creation", async () => {
  const processes = await measureProcessCreation({ count: 3, warmup: 1 });
  const threads = await measureThreadCreation({ count: 3, warmup: 1 });
  for (const sample of [...processes, ...threads]) assert(sample > 0);
  assertEquals([processes.length, threads.length], [3, 3]);
});

Deno.test("machine inspection reports every core and a sane load", async () => {
  const info = await inspectMachine(50);
  assertEquals(info.coreBusy.length, navigator.hardwareConcurrency);
  for (const c of info.coreBusy) {
    assert(c.busyPercent >= 0 && c.busyPercent <= 100);
  }
  assertEquals(info.loadAverage.length, 3);
  assert(info.availableMemoryBytes <= info.totalMemoryBytes);
  assertThrows(() => parseCpuTimes("cpu0 1 x"), SyntaxError);
});

Deno.test("a worker pool reuses its workers and matches the fresh-worker checksums", async () => {
  using pool = await ParallelPool.start(4);
  assertEquals(pool.size, 4);
  for (const parts of [1, 2, 4, 2]) {
    const fromPool = await pool.run(40_000, parts);
    const fresh = await runParallel(40_000, parts);
    assertEquals(fromPool.checksums, fresh.checksums);
  }
  await assertRejects(() => pool.run(1000, 5), RangeError);
});

Deno.test("every area's timeout is a WaitTimeoutError and keeps its own name and message", () => {
  const family: [WaitTimeoutError, string, string][] = [
    [
      new JoinTimeoutError("sleep (pid 7)", 50),
      "JoinTimeoutError",
      "join: dejé de esperar después de 50 ms (sleep (pid 7) no terminó)",
    ],
    [
      new BakeryTimeoutError(3, 100),
      "BakeryTimeoutError",
      "el cliente 3 esperó su turno más de 100 ms",
    ],
    [
      new SpmdTimeoutError("La recepción no llegó en 20 ms", 20),
      "SpmdTimeoutError",
      "La recepción no llegó en 20 ms",
    ],
  ];
  for (const [error, name, message] of family) {
    assert(error instanceof WaitTimeoutError, name);
    assert(error instanceof Error, name);
    assertEquals([error.name, error.message], [name, message]);
  }
  const bakery = new BakeryTimeoutError(3, 100);
  assertEquals([bakery.customer, bakery.what], [3, "el turno del cliente 3"]);
  assertEquals(new SpmdTimeoutError("old call site").what, "una espera SPMD");
});

Deno.test("withJoinTimeout is the kit deadline with JoinTimeoutError", async () => {
  assertEquals(
    await withJoinTimeout(Promise.resolve("hecho"), 1000, "x"),
    "hecho",
  );
  const error = await assertRejects(
    () => withJoinTimeout(new Promise(() => {}), 10, "un hijo callado"),
    JoinTimeoutError,
  );
  assert(error instanceof WaitTimeoutError);
  assertEquals([error.what, error.timeoutMs], ["un hijo callado", 10]);
  await assertRejects(
    () => withJoinTimeout(Promise.reject(new TypeError("boom")), 1000, "x"),
    TypeError,
  );
  assertThrows(() => withJoinTimeout(Promise.resolve(1), -1, "x"), RangeError);
});
