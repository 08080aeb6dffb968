/**
 * Which mechanism of each runtime answers the same question *with the same
 * strategy* (see `strategies.ts`): the rows of the benchmark's table, in
 * order, and the baselines a selection of kit mechanisms needs. A row never
 * divides the kit by a baseline that sends or waits differently.
 *
 * @module
 */

import type { BenchStrategy } from "./strategies.ts";

/**
 * One comparable row: the kit's mechanism and its counterparts in Python and
 * C (absent when the runtime has none). Exists because names differ across
 * runtimes (a Worker MessagePort answers what `multiprocessing.Queue` does).
 */
export interface BenchComparison {
  /** What the table calls the row. */
  label: string;
  /** The kit's mechanism. */
  deno: string;
  /** The Python baseline's counterpart, if any. */
  python?: string;
  /** The C baseline's counterpart, if any. */
  c?: string;
  /** True when the Python counterpart is an mpi4py rank measured by the MPI
   * ping-pong job, not by the Python baseline script. */
  viaMpi?: boolean;
  /** The strategy every runtime of the row uses (absent: not classified). */
  strategy?: BenchStrategy;
}

const BATCHED_SPIN = { send: "batched", wait: "spin" } as const;
const BATCHED_KERNEL = { send: "batched", wait: "kernel" } as const;
const EACH_KERNEL = { send: "per-message", wait: "kernel" } as const;
const BATCHED_HELPER = { send: "batched", wait: "helper" } as const;
const EACH_HELPER = { send: "per-message", wait: "helper" } as const;

/**
 * The comparisons of the benchmark, in table order.
 *
 * @example
 * ```ts
 * import { BENCH_COMPARISONS } from "./comparisons.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const ring = BENCH_COMPARISONS.find((c) => c.deno === "ring")!;
 * assertEquals([ring.python, ring.c], ["shm", "shm"]);
 * const tcp = BENCH_COMPARISONS.find((c) => c.deno === "tcp")!;
 * assertEquals(tcp.c, "tcp-batch-spin"); // the same strategy as the kit's
 * ```
 */
