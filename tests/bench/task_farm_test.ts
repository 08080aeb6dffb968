/** The socket task farm with its clients on Worker threads. */

import { assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import {
  cpuFarmTask,
  runSocketTaskFarm,
  solveFarmTask,
} from "../../lib/bench/task_farm.ts";
import { timeWorkshopMethod } from "../../lib/bench/workshop.ts";

Deno.test("farm clients answer CPU tasks with the prime count and arithmetic as before", () => {
  const rows: [string, string][] = [
    [cpuFarmTask(100), "25"], // the CPU task
    ["2 + 2", "4"], // the workshop's task
    ["primos < -3", "Error: "], // not a CPU task, and not arithmetic
    [cpuFarmTask(1e12), "Error: Prime bound"], // hours of work: refused
  ];
  for (const [task, answer] of rows) {
    const got = solveFarmTask(task);
    if (answer.startsWith("Error")) assertStringIncludes(got, answer, task);
    else assertEquals(got, answer, task);
  }
});

Deno.test("every connection of the farm returns a verified result, spread over the clients", async () => {
  for (
    const [workers, tasks] of [
      [1, 3], // one client does everything
      [3, 7], // uneven split
      [4, 2], // more clients than tasks: two have nothing to do
    ]
  ) {
    const results = await runSocketTaskFarm({
      workers,
      tasks,
      task: cpuFarmTask(1000),
    });
    assertEquals(results, Array(tasks).fill("168"), `${workers}×${tasks}`);
  }
});

Deno.test("timeWorkshopMethod runs CPU-bound tasks on every method", async () => {
  for (const method of ["sockets", "pipes", "queues"] as const) {
    const run = await timeWorkshopMethod(method, {
      workers: 2,
      tasks: 3,
      primesBelow: 3000,
    });
    assertEquals([run.method, run.tasks], [method, 3]);
  }
});

Deno.test("the farm cannot wait on a timer: a RangeError says why", async () => {
  await assertRejects(
    () => timeWorkshopMethod("sockets", { workers: 1, tasks: 1, workMs: 5 }),
    RangeError,
    "synchronously",
  );
});
