import { assert, assertEquals, assertRejects } from "@std/assert";
import { compareWithBaselines } from "../../lib/bench/baseline_comparison.ts";
import { runInOwnProcess } from "../own_process.ts";

const MISSING = "/nonexistent/kit-test/executable";

Deno.test("a runtime that cannot run is reported once, and the kit's figures stand", async () => {
  // In a child: KIT_PYTHON/KIT_CC are process-wide and other modules run beside this one.
  await runInOwnProcess(
    new URL("./baseline_comparison_case.ts", import.meta.url),
    { KIT_PYTHON: MISSING, KIT_CC: MISSING },
  );
});

Deno.test("the class's Python and C are measured beside the kit when present", async () => {
  const result = await compareWithBaselines({
    mechanisms: ["pipe-block-each"],
    sizes: [64],
    durationMs: 20,
    repetitions: 1,
  });
  // One call per message, asleep in the reader's own read: a raw pipe in
  // Python and C, and the class's multiprocessing.Pipe twice (pickled
  // objects and raw bytes; no C twin).
  assertEquals(result.latency.map((r) => r.mechanism), [
    "pipe",
    "pipe (multiprocessing)",
    "pipe (multiprocessing, bytes)",
  ]);
  assert(result.latency.every((r) => r.strategy.startsWith("una llamada")));
  for (const runtime of ["python", "c"] as const) {
    const status = result.runtimes[runtime];
    if (status.unavailable !== undefined) continue; // reported, not guessed
    assert(status.measurements > 0, `${runtime} measured something`);
    const rows = runtime === "c" ? result.latency.slice(0, 1) : result.latency;
    assert(rows.every((r) => typeof r[runtime] === "number"));
  }
  // The batched baselines ran too, so the strategy split has its figures.
  assert(
    result.runtimes.c.unavailable !== undefined ||
      result.records.some((r) =>
        r.runtime === "c" && r.mechanism === "pipe-batch"
      ),
  );
});

Deno.test("compareWithBaselines rejects a non-positive repetition count before measuring", async () => {
  await assertRejects(
    () => compareWithBaselines({ mechanisms: ["memory"], repetitions: 0 }),
    RangeError,
  );
});
