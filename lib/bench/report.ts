/**
 * Puts the kit's figures beside the class's Python and the C floor: which
 * mechanism of each runtime answers the same question *with the same
 * strategy* (see `strategies.ts`), and the table rows (with ratios) the CLI
 * prints and notebook 08 shows. A row never divides the kit by a baseline
 * that sends or waits differently.
 *
 * @module
 */

import { formatNumber } from "../notebook/number_format.ts";
import type { BenchRecord, BenchRuntime } from "./records.ts";
import { type BenchStrategy, strategyLabel } from "./strategies.ts";

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
 * import { BENCH_COMPARISONS } from "./report.ts";
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
 * import { selectComparisons } from "./report.ts";
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

/** One row of the comparison table for one metric. */
export interface ComparisonRow {
  /** Every column, by key (so a row can go straight into a table). */
  [key: string]: string | number | null;
  /** The comparison's label, e.g. `"tcp"`. */
  mechanism: string;
  /** The row's strategy in Spanish, e.g. `"agrupado; espera activa"`. */
  strategy: string;
  /** The message size, formatted (`"64 B"`, `"4 KiB"`, `"1 MiB"`). */
  size: string;
  /** The kit's figure. */
  deno: number | null;
  /** The class's Python figure; null when Python has no counterpart or no figure. */
  python: number | null;
  /** The C figure; null when C has no counterpart or no figure. */
  c: number | null;
  /** Deno ÷ Python (latency: below 1 is better; throughput: above 1). */
  denoOverPython: number | null;
  /** Deno ÷ C of the same strategy ("kit ÷ C del mismo tipo"), read like
   * {@linkcode ComparisonRow.denoOverPython}. */
  denoOverC: number | null;
}

/**
 * Formats a byte count the way the tables show sizes.
 *
 * @example
 * ```ts
 * import { formatSize } from "./report.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals([formatSize(64), formatSize(4096), formatSize(1 << 20)], ["64 B", "4 KiB", "1 MiB"]);
 * ```
 */
export function formatSize(bytes: number): string {
  if (bytes >= 1 << 20 && bytes % (1 << 20) === 0) return `${bytes >> 20} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes >> 10} KiB`;
  return `${bytes} B`;
}

/**
 * Builds the rows of one metric: per comparison and size, the median of
 * each runtime and the ratios. Rows where the kit has no figure are left
 * out; a runtime without a counterpart shows `null`. With `value`
 * `"mbPerSecond"`, throughput rows carry megabytes per second instead of
 * messages per second (same rows, same order).
 *
 * @example
 * ```ts
 * import { comparisonRows } from "./report.ts";
 * import { aggregateRuns, runFromRaw } from "./records.ts";
 * import { assertEquals } from "@std/assert";
 *
 * // The kit awaiting each send, against the class's one sendall per message.
 * const records = aggregateRuns([
 *   runFromRaw("tcp-async-each", "deno", 64, [20], 300, 1),
 *   runFromRaw("tcp", "python", 64, [40], 100, 1),
 * ]);
 * const [row] = comparisonRows(records, "latency");
 * assertEquals(row.strategy, "una llamada por mensaje; espera en el núcleo del sistema operativo");
 * assertEquals([row.deno, row.python, row.c, row.denoOverPython], [20, 40, null, 0.5]);
 * const [mb] = comparisonRows(records, "throughput", undefined, "mbPerSecond");
 * assertEquals(mb.deno, 300 * 64 / 1e6);
 * ```
 */
export function comparisonRows(
  records: readonly BenchRecord[],
  metric: "latency" | "throughput",
  comparisons: readonly BenchComparison[] = BENCH_COMPARISONS,
  value: "median" | "mbPerSecond" = "median",
): ComparisonRow[] {
  const find = (
    runtime: BenchRuntime,
    mechanism: string | undefined,
    size: number,
  ) =>
    mechanism === undefined
      ? null
      : records.find((r) =>
        r.runtime === runtime && r.mechanism === mechanism && r.size === size &&
        r.metric === metric
      )?.[value] ?? null;
  const sizes = [...new Set(records.map((r) => r.size))].sort((a, b) => a - b);
  const ratio = (a: number | null, b: number | null) =>
    a === null || b === null || b === 0 ? null : a / b;
  const rows: ComparisonRow[] = [];
  for (const comparison of comparisons) {
    for (const size of sizes) {
      const deno = find("deno", comparison.deno, size);
      if (deno === null) continue;
      const python = find("python", comparison.python, size);
      const c = find("c", comparison.c, size);
      rows.push({
        mechanism: comparison.label,
        strategy: strategyLabel(comparison.strategy),
        size: formatSize(size),
        deno,
        python,
        c,
        denoOverPython: ratio(deno, python),
        denoOverC: ratio(deno, c),
      });
    }
  }
  return rows;
}

/**
 * Renders a figure for a terminal table in es-CL format: thousands grouped
 * with a point (no decimals from 1 000 up), a decimal comma, "—" when absent.
 *
 * @example
 * ```ts
 * import { formatFigure } from "./report.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals([formatFigure(12345.6, 1), formatFigure(1.234, 2), formatFigure(null, 1)], ["12.346", "1,23", "—"]);
 * ```
 */
export function formatFigure(value: number | null, digits: number): string {
  if (value === null) return "—";
  if (Math.abs(value) >= 1000) return formatNumber(Math.round(value), 0);
  return formatNumber(value, digits);
}

/**
 * Renders rows as an aligned plain-text table for the terminal.
 *
 * @example
 * ```ts
 * import { formatComparisonText } from "./report.ts";
 * import { assert } from "@std/assert";
 *
 * const text = formatComparisonText("Latencia (µs)", [{
 *   mechanism: "tcp", strategy: "agrupado; espera activa", size: "64 B",
 *   deno: 20, python: 40, c: 10, denoOverPython: 0.5, denoOverC: 2,
 * }]);
 * assert(text.includes("0,50"));
 * assert(text.includes("agrupado; espera activa"));
 * ```
 */
export function formatComparisonText(
  title: string,
  rows: readonly ComparisonRow[],
): string {
  const header = [
    "mecanismo",
    "estrategia (envío; espera)",
    "tamaño",
    "Deno",
    "Python",
    "C",
    "Deno/Python",
    "kit ÷ C del mismo tipo",
  ];
  const body = rows.map((r) => [
    r.mechanism,
    r.strategy,
    r.size,
    formatFigure(r.deno, 1),
    formatFigure(r.python, 1),
    formatFigure(r.c, 1),
    formatFigure(r.denoOverPython, 2),
    formatFigure(r.denoOverC, 2),
  ]);
  return formatTextTable(title, header, body, 3);
}

/**
 * Aligns a plain-text table: the first `textColumns` columns left-aligned,
 * the figures after them right-aligned, a rule under the header.
 *
 * @example
 * ```ts
 * import { formatTextTable } from "./report.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const text = formatTextTable("T", ["a", "n"], [["x", "10"], ["yy", "2"]], 1);
 * assertEquals(text.split("\n"), ["T", "a    n", "--  --", "x   10", "yy   2"]);
 * ```
 */
export function formatTextTable(
  title: string,
  header: readonly string[],
  body: readonly (readonly string[])[],
  textColumns: number,
): string {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...body.map((row) => row[i].length))
  );
  const line = (cells: readonly string[]) =>
    cells.map((c, i) =>
      i < textColumns ? c.padEnd(widths[i]) : c.padStart(widths[i])
    ).join("  ");
  return [
    title,
    line(header),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...body.map(line),
  ].join("\n");
}
