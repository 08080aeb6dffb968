/**
 * The MPI backend's collectives: structured values as UTF-8 JSON bytes over
 * MPI_Bcast/MPI_Scatterv/MPI_Gatherv, numbers as MPI_DOUBLE reductions.
 * Each blocking call runs on the runtime's helper thread, one at a time.
 *
 * @module
 */

import type { ReduceOp } from "../communicator.ts";
import {
  checkReduceOp,
  decodeValue,
  encodeValue,
  reduceOperand,
} from "../codec.ts";
import { type MpiRuntime, offHeap } from "./runtime.ts";

const OPS = { sum: "SUM", min: "MIN", max: "MAX", prod: "PROD" } as const;

function int32(values: number[]): Int32Array<ArrayBuffer> {
  const array = new Int32Array(new ArrayBuffer(values.length * 4));
  array.set(values);
  return array;
}

/**
 * Broadcasts `value` from `root` (JSON bytes: first their length as an
 * MPI_INT, then the bytes). Every rank returns root's value.
 *
 * @example Rank 0's settings reach every rank
 * ```ts ignore
 * // Needs Open MPI: MPI_Init runs once per process that mpiexec starts, so
 * // this cannot run as a doc test. Save it as prog.ts and run
 * // `mpiexec -n 3 deno run -A prog.ts` (tests/spmd/mpi_test.ts does so).
 * import { assertEquals } from "@std/assert";
 * import { mpiBcast } from "./collectives.ts";
 * import { MpiRuntime } from "./runtime.ts";
 *
 * const runtime = MpiRuntime.init(10_000);
 * const mine = runtime.rank === 0 ? { steps: 1000, label: "π" } : undefined;
 * assertEquals(await mpiBcast(runtime, mine, 0), { steps: 1000, label: "π" });
 * await runtime.finalize();
 * ```
 */
export async function mpiBcast<T>(
  runtime: MpiRuntime,
  value: T | undefined,
  root: number,
): Promise<T> {
  const { symbols, handles } = runtime.lib;
  const world = handles.COMM_WORLD;
  const bytes = runtime.rank === root ? encodeValue(value ?? null) : null;
  const length = int32([bytes?.length ?? 0]);
  await runtime.onThread(
    "MPI_Bcast",
    () => symbols.MPI_Bcast(length, 1, handles.INT, root, world),
  );
  const buffer = offHeap(length[0]);
  if (bytes) buffer.set(bytes);
  if (length[0] > 0) {
    await runtime.onThread(
      "MPI_Bcast",
      () => symbols.MPI_Bcast(buffer, length[0], handles.BYTE, root, world),
    );
  }
  return decodeValue<T>(buffer);
}

/**
 * Root's `values[i]` goes to rank i: the sizes with MPI_Scatter, then the
 * JSON bytes with MPI_Scatterv. Only root's `values` is read.
 *
 * @example Each rank gets its own slice
 * ```ts ignore
 * // Needs Open MPI: run under `mpiexec -n 3 deno run -A prog.ts` (see
 * // mpiBcast; tests/spmd/mpi_test.ts does so).
 * import { assertEquals } from "@std/assert";
 * import { mpiScatter } from "./collectives.ts";
 * import { MpiRuntime } from "./runtime.ts";
 *
 * const runtime = MpiRuntime.init(10_000);
 * const slices = runtime.rank === 0 ? [[1, 2], [3], [4, 5, 6]] : undefined;
 * const mine = await mpiScatter<number[]>(runtime, slices, 0);
 * assertEquals(mine, [[1, 2], [3], [4, 5, 6]][runtime.rank]);
 * await runtime.finalize();
 * ```
 */
export async function mpiScatter<T>(
  runtime: MpiRuntime,
  values: readonly T[] | undefined,
  root: number,
): Promise<T> {
  const { symbols, handles } = runtime.lib;
  const world = handles.COMM_WORLD;
  let counts = int32([]);
  let displacements = int32([]);
  let payload = offHeap(0);
  if (runtime.rank === root) {
    if (!Array.isArray(values) || values.length !== runtime.size) {
      throw new RangeError(
        `La raíz de scatter necesita exactamente ${runtime.size} valores`,
      );
    }
    const parts = values.map((v) => encodeValue(v ?? null));
    counts = int32(parts.map((p) => p.length));
    let offset = 0;
    displacements = int32(parts.map((p) => (offset += p.length) - p.length));
    payload = offHeap(offset);
    parts.forEach((p, i) => payload.set(p, displacements[i]));
  }
  const mine = int32([0]);
  await runtime.onThread("MPI_Scatter", () =>
    symbols.MPI_Scatter(
      counts,
      1,
      handles.INT,
      mine,
      1,
      handles.INT,
      root,
      world,
    ));
  const buffer = offHeap(mine[0]);
  await runtime.onThread("MPI_Scatterv", () =>
    symbols.MPI_Scatterv(
      payload,
      counts,
      displacements,
      handles.BYTE,
      buffer,
      mine[0],
      handles.BYTE,
      root,
      world,
    ));
  return decodeValue<T>(buffer);
}

