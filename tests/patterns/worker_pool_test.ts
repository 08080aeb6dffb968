/** The worker pool over threads and child processes: poison pill, redelivery, clean ends. */

import { assert, assertEquals, assertRejects } from "@std/assert";
import {
  isPeerGone,
  PoolExhaustedError,
  runTaskPool,
} from "../../lib/patterns/worker_pool.ts";
import type { SimulatedTask } from "../../lib/patterns/task_protocol.ts";
import { WorkerCrashedError } from "../../lib/transports/worker_duplex.ts";
import { WaitTimeoutError } from "../../lib/util/deadline.ts";
import {
  DuplexClosedError,
  ProtocolError,
  TruncatedFrameError,
} from "../../lib/wire/errors.ts";

const tasks = Array.from(
  { length: 10 },
  (_, i) => ({ name: `T${i + 1}`, workMs: 20 }),
);

for (const backend of ["thread", "process"] as const) {
  Deno.test(`${backend} pool: every task done once, every worker gets its FIN`, async () => {
    const report = await runTaskPool(tasks, { workers: 3, backend });
    assertEquals(
      report.results.map((r) => r.name).sort(),
      tasks.map((t) => t.name).sort(),
    );
    assertEquals(report.finishedWorkers.length, 3);
    const handled = report.finishedWorkers.reduce(
      (sum, w) => sum + w.handled,
      0,
    );
    assertEquals(handled, tasks.length);
    for (const r of report.results) assert(r.endMs >= r.startMs);
    assertEquals(report.deaths, []);
  });

  Deno.test(`${backend} pool: a worker killed mid-task has its task redelivered`, async () => {
    const report = await runTaskPool(tasks, {
      workers: 3,
      backend,
      killDuring: { taskName: "T2", afterMs: 5 },
    });
    const names = report.results.map((r) => r.name);
    assertEquals(names.length, tasks.length, "nothing lost, nothing twice");
    assertEquals(new Set(names).size, tasks.length);
    assertEquals(report.deaths.length, 1);
    const t2 = report.results.find((r) => r.name === "T2")!;
    assertEquals(t2.attempt, 2);
    assert(t2.worker !== report.deaths[0].worker, "done by another worker");
    // The dead worker was replaced (default budget), so three said goodbye.
    assertEquals(report.restarts, 1);
    assertEquals(report.finishedWorkers.length, 3);
    assertEquals(report.deaths[0].cause, "gone");
    // the death records the task it cut short, for the timeline's failed bar
    const death = report.deaths[0];
    assertEquals(death.inFlight?.name, "T2");
    assert(
      death.diedAtMs >= death.inFlight!.sentAtMs,
      "died after the task was sent",
    );
    assert(
      death.diedAtMs <= t2.startMs + 1,
      "the retry starts after the death",
    );
  });

  Deno.test(`${backend} pool: an error that is not a death rejects the run`, async () => {
    // The pool's JSON codec cannot encode a BigInt: a bug on the parent's
    // side, which must surface as itself, not as "a worker died".
    const unencodable = { name: "T1", workMs: 0, extra: 1n } as SimulatedTask;
    await assertRejects(
      () =>
        runTaskPool([...tasks.slice(0, 4), unencodable], {
          workers: 2,
          backend,
        }),
      TypeError,
      "BigInt",
    );
  });
}

Deno.test("Only errors that mean the peer is gone count as a death", () => {
  for (
    const gone of [
      new DuplexClosedError("send"),
      new TruncatedFrameError("body", 3),
      new Deno.errors.BrokenPipe("closed"),
      new Deno.errors.ConnectionReset("reset"),
      new Deno.errors.UnexpectedEof("eof"),
      new WorkerCrashedError("Uncaught Error: boom"),
    ]
  ) assert(isPeerGone(gone), gone.name);
  for (
    const bug of [
      new TypeError("bad value"),
      new ProtocolError("no result"),
      new SyntaxError("bad JSON"),
    ]
  ) assert(!isPeerGone(bug), bug.name);
});

Deno.test("An empty task list ends cleanly: FIN to every worker", async () => {
  const report = await runTaskPool([], { workers: 2, backend: "thread" });
  assertEquals(report.results, []);
  assertEquals(report.finishedWorkers.map((w) => w.handled), [0, 0]);
});

