/**
 * The MPI ping-pong comparison: Deno ranks (FFI) vs mpi4py ranks vs the
 * Worker backend, 8 B to 1 MiB, plus the cost of one FFI call.
 *
 * @module
 */

import { KEEP_FREED_MEMORY_WARM_ENV } from "../spmd/mpi/runtime.ts";
import { fromFileUrl } from "@std/path";
import { median } from "./stats.ts";
import type { PingPongRow } from "./pingpong.ts";
import { spmd } from "../spmd/workers.ts";
import { openMpiLibrary } from "../spmd/mpi/ffi.ts";
import {
  denoRankCommand,
  mpiexecAvailable,
  runMpiJob,
} from "../spmd/mpi/launch.ts";

/** Which side of the comparison a row measures: Deno ranks receiving into
 * one buffer per size (like mpi4py's `Recv`) or into a new buffer per
 * message, mpi4py ranks, or the Worker backend. */
export type PingPongBackend =
  | "deno-mpi"
  | "deno-mpi-alloc"
  | "mpi4py"
  | "workers";

/** One measured size of one backend. */
export interface MpiBenchRow extends PingPongRow {
  backend: PingPongBackend;
}

/** Everything the comparison measured, and what it could not. */
export interface MpiBenchResult {
  rows: MpiBenchRow[];
  /** Median time of one trivial FFI call into libmpi (MPI_Initialized), ns. */
  ffiCallNs: number | null;
  /** Backends skipped, with the reason (e.g. Open MPI or mpi4py absent). */
  skipped: string[];
}

/** Options of {@linkcode benchMpiPingPong}. */
export interface MpiBenchOptions {
  /** Multiplies iteration counts (default 1; 0.1 for a quick look). */
  scale?: number;
  /** Bound of each job, ms (default 120000). */
  timeoutMs?: number;
  /** Python with mpi4py (default /usr/bin/python3). */
  python?: string;
  /** Which backends to run (default all of {@linkcode PING_PONG_BACKENDS});
   * a backend left out costs nothing (no mpiexec job for it). */
  backends?: readonly PingPongBackend[];
}

/** Every backend of the comparison, in the order the rows come. */
export const PING_PONG_BACKENDS: readonly PingPongBackend[] = [
  "deno-mpi",
  "deno-mpi-alloc",
  "mpi4py",
  "workers",
];

/** The requested backends, checked: known names, at least one. */
function requestedBackends(
  backends: readonly PingPongBackend[] | undefined,
): Set<PingPongBackend> {
  if (backends === undefined) return new Set(PING_PONG_BACKENDS);
  const unknown = backends.filter((b) => !PING_PONG_BACKENDS.includes(b));
  if (unknown.length > 0) {
    throw new RangeError(
      `Backend de ping-pong desconocido: ${unknown.join(", ")} (hay ${
        PING_PONG_BACKENDS.join(", ")
      })`,
    );
  }
  if (backends.length === 0) {
    throw new RangeError("backends debe nombrar al menos un backend");
  }
  return new Set(backends);
}

const DENO_RECEIVES = [
  ["deno-mpi", "buffer"],
  ["deno-mpi-alloc", "allocate"],
] as const;

const programs = new URL("../programs/", import.meta.url);

function parseRows(output: string, backend: PingPongBackend): MpiBenchRow[] {
  const line = output.split("\n").find((l) => l.includes('"pingpong"'));
  if (!line) {
    throw new SyntaxError(
      `La salida de ${backend} no trae el resultado del ping-pong`,
    );
  }
  const rows = JSON.parse(line).pingpong as PingPongRow[];
  return rows.map((row) => ({ backend, ...row }));
}

/**
 * Median ns of one FFI call into libmpi (a call that does no MPI work), so
 * the FFI share of the Deno ranks' latency is visible. Null without libmpi.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { measureFfiCallNs } from "./mpi_compare.ts";
 *
 * const ns = measureFfiCallNs(2000);
 * assert(ns === null || ns > 0);
 * ```
 */
