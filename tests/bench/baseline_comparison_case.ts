/**
 * Run by baseline_comparison_test.ts in a child process with KIT_PYTHON and
 * KIT_CC pointing nowhere (see tests/own_process.ts).
 */
import { assert, assertEquals } from "@std/assert";
import { compareWithBaselines } from "../../lib/bench/baseline_comparison.ts";

const MISSING = "/nonexistent/kit-test/executable";

Deno.test("a runtime that cannot run is reported once, and the kit's figures stand", async () => {
  assertEquals(
    Deno.env.get("KIT_PYTHON"),
    MISSING,
    "run through baseline_comparison_test.ts",
  );
  assertEquals(Deno.env.get("KIT_CC"), MISSING);
  const result = await compareWithBaselines({
    mechanisms: ["unix"],
    sizes: [64],
    durationMs: 20,
    repetitions: 2,
  });
  assertEquals(result.runtimes.deno, { measurements: 2 });
  for (const runtime of ["python", "c"] as const) {
    assertEquals(result.runtimes[runtime].measurements, 0);
    assert(result.runtimes[runtime].unavailable?.includes(MISSING));
    const whole = result.missing.filter((m) =>
      m.runtime === runtime && m.mechanism === undefined
    );
    assertEquals(whole.length, 1, `${runtime} is reported once`);
  }
  assertEquals(result.latency.length, 1);
  const [row] = result.latency;
  assertEquals([row.mechanism, row.size, row.python, row.c], [
    "unix",
    "64 B",
    null,
    null,
  ]);
  assert(typeof row.deno === "number" && row.deno > 0);
  const latency = result.records.find((r) => r.metric === "latency")!;
  assertEquals([latency.runtime, latency.repetitions], ["deno", 2]);
  assertEquals(result.throughput.map((r) => r.mechanism), ["unix"]);
});
