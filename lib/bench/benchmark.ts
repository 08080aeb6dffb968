/**
 * The whole benchmark: the kit's transports, the MPI ping-pong, the
 * workshop's task patterns, the Python baseline and the C baseline, in
 * interleaved repetitions, folded into records.
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
import { formatSize } from "./report.ts";
import { type BenchComparison, selectComparisons } from "./comparisons.ts";
import { MPI_BENCH_MECHANISMS, runMpiBench } from "./mpi_bench.ts";
import { summarize } from "./stats.ts";
import { runKitSuite } from "./suite.ts";
import { runKitSuiteIsolated } from "./kit_isolated.ts";
import {
  aggregateTaskRuns,
  runTaskPatterns,
  TASK_PATTERNS,
  type TaskPatternOptions,
  type TaskPatternRun,
} from "./task_patterns.ts";

/** Options of {@linkcode runBenchmark}. */
export interface BenchmarkOptions {
  /**
   * Kit mechanisms, MPI mechanisms (`mpi`, `mpi-alloc`, `spmd-workers`) and
   * task patterns (`farm-sockets`, `pipe-children`, `queue-workers`);
   * default: all of them but `memory`.
   */
  mechanisms?: readonly string[];
  /** Message sizes in bytes (default 64 B, 4 KiB, 1 MiB). */
  sizes?: readonly number[];
  /** Per measurement (default 200 ms). */
  durationMs?: number;
  /** Interleaved repetitions (default 3). */
  repetitions?: number;
  /** Run the Python baseline (default true). */
  python?: boolean | { python?: string };
  /** Run the C baseline (default true). */
  c?: boolean | { cc?: string };
  /** Python with mpi4py for the MPI job (default /usr/bin/python3). */
  mpi?: { python?: string; timeoutMs?: number };
  /** Task-pattern settings (worker counts, kinds, wait). */
  tasks?: Pick<TaskPatternOptions, "workers" | "kinds" | "waitMs">;
  /** Pair factories (default: {@linkcode kitBenchPairs}). */
  registry?: BenchPairRegistry;
  /**
   * Measure each kit mechanism in a Deno process of its own, as a program
   * that uses it would run it (see `kit_isolated.ts`). Default: true, unless
   * a `registry` is given (its pairs exist only in this process).
   */
  isolate?: boolean;
  /** One line saying what is being measured now. */
  onProgress?: (line: string) => void;
}

/** Everything one benchmark measured. */
export interface BenchmarkResult {
  /** Every figure, folded across repetitions (what `--json` writes). */
  records: BenchRecord[];
  /** Every repetition of every mechanism, before folding. */
  runs: BenchRun[];
  /** Task-pattern runs, one per repetition (their records are in `records`). */
  taskRuns: TaskPatternRun[];
  /** Missing baselines and mechanisms, each reported once. */
  missing: BenchMissing[];
  /** The comparison rows that involve the measured mechanisms. */
  comparisons: BenchComparison[];
  /** Repetitions run. */
  repetitions: number;
  /** Median across repetitions of one FFI call into libmpi (ns); null when
   * MPI was not selected or libmpi is absent. */
  ffiCallNs: number | null;
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
  const mechanisms = options.mechanisms ?? [
    ...registry.names().filter((n) => n !== "memory"),
    ...MPI_BENCH_MECHANISMS,
    ...Object.keys(TASK_PATTERNS),
  ];
  const mpiMechanisms = mechanisms.filter((m) =>
    MPI_BENCH_MECHANISMS.includes(m)
  );
  const patterns = mechanisms.filter((m) => Object.hasOwn(TASK_PATTERNS, m));
  const kitMechanisms = mechanisms.filter((m) =>
    !mpiMechanisms.includes(m) && !patterns.includes(m)
  );
  const isolate = options.isolate ?? options.registry === undefined;
  const sizes = options.sizes ?? DEFAULT_BENCH_SIZES;
  const durationMs = options.durationMs ?? 200;
  const repetitions = options.repetitions ?? 3;
  if (!Number.isInteger(repetitions) || repetitions < 1) {
    throw new RangeError(
      `repetitions debe ser un entero positivo, no ${repetitions}`,
    );
  }
  if (!(durationMs > 0)) {
    throw new RangeError(`durationMs debe ser positivo, no ${durationMs}`);
  }
  const selection = selectComparisons(mechanisms);
  const runs: BenchRun[] = [];
  const taskRuns: TaskPatternRun[] = [];
  const ffiCalls: number[] = [];
  const missing = new Map<string, BenchMissing>();
  const noteMissing = (m: BenchMissing) =>
    missing.set(`${m.runtime}:${m.mechanism ?? "*"}`, m);
  const say = options.onProgress ?? (() => {});
  const skip = { python: options.python === false, c: options.c === false };

  for (let rep = 1; rep <= repetitions; rep++) {
    const tag = `[bench ${rep}/${repetitions}]`;
    const kitOptions = {
      mechanisms: kitMechanisms,
      sizes,
      durationMs,
      onStep: ({ mechanism, size }: { mechanism: string; size: number }) =>
        say(`${tag} deno ${mechanism} ${formatSize(size)}`),
    };
    const kit = isolate
      ? await runKitSuiteIsolated(kitOptions)
      : await runKitSuite(registry, kitOptions);
    runs.push(...kit.runs);
    kit.missing.forEach(noteMissing);
    if (mpiMechanisms.length > 0) {
      say(`${tag} mpi ping-pong (deno, mpi4py, workers) …`);
      const mpi = await runMpiBench({
        ...options.mpi,
        mechanisms: mpiMechanisms,
        sizes,
        durationMs,
      });
      runs.push(...mpi.runs);
      mpi.missing.forEach(noteMissing);
      if (mpi.ffiCallNs !== null) ffiCalls.push(mpi.ffiCallNs);
    }
    if (patterns.length > 0) {
      const tasks = await runTaskPatterns({
        ...options.tasks,
        patterns,
        durationMs,
        onStep: ({ pattern, task, workers }) =>
          say(`${tag} tareas ${pattern} ${task} ×${workers}`),
      });
      taskRuns.push(...tasks.runs);
      tasks.missing.forEach(noteMissing);
    }
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
    records: [...aggregateRuns(runs), ...aggregateTaskRuns(taskRuns)],
    runs,
    taskRuns,
    missing: [...missing.values()],
    comparisons: selection.comparisons,
    repetitions,
    ffiCallNs: ffiCalls.length > 0 ? summarize(ffiCalls).median : null,
  };
}
