import { assertEquals } from "@std/assert";
import { timeWorkshopMethod } from "../../lib/bench/workshop.ts";

// The throughput-winner exercise is tested in tests/exercises/ch08_workshop_test.ts.

Deno.test("each workshop method completes every task", async () => {
  for (const method of ["sockets", "pipes", "queues"] as const) {
    const run = await timeWorkshopMethod(method, { workers: 2, tasks: 3 });
    assertEquals([run.method, run.workers, run.tasks], [method, 2, 3]);
  }
});
