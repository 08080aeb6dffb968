/**
 * MPI in `deno task bench`: the SPMD ping-pong (Deno ranks through FFI,
 * mpi4py ranks, the Worker backend) folded into bench runs, so its figures
 * sit in the same tables and JSON as every other mechanism.
 *
 * What an MPI figure is, exactly: the ping-pong times round trips (rank 0
 * sends, rank 1 sends the same bytes back). Latency records are the median
 * round trip in µs (twice the one-way figure the SPMD code reports).
 * Throughput records are derived from that same ping-pong — messages/s is
 * 1 / one-way time and MB/s is size / one-way time (the classic ping-pong
 * bandwidth) — not a one-way stream; records say so with
 * `method: "ping-pong"`.
 *
 * @module
 */

import {
  benchMpiPingPong,
  type MpiBenchOptions,
  type MpiBenchResult,
  type MpiBenchRow,
  type PingPongBackend,
} from "./mpi_compare.ts";
import type { BenchMissing, BenchRun, BenchRuntime } from "./records.ts";
import { formatSize } from "./report.ts";
import { summarize } from "./stats.ts";

/** The bench mechanisms the MPI ping-pong measures. */
export const MPI_BENCH_MECHANISMS: readonly string[] = [
  "mpi",
  "mpi-alloc",
  "spmd-workers",
];

/** Which record each ping-pong backend becomes. */
const BACKEND_RECORDS: Record<
  PingPongBackend,
  { mechanism: string; runtime: BenchRuntime }
> = {
  "deno-mpi": { mechanism: "mpi", runtime: "deno" },
  "deno-mpi-alloc": { mechanism: "mpi-alloc", runtime: "deno" },
  "mpi4py": { mechanism: "mpi", runtime: "python" },
  "workers": { mechanism: "spmd-workers", runtime: "deno" },
};

/** The ping-pong backends whose rows the wanted mechanisms need. */
function backendsFor(mechanisms: readonly string[]): PingPongBackend[] {
  return (Object.keys(BACKEND_RECORDS) as PingPongBackend[]).filter(
    (backend) => {
      const { mechanism, runtime } = BACKEND_RECORDS[backend];
      // mpi4py ranks are the counterpart of every MPI row.
      return runtime === "python"
        ? mechanisms.some((m) => MPI_BENCH_MECHANISMS.includes(m))
        : mechanisms.includes(mechanism);
    },
  );
}

/** Options of {@linkcode runMpiBench}. */
export interface MpiBenchRepetitionOptions {
  /** Bench mechanisms wanted (of {@linkcode MPI_BENCH_MECHANISMS}). */
  mechanisms: readonly string[];
  sizes: readonly number[];
  /** The bench's per-measurement duration; sets the iteration scale. */
  durationMs: number;
  /** Python with mpi4py (default /usr/bin/python3). */
  python?: string;
  /** Bound of each MPI job (default 60 s). */
  timeoutMs?: number;
  /** The ping-pong to run (default {@linkcode benchMpiPingPong}); tests
   * plug in a recorded result. */
  pingPong?: (options: MpiBenchOptions) => Promise<MpiBenchResult>;
}

/** One repetition of the MPI comparison. */
export interface MpiBenchRepetition {
  runs: BenchRun[];
  missing: BenchMissing[];
  /** Median ns of one trivial FFI call into libmpi; null without libmpi. */
  ffiCallNs: number | null;
}

/**
 * The ping-pong's iteration scale for a bench duration: 200 ms (the bench's
 * default) gives 0.5 — 1000 round trips at 8 B, 25 at 1 MiB, after as many
 * warm-up ones again.
 *
 * @example
 * ```ts
 * import { mpiScaleForDuration } from "./mpi_bench.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals([mpiScaleForDuration(200), mpiScaleForDuration(1)], [0.5, 0.02]);
 * ```
 */
export function mpiScaleForDuration(durationMs: number): number {
  return Math.min(4, Math.max(0.02, durationMs / 400));
}

/**
 * One ping-pong row as a bench run (see the module doc for what each
 * figure means).
 *
 * @example 10 µs one way at 64 B
 * ```ts
 * import { pingPongRun } from "./mpi_bench.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const run = pingPongRun(
 *   { backend: "deno-mpi", sizeBytes: 64, iterations: 100, latencyUs: 10, bandwidthMBps: 6.4 },
 * );
 * assertEquals([run.mechanism, run.runtime, run.latency.median], ["mpi", "deno", 20]);
 * assertEquals([run.messagesPerSecond, run.megabytesPerSecond], [100_000, 6.4]);
 * ```
 */
export function pingPongRun(row: MpiBenchRow): BenchRun {
  if (!(row.latencyUs > 0)) {
    throw new RangeError(
      `Latencia de ping-pong no válida: ${row.latencyUs} µs`,
    );
  }
  const { mechanism, runtime } = BACKEND_RECORDS[row.backend];
  return {
    mechanism,
    runtime,
    size: row.sizeBytes,
    latency: summarize([2 * row.latencyUs]),
    messagesPerSecond: 1e6 / row.latencyUs,
    megabytesPerSecond: row.sizeBytes / row.latencyUs,
    pingPong: true,
  };
}

