import { assertEquals } from "@std/assert";
import { aggregateRuns, runFromRaw } from "../../lib/bench/records.ts";
import { comparisonRows } from "../../lib/bench/report.ts";

// Deno (one send per message, as the baselines) and Python figures for tcp at
// two sizes; C only at 64 B; Python-only
// ring figures (no kit row, so no table row).
const records = aggregateRuns([
  runFromRaw("tcp-block-each", "deno", 64, [20], 2000, 1),
  runFromRaw("tcp", "python", 64, [40], 500, 1),
  runFromRaw("tcp", "c", 64, [10], 4000, 1),
  runFromRaw("tcp-block-each", "deno", 4096, [30], 1000, 1),
  runFromRaw("tcp", "python", 4096, [60], 250, 1),
  runFromRaw("shm", "python", 64, [5], 100, 1),
]);

Deno.test("comparisonRows pairs each kit figure with its Python and C counterparts", () => {
  const rows = comparisonRows(records, "latency");
  assertEquals(
    rows.map((r) => [r.mechanism, r.size, r.deno, r.python, r.c]),
    [
      ["tcp", "64 B", 20, 40, 10], // all three runtimes
      ["tcp", "4 KiB", 30, 60, null], // no C figure at this size
    ],
  );
  assertEquals(rows.map((r) => r.denoOverPython), [0.5, 0.5]);
});

Deno.test("comparisonRows gives MB/s rows in the same order as messages/s rows", () => {
  const perMessage = comparisonRows(records, "throughput");
  const perMegabyte = comparisonRows(
    records,
    "throughput",
    undefined,
    "mbPerSecond",
  );
  assertEquals(
    perMegabyte.map((r) => [r.mechanism, r.size]),
    perMessage.map((r) => [r.mechanism, r.size]),
  );
  const table: [number | null, number | null][] = [
    [2000 * 64 / 1e6, 500 * 64 / 1e6], // 64 B: messages/s × size
    [1000 * 4096 / 1e6, 250 * 4096 / 1e6], // 4 KiB
  ];
  assertEquals(perMegabyte.map((r) => [r.deno, r.python]), table);
  // Latency records have no MB/s: nothing is invented.
  assertEquals(
    comparisonRows(records, "latency", undefined, "mbPerSecond").length,
    0,
  );
});
