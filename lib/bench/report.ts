/**
 * Puts the kit's figures beside the class's Python and C, row by row of
 * `comparisons.ts` (each row one strategy): the table rows, with ratios,
 * that the CLI prints and notebook 08 shows, and their text formatting.
 *
 * @module
 */

import { formatNumber } from "../notebook/number_format.ts";
import type { BenchRecord, BenchRuntime } from "./records.ts";
import { strategyLabel } from "./strategies.ts";
import { BENCH_COMPARISONS, type BenchComparison } from "./comparisons.ts";

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