/**
 * Folds a ping-pong result into bench runs for the wanted mechanisms and
 * sizes. A backend without rows (no mpiexec, a failed job) and a size the
 * ping-pong does not measure become `missing` entries with the reason.
 *
 * @example Without Open MPI only the Worker backend has figures
 * ```ts
 * import { mpiResultToRuns } from "./mpi_bench.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const { runs, missing } = mpiResultToRuns({
 *   rows: [{ backend: "workers", sizeBytes: 64, iterations: 9, latencyUs: 30, bandwidthMBps: 2 }],
 *   ffiCallNs: null,
 *   skipped: ["deno-mpi, mpi4py: Open MPI (mpiexec) no está instalado"],
 * }, ["mpi", "spmd-workers"], [64]);
 * assertEquals(runs.map((r) => r.mechanism), ["spmd-workers"]);
 * assertEquals(missing.map((m) => `${m.runtime} ${m.mechanism}`), ["deno mpi", "python mpi"]);
 * ```
 */
export function mpiResultToRuns(
  result: MpiBenchResult,
  mechanisms: readonly string[],
  sizes: readonly number[],
): { runs: BenchRun[]; missing: BenchMissing[] } {
  const runs: BenchRun[] = [];
  const missing: BenchMissing[] = [];
  for (const backend of backendsFor(mechanisms)) {
    const { mechanism, runtime } = BACKEND_RECORDS[backend];
    const rows = result.rows.filter((r) => r.backend === backend);
    if (rows.length === 0) {
      const why = result.skipped.find((s) =>
        s.split(":")[0].split(",").map((b) => b.trim()).includes(backend)
      );
      missing.push({
        runtime,
        mechanism,
        reason: why?.slice(why.indexOf(":") + 1).trim() ??
          `el ping-pong no entregó cifras para ${backend}`,
      });
      continue;
    }
    const absent: number[] = [];
    for (const size of sizes) {
      const row = rows.find((r) => r.sizeBytes === size);
      if (row) runs.push(pingPongRun(row));
      else absent.push(size);
    }
    if (absent.length > 0) {
      missing.push({
        runtime,
        mechanism,
        reason: `el ping-pong no mide ${
          absent.map(formatSize).join(", ")
        } (mide ${rows.map((r) => formatSize(r.sizeBytes)).join(", ")})`,
      });
    }
  }
  return { runs, missing };
}

/**
 * Runs one repetition of the MPI comparison — only the backends the wanted
 * mechanisms need (each MPI row brings its mpi4py counterpart) — and folds
 * it into bench runs. Nothing here is estimated: what did not run is in
 * `missing`.
 *
 * The example plugs in a recorded ping-pong (the `pingPong` option), so it
 * shows the folding without starting mpiexec; tests/bench/mpi_bench_test.ts
 * runs the real one.
 *
 * @example A recorded ping-pong folded into bench runs
 * ```ts
 * import { runMpiBench } from "./mpi_bench.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const asked: unknown[] = [];
 * const rep = await runMpiBench({
 *   mechanisms: ["spmd-workers"],
 *   sizes: [8],
 *   durationMs: 200,
 *   pingPong: (options) => {
 *     asked.push([options.scale, options.backends]);
 *     return Promise.resolve({
 *       rows: [{ backend: "workers", sizeBytes: 8, iterations: 9, latencyUs: 25, bandwidthMBps: 0.3 }],
 *       ffiCallNs: null,
 *       skipped: ["mpi4py: Open MPI (mpiexec) no está instalado"],
 *     });
 *   },
 * });
 * assertEquals(asked, [[0.5, ["mpi4py", "workers"]]]);
 * assertEquals(rep.runs.map((r) => [r.mechanism, r.size, r.latency.median]), [["spmd-workers", 8, 50]]);
 * assertEquals(rep.missing.map((m) => `${m.runtime} ${m.mechanism}: ${m.reason}`),
 *   ["python mpi: Open MPI (mpiexec) no está instalado"]);
 * ```
 */
export async function runMpiBench(
  options: MpiBenchRepetitionOptions,
): Promise<MpiBenchRepetition> {
  const backends = backendsFor(options.mechanisms);
  if (backends.length === 0) {
    throw new RangeError(
      `mechanisms debe incluir alguno de ${
        MPI_BENCH_MECHANISMS.join(", ")
      }, no ${options.mechanisms.join(", ") || "ninguno"}`,
    );
  }
  const pingPong = options.pingPong ?? benchMpiPingPong;
  const result = await pingPong({
    scale: mpiScaleForDuration(options.durationMs),
    timeoutMs: options.timeoutMs ?? 60_000,
    backends,
    ...(options.python ? { python: options.python } : {}),
  });
  return {
    ...mpiResultToRuns(result, options.mechanisms, options.sizes),
    ffiCallNs: result.ffiCallNs,
  };
}