/**
 * Every rank's `value` reaches root in rank order (sizes with MPI_Gather,
 * JSON bytes with MPI_Gatherv); other ranks get null.
 *
 * @example Rank 0 collects every rank's square
 * ```ts ignore
 * // Needs Open MPI: run under `mpiexec -n 3 deno run -A prog.ts` (see
 * // mpiBcast; tests/spmd/mpi_test.ts does so).
 * import { assertEquals } from "@std/assert";
 * import { mpiGather } from "./collectives.ts";
 * import { MpiRuntime } from "./runtime.ts";
 *
 * const runtime = MpiRuntime.init(10_000);
 * const all = await mpiGather(runtime, runtime.rank ** 2, 0);
 * assertEquals(all, runtime.rank === 0 ? [0, 1, 4] : null);
 * await runtime.finalize();
 * ```
 */
export async function mpiGather<T>(
  runtime: MpiRuntime,
  value: T,
  root: number,
): Promise<T[] | null> {
  const { symbols, handles } = runtime.lib;
  const world = handles.COMM_WORLD;
  const bytes = encodeValue(value ?? null);
  const mine = offHeap(bytes.length);
  mine.set(bytes);
  const isRoot = runtime.rank === root;
  const counts = int32(new Array(isRoot ? runtime.size : 0).fill(0));
  await runtime.onThread("MPI_Gather", () =>
    symbols.MPI_Gather(
      int32([mine.length]),
      1,
      handles.INT,
      counts,
      1,
      handles.INT,
      root,
      world,
    ));
  let offset = 0;
  const displacements = int32([...counts].map((c) => (offset += c) - c));
  const all = offHeap(offset);
  await runtime.onThread("MPI_Gatherv", () =>
    symbols.MPI_Gatherv(
      mine,
      mine.length,
      handles.BYTE,
      all,
      counts,
      displacements,
      handles.BYTE,
      root,
      world,
    ));
  if (!isRoot) return null;
  return [...counts].map((count, i) =>
    decodeValue<T>(all.subarray(displacements[i], displacements[i] + count))
  );
}

/**
 * MPI_Reduce (to `root`) or MPI_Allreduce (`"all"`) of numbers as
 * MPI_DOUBLE, element-wise for arrays — the layout mpi4py's `Reduce` on a
 * float64 buffer uses, so Python ranks can join. Non-root ranks of a reduce
 * get null.
 *
 * @example The sum of every rank's vector, everywhere
 * ```ts ignore
 * // Needs Open MPI: run under `mpiexec -n 3 deno run -A prog.ts` (see
 * // mpiBcast; tests/spmd/mpi_test.ts does so).
 * import { assertEquals } from "@std/assert";
 * import { mpiReduceNumbers } from "./collectives.ts";
 * import { MpiRuntime } from "./runtime.ts";
 *
 * const runtime = MpiRuntime.init(10_000);
 * const total = await mpiReduceNumbers(runtime, [runtime.rank, 1], "sum", "all");
 * assertEquals(total, [0 + 1 + 2, 3]);
 * await runtime.finalize();
 * ```
 */
export async function mpiReduceNumbers(
  runtime: MpiRuntime,
  value: number | readonly number[],
  op: ReduceOp,
  root: number | "all",
): Promise<number | number[] | null> {
  checkReduceOp(op);
  const operand = reduceOperand(value);
  const { symbols, handles } = runtime.lib;
  const world = handles.COMM_WORLD;
  const send = new Float64Array(new ArrayBuffer(operand.length * 8));
  send.set(operand);
  const result = new Float64Array(new ArrayBuffer(operand.length * 8));
  const opHandle = handles[OPS[op]];
  if (root === "all") {
    await runtime.onThread("MPI_Allreduce", () =>
      symbols.MPI_Allreduce(
        send,
        result,
        operand.length,
        handles.DOUBLE,
        opHandle,
        world,
      ));
  } else {
    await runtime.onThread("MPI_Reduce", () =>
      symbols.MPI_Reduce(
        send,
        result,
        operand.length,
        handles.DOUBLE,
        opHandle,
        root,
        world,
      ));
    if (runtime.rank !== root) return null;
  }
  return typeof value === "number" ? result[0] : [...result];
}
