import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { median, percentile, summarize } from "../../lib/bench/stats.ts";
import { aggregateRuns, runFromRaw } from "../../lib/bench/records.ts";

Deno.test("summarize gives the textbook figures of a known sample", () => {
  const s = summarize([2, 4, 4, 4, 5, 5, 7, 9]);
  assertEquals([s.count, s.min, s.max, s.mean, s.median], [8, 2, 9, 5, 4.5]);
  assertAlmostEquals(s.stdev, 2.138, 1e-3);
});

Deno.test("percentile interpolates between closest ranks like NumPy", () => {
  const cases: [number[], number, number][] = [
    [[1, 2, 3, 4], 50, 2.5], // even count: midpoint
    [[1, 2, 3, 4], 0, 1], // p0 is the minimum
    [[1, 2, 3, 4], 100, 4], // p100 is the maximum
    [[10, 20], 90, 19], // 10 + 0.9 × 10
    [[3, 1, 2], 50, 2], // unsorted input
  ];
  for (const [values, p, expected] of cases) {
    assertAlmostEquals(percentile(values, p), expected, 1e-12);
  }
  assertEquals(median([7]), 7);
});

Deno.test("statistics refuse empty samples, non-finite values and bad percentiles", () => {
  assertThrows(() => summarize([]), RangeError);
  assertThrows(() => median([1, NaN]), RangeError);
  assertThrows(() => percentile([1], 101), RangeError);
});

Deno.test("aggregateRuns gives min/median/max across repetitions, per runtime and size", () => {
  const records = aggregateRuns([
    runFromRaw("tcp", "deno", 64, [10, 12, 14], 100, 1),
    runFromRaw("tcp", "deno", 64, [30], 400, 2),
    runFromRaw("tcp", "deno", 64, [20], 300, 1),
    runFromRaw("tcp", "python", 64, [50], 50, 1),
  ]);
  const latency = records.find((r) =>
    r.runtime === "deno" && r.metric === "latency"
  )!;
  assertEquals([latency.min, latency.median, latency.max], [12, 20, 30]);
  assertEquals(latency.repetitions, 3);
  const throughput = records.find((r) =>
    r.runtime === "deno" && r.metric === "throughput"
  )!;
  assertEquals([throughput.min, throughput.median, throughput.max], [
    100,
    200,
    300,
  ]);
  assertAlmostEquals(throughput.mbPerSecond!, 200 * 64 / 1e6, 1e-12);
  assertEquals(records.filter((r) => r.runtime === "python").length, 2);
});