Deno.test("A single worker that dies cannot finish: a clear error, not a hang", async () => {
  await assertRejects(
    () =>
      runTaskPool(tasks.slice(0, 2), {
        workers: 1,
        backend: "thread",
        maxRestarts: 0,
        killDuring: { taskName: "T1", afterMs: 5 },
      }),
    PoolExhaustedError,
    "Murieron todos los workers",
  );
});

Deno.test("When every worker died, the results already finished come with the error", async () => {
  const error: PoolExhaustedError = await assertRejects(
    () =>
      runTaskPool(tasks.slice(0, 5), {
        workers: 1,
        backend: "process",
        maxRestarts: 0,
        killDuring: { taskName: "T3", afterMs: 5 },
      }),
    PoolExhaustedError,
  );
  assertEquals(error.partial.results.map((r) => r.name), ["T1", "T2"]);
  assertEquals(error.pending, 3);
  assertEquals(error.partial.deaths.map((d) => d.inFlight?.name), ["T3"]);
});

Deno.test("Dead workers are replaced up to maxRestarts, then the run gives up", async () => {
  // One worker, one replacement: the first death is survived...
  const report = await runTaskPool(tasks.slice(0, 4), {
    workers: 1,
    backend: "thread",
    maxRestarts: 1,
    killDuring: { taskName: "T2", afterMs: 5 },
  });
  assertEquals(report.results.map((r) => r.name).sort(), [
    "T1",
    "T2",
    "T3",
    "T4",
  ]);
  assertEquals([report.restarts, report.deaths.length], [1, 1]);
  assertEquals(report.finishedWorkers.map((w) => w.worker), ["hilo-1"]);
  await assertRejects(
    () =>
      runTaskPool(tasks, { workers: 1, backend: "thread", maxRestarts: -1 }),
    RangeError,
  );
});

Deno.test("A stopped child process (SIGSTOP) is found by its silence, killed, and its task redelivered", async () => {
  const report = await runTaskPool(tasks.slice(0, 6), {
    workers: 2,
    backend: "process",
    silenceMs: 600,
    stallDuring: { taskName: "T2", afterMs: 5 },
  });
  const names = report.results.map((r) => r.name);
  assertEquals(names.sort(), tasks.slice(0, 6).map((t) => t.name).sort());
  assertEquals(report.deaths.length, 1);
  const [death] = report.deaths;
  assertEquals([death.cause, death.inFlight?.name], ["silent", "T2"]);
  assertEquals(report.results.find((r) => r.name === "T2")!.attempt, 2);
});

Deno.test("A thread stuck in a synchronous loop is silent too: killed, redelivered, partial results kept", async () => {
  // ~3 s of CPU without a heartbeat: every worker that takes it is judged
  // stuck after 400 ms (at-least-once: the task runs on each of them).
  const error: PoolExhaustedError = await assertRejects(
    () =>
      runTaskPool([
        { name: "rápida", workMs: 0 },
        { name: "eterna", workMs: 0, primesBelow: 10_000_000 },
      ], { workers: 2, backend: "thread", silenceMs: 400, maxRestarts: 1 }),
    PoolExhaustedError,
  );
  assertEquals(error.partial.results.map((r) => r.name), ["rápida"]);
  assertEquals(error.partial.deaths.map((d) => d.cause), [
    "silent",
    "silent",
    "silent",
  ]);
  assertEquals(error.partial.deaths.map((d) => d.inFlight?.name), [
    "eterna",
    "eterna",
    "eterna",
  ]);
});

Deno.test("A run past its bound is a WaitTimeoutError, its workers killed", async () => {
  const slow = [1, 2, 3].map((i) => ({ name: `L${i}`, workMs: 20_000 }));
  await assertRejects(
    () => runTaskPool(slow, { workers: 2, backend: "process", timeoutMs: 300 }),
    WaitTimeoutError,
    "esperando al pool de tareas",
  );
});

Deno.test("The pool refuses a non-positive worker count", async () => {
  await assertRejects(
    () => runTaskPool(tasks, { workers: 0, backend: "thread" }),
    RangeError,
  );
});
