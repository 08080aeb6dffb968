import { assertEquals } from "@std/assert";
import { kitBenchPairs } from "../../lib/bench/kit_pairs.ts";
import { measureRoundTrips } from "../../lib/bench/round_trip.ts";
import { measureThroughput } from "../../lib/bench/throughput.ts";

// Correctness only: every registered transport carries the bench protocol
// (echo, sink, acks) at a small, a large and an empty size. No timing is checked.
for (const mechanism of kitBenchPairs().names()) {
  Deno.test(`${mechanism} passes the bench protocol for a few messages`, async () => {
    await using pair = await kitBenchPairs().open(mechanism);
    assertEquals(pair.mechanism, mechanism);
    for (const sizeBytes of [0, 64, 200_000]) {
      const rt = await measureRoundTrips(pair.duplex, {
        count: 4,
        warmup: 1,
        sizeBytes,
        timeoutMs: 10_000,
      });
      assertEquals(rt.samplesUs.length, 4);
    }
    for (const sizeBytes of [1, 64, 200_000]) {
      const tp = await measureThroughput(pair.duplex, {
        sizeBytes,
        maxMessages: 12,
        window: 4,
        timeoutMs: 10_000,
      });
      assertEquals(tp.messages, 12);
    }
  });
}

Deno.test("every kit pair closes idempotently", async () => {
  const pair = await kitBenchPairs().open("memory");
  await pair.close();
  await pair.close();
});
