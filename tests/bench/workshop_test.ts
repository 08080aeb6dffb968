import { assertEquals, assertLess } from "@std/assert";
import { checkExercise } from "../../lib/notebook/exercise.ts";
import type { BenchRecord } from "../../lib/bench/records.ts";
import { throughputWinnerExercise } from "../../lib/exercises/ch08_workshop.ts";
import { timeWorkshopMethod } from "../../lib/bench/workshop.ts";

/** The notebook's starter, verbatim: takes the first kit figure, not the best. */
function starter(rows: readonly BenchRecord[], size: number): string | null {
  const candidates = rows.filter((r) =>
    r.runtime === "deno" && r.size === size
  );
  return candidates.length > 0 ? candidates[0].mechanism : null;
}

/** A correct solution. */
function reference(rows: readonly BenchRecord[], size: number): string | null {
  let best: BenchRecord | null = null;
  for (const r of rows) {
    if (r.runtime !== "deno" || r.metric !== "throughput" || r.size !== size) {
      continue;
    }
    if (best === null || r.median > best.median) best = r;
  }
  return best?.mechanism ?? null;
}

Deno.test("the throughput-winner exercise passes a correct solution", async () => {
  const report = await checkExercise(throughputWinnerExercise, reference, {
    display: false,
  });
  assertEquals(report.passed, report.total);
});

Deno.test("the throughput-winner exercise fails the notebook's starter", async () => {
  const report = await checkExercise(throughputWinnerExercise, starter, {
    display: false,
  });
  assertLess(report.passed, report.total);
});

Deno.test("each workshop method completes every task", async () => {
  for (const method of ["sockets", "pipes", "queues"] as const) {
    const run = await timeWorkshopMethod(method, { workers: 2, tasks: 3 });
    assertEquals([run.method, run.workers, run.tasks], [method, 2, 3]);
  }
});
