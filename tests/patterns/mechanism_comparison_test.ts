import { assert, assertEquals } from "@std/assert";
import {
  COMPARED_MECHANISMS,
  compareMechanisms,
  EXTRA_COMPARED_MECHANISMS,
} from "../../lib/bench/mechanism_comparison.ts";

Deno.test("compareMechanisms measures every mechanism it names and closes each peer", async () => {
  const mechanisms = [...COMPARED_MECHANISMS, ...EXTRA_COMPARED_MECHANISMS];
  const rows = await compareMechanisms({
    count: 5,
    warmup: 2,
    sizeBytes: 100,
    mechanisms,
  });
  assertEquals(rows.map((r) => r.mechanism), mechanisms);
  for (const row of rows) {
    // Five timed echoes each, of the size asked for.
    assertEquals(row.result.summary.count, 5, row.mechanism);
    assertEquals(row.result.sizeBytes, 100, row.mechanism);
    assert(row.result.summary.min > 0, row.mechanism);
  }
});

Deno.test("compareMechanisms defaults to the chapters' five mechanisms, not TCP", async () => {
  const rows = await compareMechanisms({ count: 3, warmup: 1 });
  assertEquals(rows.map((r) => r.mechanism), [...COMPARED_MECHANISMS]);
});
