/** The socket task farm with its clients on Worker threads. */

import { assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import {
  cpuFarmTask,
  runSocketTaskFarm,
  solveFarmTask,
  waitFarmTask,
} from "../../lib/bench/task_farm.ts";
import { timeWorkshopMethod } from "../../lib/bench/workshop.ts";

Deno.test("farm clients answer CPU tasks with the prime count and arithmetic as before", () => {
  const rows: [string, string][] = [
    [cpuFarmTask(100), "25"], // the CPU task
    ["2 + 2", "4"], // the workshop's task
    ["primos < -3", "Error: "], // not a CPU task, and not arithmetic
    [cpuFarmTask(1e12), "Error: El límite de primos"], // hours of work: refused
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

Deno.test("the socket farm's clients wait on a timer and answer listo", async () => {
  // timeWorkshopMethod checks every answer is "listo": a wrong one throws.
  const run = await timeWorkshopMethod("sockets", {
    workers: 2,
    tasks: 4,
    workMs: 20,
  });
  assertEquals([run.method, run.tasks], ["sockets", 4]);
});

Deno.test("a wait task from the wire is bounded and never evaluated", async () => {
  const rows: [string, string][] = [
    [waitFarmTask(1), "listo"], // a well-formed wait
    [
      "espera 20000 ms",
      "Error: Una espera de 20.000 ms supera el máximo de 10.000 ms",
    ], // too long
  ];
  for (const [task, expected] of rows) {
    assertEquals(await solveFarmTask(task), expected);
  }
  // Malformed waits are not waits: they go to the safe arithmetic parser.
  for (const task of ["espera -5 ms", "espera 1e9 ms", "espera 5"]) {
    assertStringIncludes(await solveFarmTask(task), "Error");
  }
});

Deno.test("a socket farm task either waits or computes: both is a RangeError", async () => {
  await assertRejects(
    () =>
      timeWorkshopMethod("sockets", {
        workers: 1,
        tasks: 1,
        workMs: 5,
        primesBelow: 100,
      }),
    RangeError,
    "espera o calcula",
  );
});