export function measureFfiCallNs(calls = 200_000): number | null {
  let library;
  try {
    library = openMpiLibrary();
  } catch {
    return null;
  }
  try {
    const flag = new Int32Array(1);
    const rounds: number[] = [];
    for (let round = 0; round < 5; round++) {
      const started = performance.now();
      for (let i = 0; i < calls; i++) library.symbols.MPI_Initialized(flag);
      rounds.push((performance.now() - started) * 1e6 / calls);
    }
    return median(rounds);
  } finally {
    library.close();
  }
}

/**
 * Runs the ping-pong on the requested backends (default all) and returns
 * every row. Jobs are bounded; a backend that cannot run here is listed in
 * `skipped` instead of failing the whole comparison. The FFI call cost is
 * measured when a Deno MPI backend is requested (null otherwise).
 *
 * The example runs only the Worker backend, at the smallest scale, so it
 * starts no mpiexec job; tests/bench/mpi_compare_test.ts runs the MPI ones.
 *
 * @example The Worker backend alone, at a quick scale
 * ```ts
 * import { assert, assertEquals } from "@std/assert";
 * import { benchMpiPingPong } from "./mpi_compare.ts";
 * import { PING_PONG_SIZES } from "./pingpong.ts";
 *
 * const result = await benchMpiPingPong({ scale: 0.02, backends: ["workers"] });
 * assertEquals(result.rows.map((r) => [r.backend, r.sizeBytes]),
 *   PING_PONG_SIZES.map((size) => ["workers", size]));
 * assert(result.rows.every((r) => r.latencyUs > 0 && r.iterations >= 5));
 * assertEquals([result.ffiCallNs, result.skipped], [null, []]);
 * ```
 */
export async function benchMpiPingPong(
  options: MpiBenchOptions = {},
): Promise<MpiBenchResult> {
  const scale = String(options.scale ?? 1);
  const timeoutMs = options.timeoutMs ?? 120_000;
  const python = options.python ?? "/usr/bin/python3";
  const wanted = requestedBackends(options.backends);
  const rows: MpiBenchRow[] = [];
  const skipped: string[] = [];
  const denoProgram = fromFileUrl(new URL("mpi_pingpong.ts", programs));
  const denoMpi = DENO_RECEIVES.filter(([backend]) => wanted.has(backend));
  const needsMpiexec = denoMpi.length > 0 || wanted.has("mpi4py");
  if (needsMpiexec && await mpiexecAvailable()) {
    for (const [backend, receive] of denoMpi) {
      const deno = await runMpiJob(
        [{ ranks: 2, command: denoRankCommand(denoProgram, [scale, receive]) }],
        // The bench asks for warm freed memory (glibc mallopt) in its ranks;
        // the runtime leaves malloc alone unless told.
        { timeoutMs, env: { [KEEP_FREED_MEMORY_WARM_ENV]: "1" } },
      );
      if (deno.success) rows.push(...parseRows(deno.stdout, backend));
      else {
        skipped.push(
          `${backend}: el trabajo falló (${deno.stderr.trim().slice(0, 200)})`,
        );
      }
    }
    if (wanted.has("mpi4py")) {
      const py = await runMpiJob(
        [{
          ranks: 2,
          command: [
            python,
            fromFileUrl(new URL("python/pingpong.py", programs)),
            scale,
          ],
        }],
        { timeoutMs },
      );
      if (py.success) rows.push(...parseRows(py.stdout, "mpi4py"));
      else {
        skipped.push(
          `mpi4py: el trabajo falló (${py.stderr.trim().slice(0, 200)})`,
        );
      }
    }
  } else if (needsMpiexec) {
    const missing: string[] = denoMpi.map(([backend]) => backend);
    if (wanted.has("mpi4py")) missing.push("mpi4py");
    skipped.push(
      `${missing.join(", ")}: Open MPI (mpiexec) no está instalado`,
    );
  }
  if (wanted.has("workers")) {
    const workers = await spmd(2, denoProgram, { args: [scale], timeoutMs });
    rows.push(
      ...parseRows(workers.lines.map((l) => l.text).join("\n"), "workers"),
    );
  }
  const ffiCallNs = denoMpi.length > 0 ? measureFfiCallNs() : null;
  return { rows, ffiCallNs, skipped };
}
