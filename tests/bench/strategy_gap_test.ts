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
