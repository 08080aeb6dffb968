import { assert, assertEquals, assertRejects } from "@std/assert";
import { compareWithBaselines } from "../../lib/bench/baseline_comparison.ts";

const MISSING = "/nonexistent/kit-test/executable";

/** Runs `body` with KIT_PYTHON and KIT_CC pointing nowhere, then restores them. */
async function withoutBaselines<T>(body: () => Promise<T>): Promise<T> {
  const saved = ["KIT_PYTHON", "KIT_CC"].map((k) => [k, Deno.env.get(k)]);
  Deno.env.set("KIT_PYTHON", MISSING);
  Deno.env.set("KIT_CC", MISSING);
  try {
    return await body();
  } finally {
    for (const [key, value] of saved) {
      if (value === undefined) Deno.env.delete(key!);
      else Deno.env.set(key!, value);
    }
  }
}

Deno.test("a runtime that cannot run is reported once, and the kit's figures stand", async () => {
  const result = await withoutBaselines(() =>
    compareWithBaselines({
      mechanisms: ["unix"],
      sizes: [64],
      durationMs: 20,
      repetitions: 2,
    })
  );
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

Deno.test("the class's Python and C are measured beside the kit when present", async () => {
  const result = await compareWithBaselines({
    mechanisms: ["pipe-each"],
    sizes: [64],
    durationMs: 20,
    repetitions: 1,
  });
  // One call per message: a raw pipe in Python and C, and the class's
  // multiprocessing.Pipe twice (pickled objects and raw bytes; no C twin).
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