export const BENCH_COMPARISONS: readonly BenchComparison[] = [
  // Each socket five times: the kit's busy-poll sockets; both ends asleep
  // in their own blocking calls, as C's and Python's (-block), batched and
  // each send awaited (-each); and the same two strategies through
  // Deno.Conn, whose reads wait in the event loop's epoll (a row label of
  // their own: what Deno's event loop adds is shown apart). Python has no
  // busy-poll mode (its row shows none).
  { label: "tcp", deno: "tcp", c: "tcp-batch-spin", strategy: BATCHED_SPIN },
  {
    label: "tcp",
    deno: "tcp-block",
    python: "tcp-batch",
    c: "tcp-batch",
    strategy: BATCHED_KERNEL,
  },
  {
    label: "tcp",
    deno: "tcp-block-each",
    python: "tcp",
    c: "tcp",
    strategy: EACH_KERNEL,
  },
  {
    label: "tcp (Deno.Conn)",
    deno: "tcp-async",
    python: "tcp-batch",
    c: "tcp-batch",
    strategy: BATCHED_KERNEL,
  },
  {
    label: "tcp (Deno.Conn)",
    deno: "tcp-async-each",
    python: "tcp",
    c: "tcp",
    strategy: EACH_KERNEL,
  },
  {
    label: "unix",
    deno: "unix",
    c: "unix-batch-spin",
    strategy: BATCHED_SPIN,
  },
  {
    label: "unix",
    deno: "unix-block",
    python: "unix-batch",
    c: "unix-batch",
    strategy: BATCHED_KERNEL,
  },
  {
    label: "unix",
    deno: "unix-block-each",
    python: "unix",
    c: "unix",
    strategy: EACH_KERNEL,
  },
  {
    label: "unix (Deno.Conn)",
    deno: "unix-async",
    python: "unix-batch",
    c: "unix-batch",
    strategy: BATCHED_KERNEL,
  },
  {
    label: "unix (Deno.Conn)",
    deno: "unix-async-each",
    python: "unix",
    c: "unix",
    strategy: EACH_KERNEL,
  },
  // Pipe and FIFO, five strategies: both ends busy-poll (Python has no
  // busy-poll mode: its row shows none); both asleep in their own reads, as
  // C's and Python's blocking calls (-block); the kit's event-loop pairs,
  // whose reader sleeps through a helper thread (C's -helper modes; Python
  // has none); and each send awaited on top of the last two.
  {
    label: "pipe",
    deno: "pipe",
    c: "pipe-batch-spin",
    strategy: BATCHED_SPIN,
  },
  {
    label: "pipe",
    deno: "pipe-block",
    python: "pipe-os-batch",
    c: "pipe-batch",
    strategy: BATCHED_KERNEL,
  },
  {
    label: "pipe",
    deno: "pipe-async",
    c: "pipe-batch-helper",
    strategy: BATCHED_HELPER,
  },
  {
    label: "pipe",
    deno: "pipe-block-each",
    python: "pipe-os",
    c: "pipe",
    strategy: EACH_KERNEL,
  },
  {
    label: "pipe",
    deno: "pipe-each",
    c: "pipe-helper",
    strategy: EACH_HELPER,
  },
  // The class's multiprocessing.Pipe (a socketpair on Linux), objects and
  // bytes: one call per message, asleep in its own read, like the kit's
  // -block-each row.
  {
    label: "pipe (multiprocessing)",
    deno: "pipe-block-each",
    python: "pipe",
    strategy: EACH_KERNEL,
  },
  {
    label: "pipe (multiprocessing, bytes)",
    deno: "pipe-block-each",
    python: "pipe-bytes",
    strategy: EACH_KERNEL,
  },
  {
    label: "fifo",
    deno: "fifo",
    c: "fifo-batch-spin",
    strategy: BATCHED_SPIN,
  },
  {
    label: "fifo",
    deno: "fifo-block",
    python: "fifo-batch",
    c: "fifo-batch",
    strategy: BATCHED_KERNEL,
  },
  {
    label: "fifo",
    deno: "fifo-async",
    c: "fifo-batch-helper",
    strategy: BATCHED_HELPER,
  },
  {
    label: "fifo",
    deno: "fifo-block-each",
    python: "fifo",
    c: "fifo",
    strategy: EACH_KERNEL,
  },
  {
    label: "fifo",
    deno: "fifo-each",
    c: "fifo-helper",
    strategy: EACH_HELPER,
  },
  {
    label: "channel / queue",
    deno: "channel",
    python: "queue",
    strategy: EACH_KERNEL,
  },
  {
    label: "ring / shm",
    deno: "ring",
    python: "shm",
    c: "shm",
    strategy: { send: "shared-memory", wait: "spin" },
  },
  // MPI rows are ping-pongs (see mpi_bench.ts): Deno ranks, Deno ranks that
  // allocate per message, and the Worker backend, each against mpi4py ranks.
  { label: "mpi", deno: "mpi", python: "mpi", viaMpi: true },
  { label: "mpi (recv alloc)", deno: "mpi-alloc", python: "mpi", viaMpi: true },
  { label: "spmd workers", deno: "spmd-workers", python: "mpi", viaMpi: true },
  { label: "memory", deno: "memory" },
];

/**
 * The comparisons that involve any of the given kit mechanisms, and the
 * Python and C mechanisms the baseline scripts must run (mpi4py figures come
 * from the MPI job instead). A selected mechanism brings every baseline
 * variant of its row's label, so the records always hold what
 * `explainStrategyGap` (strategy_gap.ts) needs to split a gap into strategy and
 * runtime.
 *
 * @example `--only tcp,ring`
 * ```ts
 * import { selectComparisons } from "./comparisons.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const s = selectComparisons(["tcp", "ring"]);
 * assertEquals(s.comparisons.map((c) => c.deno), ["tcp", "ring"]);
 * assertEquals(s.python, ["tcp-batch", "tcp", "shm"]);
 * assertEquals(s.c, ["tcp-batch-spin", "tcp-batch", "tcp", "shm"]);
 * ```
 */
export function selectComparisons(kitMechanisms: readonly string[]): {
  comparisons: BenchComparison[];
  python: string[];
  c: string[];
} {
  const comparisons = BENCH_COMPARISONS.filter((c) =>
    kitMechanisms.includes(c.deno)
  );
  const labels = new Set(comparisons.map((c) => c.label));
  const family = BENCH_COMPARISONS.filter((c) => labels.has(c.label));
  const unique = (
    names: (string | undefined)[],
  ) => [...new Set(names.filter((n): n is string => n !== undefined))];
  return {
    comparisons,
    python: unique(family.map((c) => c.viaMpi ? undefined : c.python)),
    c: unique(family.map((c) => c.c)),
  };
}
