import { assert, assertStringIncludes } from "@std/assert";
import { explainStrategyGap } from "../../lib/bench/strategy_gap.ts";
import { aggregateRuns, runFromRaw } from "../../lib/bench/records.ts";

function paragraphs(kit: number, same: number, plain: number): string {
  return explainStrategyGap(aggregateRuns([
    runFromRaw("tcp", "deno", 64, [20], kit, 1),
    runFromRaw("tcp-batch-spin", "c", 64, [10], same, 1),
    runFromRaw("tcp", "c", 64, [30], plain, 1),
  ])).join("\n");
}

Deno.test("the factorisation keeps two significant digits of a small factor", () => {
  // 30 000 ÷ 100 000 = 0.30 = 33.46 × 0.00897
  const text = paragraphs(30_000, 3_346_000, 100_000);
  assertStringIncludes(text, "(0,30 = 33,46 × 0,0090)");
  assert(!text.includes("× 0,01)"), text);
});

Deno.test("the factorisation prints factors from 0,1 up with two decimals", () => {
  assertStringIncludes(
    paragraphs(500_000, 1_000_000, 100_000),
    "(5,00 = 10,00 × 0,50)",
  );
});

Deno.test("the batching paragraph is titled in the kit's vocabulary", () => {
  assertStringIncludes(
    paragraphs(500_000, 1_000_000, 100_000),
    "Tasa (throughput): agrupar mensajes",
  );
});

Deno.test("the event-loop paragraph sets the kit's Deno.Conn beside the kit and C asleep in recv, either way round", () => {
  const base = [
    runFromRaw("unix", "deno", 64, [6], 7_000_000, 1),
    runFromRaw("unix-batch-spin", "c", 64, [4], 20_000_000, 1),
    runFromRaw("unix", "c", 64, [12], 900_000, 1),
  ];
  const sockets = (conn: number) => [
    ...base,
    runFromRaw("unix-batch", "c", 64, [10], 20_000_000, 1),
    runFromRaw("unix-block", "deno", 64, [15], 9_000_000, 1),
    runFromRaw("unix-async", "deno", 64, [conn], 9_000_000, 1),
  ];
  const slower = explainStrategyGap(aggregateRuns(sockets(30))).join("\n");
  assertStringIncludes(
    slower,
    "Esperar a través del event loop (socket Unix, 64 B",
  );
  assertStringIncludes(slower, "C dormido en su propio recv tardó 10,0 µs");
  assertStringIncludes(slower, "el kit, dormido igual que C, 15,0 µs");
  assertStringIncludes(slower, "(1,5 veces peor que C)");
  assertStringIncludes(
    slower,
    "30,0 µs (2,0 veces peor que dormir en su propio recv)",
  );
  // Had the event loop won, the words follow the figures.
  const faster = explainStrategyGap(aggregateRuns(sockets(12))).join("\n");
  assertStringIncludes(
    faster,
    "12,0 µs (1,3 veces mejor que dormir en su propio recv)",
  );
  // Without the kit's blocking row, no such paragraph.
  const without = explainStrategyGap(aggregateRuns(base)).join("\n");
  assert(!without.includes("event loop ("), without);
});

Deno.test("the helper-thread paragraph reads both ways of sleeping, in C and in the kit, from the figures", () => {
  const base = [
    runFromRaw("pipe", "deno", 64, [6], 7_000_000, 1),
    runFromRaw("pipe-batch-spin", "c", 64, [2], 20_000_000, 1),
    runFromRaw("pipe", "c", 64, [12], 900_000, 1),
  ];
  const withHelper = [
    ...base,
    runFromRaw("pipe-batch", "c", 64, [10], 20_000_000, 1),
    runFromRaw("pipe-batch-helper", "c", 64, [15], 20_000_000, 1),
    runFromRaw("pipe-block", "deno", 64, [16], 9_000_000, 1),
    runFromRaw("pipe-async", "deno", 64, [30], 9_000_000, 1),
  ];
  const text = explainStrategyGap(aggregateRuns(withHelper)).join("\n");
  assertStringIncludes(text, "Esperar en un hilo auxiliar (tubería, 64 B");
  assertStringIncludes(
    text,
    "C tardó 10,0 µs dormido en su propio read y 15,0 µs",
  );
  assertStringIncludes(text, "(1,5 veces peor que dormir en su propio read)");
  assertStringIncludes(text, "el kit, 16,0 µs bloqueando su hilo y 30,0 µs");
  assertStringIncludes(text, "1,6 veces peor que C dormido en su propio read");
  assertStringIncludes(text, "2,0 veces peor que C con un hilo auxiliar");
  // Without the four round trips, no such paragraph.
  const without = explainStrategyGap(aggregateRuns(base)).join("\n");
  assert(!without.includes("hilo auxiliar ("), without);
});
