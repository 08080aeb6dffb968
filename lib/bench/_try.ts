import { kitBenchPairs } from "./kit_pairs.ts";
import { measureRoundTrips } from "./round_trip.ts";
import { measureThroughput } from "./throughput.ts";
const reg = kitBenchPairs();
for (const m of (Deno.args[0] ?? "tcp,memory").split(",")) {
  await using pair = await reg.open(m);
  for (const size of [64, 4096, 1 << 20]) {
    const rt = await measureRoundTrips(pair.duplex, {
      sizeBytes: size,
      durationMs: 300,
      warmup: 20,
    });
    const tp = await measureThroughput(pair.duplex, {
      sizeBytes: size,
      durationMs: 300,
    });
    console.log(
      m,
      size,
      "rt median us",
      rt.summary.median.toFixed(1),
      "p99",
      rt.summary.p99.toFixed(1),
      "n",
      rt.summary.count,
      "| tp msg/s",
      tp.messagesPerSecond.toFixed(0),
      "MB/s",
      tp.megabytesPerSecond.toFixed(1),
    );
  }
}
