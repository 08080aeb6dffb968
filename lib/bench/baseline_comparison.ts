/**
 * The kit beside the class's Python and the C floor, in one call: the
 * comparison notebook 08 shows. Each repetition measures the kit's
 * transports, then every baseline that can run on this machine. A baseline
 * that cannot run (no `python3`, no `cc`, a crash) is reported with its
 * reason and the others go on: a figure is never guessed.
 *
 * The CLI (`deno task bench`) drives the same pieces with more knobs through
 * `runBenchmark` in benchmark.ts.
 *
 * @module
 */

import { runCBaseline } from "./baselines/c_runner.ts";
import { runPythonBaseline } from "./baselines/python_runner.ts";
import { runBenchmark } from "./benchmark.ts";
import { kitBenchPairs } from "./kit_pairs.ts";
import {
  aggregateRuns,
  type BenchMissing,
  type BenchRecord,
  type BenchRun,
  type BenchRuntime,
} from "./records.ts";
import { type ComparisonRow, comparisonRows } from "./report.ts";
import { selectComparisons } from "./comparisons.ts";
import { aggregateTaskRuns, type TaskPatternRun } from "./task_patterns.ts";

/** What {@linkcode compareWithBaselines} measured. */
export interface BaselineComparison {
  /** Every figure (Deno, Python and C), folded across repetitions. */
  records: BenchRecord[];
  /**
   * Round-trip latency: per compared mechanism, strategy and size, each
   * runtime's median (µs) and the ratios Deno/Python and Deno/C, each against
   * the baseline with the row's strategy. `explainStrategyGap(records)` says
   * how much of a gap is strategy and how much runtime.
   */
  latency: ComparisonRow[];
  /** One-way throughput in megabytes of payload per second, same rows. */
  throughput: ComparisonRow[];
  /** Per runtime: how many measurements it produced, and whether it could run. */
  runtimes: Record<"deno" | "python" | "c", {
    /** Measurements taken (one per mechanism, size and repetition). */
    measurements: number;
    /** Why the runtime could not run at all; absent when it ran. */
    unavailable?: string;
  }>;
  /** Mechanisms, or whole runtimes, that could not be measured, and why. */
  missing: BenchMissing[];
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Measures the kit's transports and, for each, its counterparts in the
 * class's Python and in C, in interleaved repetitions (Deno, Python, C, then
 * again), and returns the records with the latency and throughput rows
 * ready for a table or a chart.
 *
 * @example The in-memory pair has no counterpart: only Deno is measured
 * ```ts
 * import { compareWithBaselines } from "./baseline_comparison.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const result = await compareWithBaselines({
 *   mechanisms: ["memory"], sizes: [64], durationMs: 10, repetitions: 1,
 * });
 * assertEquals(result.latency.map((r) => [r.mechanism, r.python, r.c]), [
 *   ["memory", null, null],
 * ]);
 * assertEquals(result.runtimes.deno.measurements, 1);
 * assertEquals(result.runtimes.python, { measurements: 0 });
 * ```
 */
export async function compareWithBaselines(options: {
  /**
   * The kit's mechanisms (`tcp`, `tcp-async`, `tcp-block`, `unix`,
   * `unix-async`, `unix-block`, `pipe`, `pipe-async`, `pipe-block`, `fifo`,
   * `fifo-async`, `fifo-block`, `channel`, `ring`, and the
   * one-write-per-message rows `tcp-async-each`, `unix-async-each`,
   * `tcp-block-each`, `unix-block-each`, `pipe-each`, `fifo-each`,
   * `pipe-block-each`, `fifo-block-each`); default: all of them. Each row's
   * baselines use the row's strategy.
   */
  mechanisms?: readonly string[];
  /** Message sizes in bytes (default 64 B, 4 KiB, 1 MiB). */
  sizes?: readonly number[];
  /** Duration of each measurement in milliseconds (default 200). */
  durationMs?: number;
  /** Interleaved repetitions (default 3). */
  repetitions?: number;
} = {}): Promise<BaselineComparison> {
  const mechanisms = options.mechanisms ??
    kitBenchPairs().names().filter((n) => n !== "memory");
  const repetitions = options.repetitions ?? 3;
  if (!Number.isInteger(repetitions) || repetitions < 1) {
    throw new RangeError(
      `repetitions debe ser un entero positivo, no ${repetitions}`,
    );
  }
  const { sizes, durationMs } = options;
  const selection = selectComparisons(mechanisms);
  const runs: BenchRun[] = [];
  const taskRuns: TaskPatternRun[] = [];
  const missing = new Map<string, BenchMissing>();
  const note = (m: BenchMissing) =>
    missing.set(`${m.runtime}:${m.mechanism ?? "*"}`, m);
  const unavailable: Partial<Record<BenchRuntime, string>> = {};
  const baselines = [
    {
      runtime: "python" as const,
      wanted: selection.python,
      run: () =>
        runPythonBaseline({ mechanisms: selection.python, sizes, durationMs }),
    },
    {
      runtime: "c" as const,
      wanted: selection.c,
      run: () => runCBaseline({ mechanisms: selection.c, sizes, durationMs }),
    },
  ];
  for (let rep = 0; rep < repetitions; rep++) {
    const kit = await runBenchmark({
      mechanisms,
      sizes,
      durationMs,
      repetitions: 1,
      python: false,
      c: false,
    });
    runs.push(...kit.runs);
    taskRuns.push(...kit.taskRuns);
    kit.missing.forEach(note);
    for (const { runtime, wanted, run } of baselines) {
      if (wanted.length === 0 || unavailable[runtime] !== undefined) continue;
      try {
        const result = await run();
        runs.push(...result.runs);
        result.missing.forEach(note);
      } catch (error) {
        // Whatever stops a baseline (no interpreter, no compiler, a crash)
        // is its reason to be missing; the kit's figures still stand.
        unavailable[runtime] = reasonOf(error);
        note({ runtime, reason: reasonOf(error) });
      }
    }
  }
  const records = [...aggregateRuns(runs), ...aggregateTaskRuns(taskRuns)];
  const runtime = (name: BenchRuntime) => ({
    measurements: runs.filter((r) => r.runtime === name).length,
    ...(unavailable[name] === undefined
      ? {}
      : { unavailable: unavailable[name] }),
  });
  return {
    records,
    latency: comparisonRows(records, "latency", selection.comparisons),
    throughput: comparisonRows(
      records,
      "throughput",
      selection.comparisons,
      "mbPerSecond",
    ),
    runtimes: {
      deno: runtime("deno"),
      python: runtime("python"),
      c: runtime("c"),
    },
    missing: [...missing.values()],
  };
}
