/**
 * One repetition of the kit's side of the benchmark: every selected
 * mechanism at every size, latency then throughput, over pairs from a
 * {@linkcode BenchPairRegistry}.
 *
 * @module
 */

import type { BenchMissing, BenchRun } from "./records.ts";
import type { BenchPairRegistry } from "./pairs.ts";
import { measureRoundTrips } from "./round_trip.ts";
import { measureThroughput } from "./throughput.ts";
import type { MessageDuplex } from "../wire/duplex.ts";

/** Options of {@linkcode runKitSuite}. */
export interface KitSuiteOptions {
  /** Mechanisms to measure (default: every registered one). */
  mechanisms?: readonly string[];
  /** Message sizes in bytes (default 64, 4096, 1 MiB). */
  sizes?: readonly number[];
  /** Duration of each measurement (default 200 ms). */
  durationMs?: number;
  /** Called before each measurement (progress line). */
  onStep?: (step: { mechanism: string; size: number }) => void;
  /** Called with each run as soon as it is measured. */
  onRun?: (run: BenchRun) => void;
}

/** What one repetition measured, and what it could not. */
export interface KitSuiteResult {
  runs: BenchRun[];
  missing: BenchMissing[];
}

/**
 * Brings a fresh pair to steady state before anything is timed. A new Deno
 * peer (process or Worker) runs its first few hundred messages in V8's
 * interpreter — measured here, ~240 µs per 64-byte round trip at first and
 * ~25 µs after ~1 000 — while the Python and C baselines have no JIT to warm.
 * Without this the table would compare Deno's start-up with their steady
 * state. Bounded by count and time; nothing is recorded.
 */
async function warmUpPair(duplex: MessageDuplex): Promise<void> {
  await measureRoundTrips(duplex, {
    sizeBytes: 64,
    count: 2_000,
    warmup: 0,
    durationMs: 400,
  });
}

/**
 * Measures each mechanism at each size once. A mechanism that fails to open
 * or breaks mid-way is reported in `missing` with the reason, and the others
 * go on.
 *
 * @example The in-memory pair at one size
 * ```ts
 * import { runKitSuite } from "./suite.ts";
 * import { kitBenchPairs } from "./kit_pairs.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const result = await runKitSuite(kitBenchPairs(), {
 *   mechanisms: ["memory"], sizes: [64], durationMs: 20,
 * });
 * assertEquals(result.runs.map((r) => [r.mechanism, r.runtime, r.size]), [
 *   ["memory", "deno", 64],
 * ]);
 * assertEquals(result.missing, []);
 * ```
 */
export async function runKitSuite(
  registry: BenchPairRegistry,
  options: KitSuiteOptions = {},
): Promise<KitSuiteResult> {
  const mechanisms = options.mechanisms ?? registry.names();
  const sizes = options.sizes ?? [64, 4096, 1 << 20];
  const durationMs = options.durationMs ?? 200;
  const result: KitSuiteResult = { runs: [], missing: [] };
  for (const mechanism of mechanisms) {
    if (!registry.has(mechanism)) {
      result.missing.push({
        runtime: "deno",
        mechanism,
        reason: "no está disponible en esta copia del kit",
      });
      continue;
    }
    try {
      await using pair = await registry.open(mechanism);
      await warmUpPair(pair.duplex);
      for (const size of sizes) {
        options.onStep?.({ mechanism, size });
        const latency = await measureRoundTrips(pair.duplex, {
          sizeBytes: size,
          durationMs,
          warmup: size >= 1 << 20 ? 3 : 20,
        });
        const throughput = await measureThroughput(pair.duplex, {
          sizeBytes: Math.max(1, size),
          durationMs,
        });
        const run: BenchRun = {
          mechanism,
          runtime: "deno",
          size,
          latency: latency.summary,
          messagesPerSecond: throughput.messagesPerSecond,
          megabytesPerSecond: throughput.megabytesPerSecond,
        };
        result.runs.push(run);
        options.onRun?.(run);
      }
    } catch (error) {
      result.missing.push({
        runtime: "deno",
        mechanism,
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return result;
}
