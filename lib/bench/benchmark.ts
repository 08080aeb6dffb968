/**
 * The whole benchmark: the kit's transports, the Python baseline and the C
 * baseline, in interleaved repetitions, folded into records.
 *
 * @module
 */

import { runCBaseline } from "./baselines/c_runner.ts";
import { runPythonBaseline } from "./baselines/python_runner.ts";
import {
  type BaselineResult,
  BaselineUnavailableError,
  DEFAULT_BENCH_SIZES,
} from "./baselines/runner.ts";
import { kitBenchPairs } from "./kit_pairs.ts";
import type { BenchPairRegistry } from "./pairs.ts";
import {
  aggregateRuns,
  type BenchMissing,
  type BenchRecord,
  type BenchRun,
} from "./records.ts";
import {
  type BenchComparison,
  formatSize,
  selectComparisons,
} from "./report.ts";
import { runKitSuite } from "./suite.ts";

/** Options of {@linkcode runBenchmark}. */
export interface BenchmarkOptions {
  /** Kit mechanisms (default: every registered one but `memory`). */
  mechanisms?: readonly string[];
  sizes?: readonly number[];
  /** Per measurement (default 200 ms). */
  durationMs?: number;
  /** Interleaved repetitions (default 3). */
  repetitions?: number;
  /** Run the Python baseline (default true). */
  python?: boolean | { python?: string };
  /** Run the C baseline (default true). */
  c?: boolean | { cc?: string };
  /** Pair factories (default: {@linkcode kitBenchPairs}). */
  registry?: BenchPairRegistry;
  /** One line saying what is being measured now. */
  onProgress?: (line: string) => void;
}

/** Everything one benchmark measured. */
export interface BenchmarkResult {
  records: BenchRecord[];
  runs: BenchRun[];
  /** Missing baselines and mechanisms, each reported once. */
  missing: BenchMissing[];
  comparisons: BenchComparison[];
  repetitions: number;
}

/**
 * Runs the benchmark. Baselines that cannot run are reported in `missing`;
 * figures are only ever measured.
 *
 * @example The in-memory pair without baselines
 * ```ts
 * import { runBenchmark } from "./benchmark.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const result = await runBenchmark({
 *   mechanisms: ["memory"], sizes: [64], durationMs: 10, repetitions: 2,
 *   python: false, c: false,
 * });
 * assertEquals(result.records.map((r) => [r.metric, r.repetitions]), [
 *   ["latency", 2], ["throughput", 2],
 * ]);
 * ```
 */
export async function runBenchmark(
  options: BenchmarkOptions = {},
): Promise<BenchmarkResult> {
  const registry = options.registry ?? kitBenchPairs();
  const mechanisms = options.mechanisms ??
    registry.names().filter((n) => n !== "memory");
  const sizes = options.sizes ?? DEFAULT_BENCH_SIZES;
  const durationMs = options.durationMs ?? 200;
  const repetitions = options.repetitions ?? 3;
  if (!Number.isInteger(repetitions) || repetitions < 1) {
    throw new RangeError(
      `Repetitions must be a positive integer, not ${repetitions}`,
    );
  }
  if (!(durationMs > 0)) {
    throw new RangeError(`Duration must be positive, not ${durationMs}`);
  }
  const selection = selectComparisons(mechanisms);
  const runs: BenchRun[] = [];
  const missing = new Map<string, BenchMissing>();
  const noteMissing = (m: BenchMissing) =>
    missing.set(`${m.runtime}:${m.mechanism ?? "*"}`, m);
  const say = options.onProgress ?? (() => {});
  const skip = { python: options.python === false, c: options.c === false };

  for (let rep = 1; rep <= repetitions; rep++) {
    const tag = `[bench ${rep}/${repetitions}]`;
    const kit = await runKitSuite(registry, {
      mechanisms,
      sizes,
      durationMs,
      onStep: ({ mechanism, size }) =>
        say(`${tag} deno ${mechanism} ${formatSize(size)}`),
    });
    runs.push(...kit.runs);
    kit.missing.forEach(noteMissing);
    const baselines: [("python" | "c"), () => Promise<BaselineResult>][] = [
      ["python", () =>
        runPythonBaseline({
          ...(typeof options.python === "object" ? options.python : {}),
          mechanisms: selection.python,
          sizes,
          durationMs,
          onRun: (r) =>
            say(`${tag} python ${r.mechanism} ${formatSize(r.size)} ✓`),
        })],
      ["c", () =>
        runCBaseline({
          ...(typeof options.c === "object" ? options.c : {}),
          mechanisms: selection.c,
          sizes,
          durationMs,
          onRun: (r) => say(`${tag} c ${r.mechanism} ${formatSize(r.size)} ✓`),
        })],
    ];
    for (const [runtime, run] of baselines) {
      const wanted = runtime === "python" ? selection.python : selection.c;
      if (skip[runtime] || wanted.length === 0) continue;
      say(`${tag} ${runtime} …`);
      try {
        const result = await run();
        runs.push(...result.runs);
        result.missing.forEach(noteMissing);
      } catch (error) {
        if (!(error instanceof BaselineUnavailableError)) throw error;
        noteMissing({ runtime, reason: error.message });
        skip[runtime] = true;
      }
    }
  }
  return {
    records: aggregateRuns(runs),
    runs,
    missing: [...missing.values()],
    comparisons: selection.comparisons,
    repetitions,
  };
}
