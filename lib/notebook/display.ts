/**
 * Explicit display helpers for notebook cells.
 *
 * Under `jupyter nbconvert --execute` the Deno kernel sometimes delivers a
 * cell's trailing-expression result after it reported idle, and the result is
 * lost. So kit cells never rely on a trailing expression: they call these
 * helpers, which send a `display_data` message in the kernel and print plain
 * text everywhere else (tests, `deno run`).
 *
 * @module
 */

import { delay } from "@std/async/delay";
import { encodeBase64 } from "@std/encoding/base64";
import { inKernel } from "../util/kernel.ts";

export { inKernel };

/** Pause after each kernel display so it is flushed before the cell ends. */
const KERNEL_FLUSH_MS = 30;

/** A Jupyter MIME bundle: MIME type to data (images base64-encoded). */
export type MimeBundle = Record<string, string>;

/**
 * Marks a value so that, when it is a cell's trailing expression, the kernel
 * shows an empty MIME bundle instead of dumping the object. The value is
 * unchanged for code that uses it. Front ends still draw an empty `Out[n]`
 * for it, so functions meant to end a cell should resolve to nothing instead
 * (as `quiz`, `answer`, `checkExercise`, `pista` and the `show…` helpers do).
 *
 * @example
 * ```ts
 * import { quietInKernel } from "./display.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const report = quietInKernel({ passed: 3 });
 * assertEquals(report.passed, 3);
 * assertEquals(Object.keys(report), ["passed"]);
 * ```
 */
export function quietInKernel<T extends object>(value: T): T {
  Object.defineProperty(value, Symbol.for("Jupyter.display"), {
    value: () => ({}),
    enumerable: false,
  });
  return value;
}

/**
 * Shows a MIME bundle in the kernel; outside it, prints the bundle's
 * `text/plain` (or `text/markdown`) to stdout.
 *
 * @example Printing the plain-text fallback
 * ```ts
 * import { showBundle } from "./display.ts";
 *
 * await showBundle({ "text/plain": "hola" });
 * ```
 */
export async function showBundle(bundle: MimeBundle): Promise<void> {
  if (inKernel()) {
    await Deno.jupyter.display(bundle, { raw: true });
    // The kernel can report the cell idle before this display_data leaves on
    // iopub; a client that stops listening at idle (plain nbclient) then drops
    // it. A short pause while the cell is still busy makes that rarer; the
    // kit's notebook runner also keeps late outputs, as JupyterLab does.
    await delay(KERNEL_FLUSH_MS);
    return;
  }
  const text = bundle["text/plain"] ?? bundle["text/markdown"];
  if (text !== undefined) console.log(text);
}

/**
 * Shows Markdown (rendered in Jupyter, printed as-is elsewhere).
 *
 * @example
 * ```ts
 * import { showMarkdown } from "./display.ts";
 * await showMarkdown("**hola**");
 * ```
 */
export function showMarkdown(markdown: string): Promise<void> {
  return showBundle({ "text/markdown": markdown, "text/plain": markdown });
}

/**
 * Shows plain text as a display output (kept with the cell, unlike a worker's
 * `console.log`, which goes to the kernel's terminal).
 *
 * @example
 * ```ts
 * import { showText } from "./display.ts";
 * await showText("listo");
 * ```
 */
export function showText(text: string): Promise<void> {
  return showBundle({ "text/plain": text });
}

/**
 * Shows a PNG image; outside the kernel it prints a one-line description.
 *
 * @example
 * ```ts
 * import { showPng } from "./display.ts";
 * await showPng(new Uint8Array([137, 80, 78, 71]), "demo");
 * ```
 */
export function showPng(
  png: Uint8Array,
  description = "image",
): Promise<void> {
  return showBundle({
    "image/png": encodeBase64(png),
    "text/plain": `[PNG ${png.length} bytes: ${description}]`,
  });
}

/** A table cell value. */
export type TableValue = string | number | boolean | bigint | null | undefined;

/** Options of {@linkcode formatTable} and {@linkcode showTable}. */
export interface TableOptions {
  /** Column keys, in order; defaults to the keys of the first row. */
  columns?: readonly string[];
  /** Header text per column key (defaults to the key). */
  headers?: Readonly<Record<string, string>>;
  /** Digits after the decimal point for non-integer numbers (default 2). */
  digits?: number;
  /** A caption shown above the table. */
  caption?: string;
}

/**
 * Columns that name things rather than count them (a PID, a port, a year, a
 * rank): their numbers get no thousands separator.
 */
const IDENTIFIER_COLUMN = /^(pid|ppid|pids?|puerto|port|año|year|rank|rango)$/i;

/**
 * Characters Markdown would read as formatting inside a table cell. An
 * underscore between two letters or digits (`msg_max`, `00_start_here`) is
 * never emphasis in CommonMark, so it stays as it is (and reads cleanly
 * where the table is printed raw, in a terminal).
 */
const MARKDOWN_SPECIAL = /[\\`*~<>\[\]]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;

function formatValue(
  value: TableValue,
  digits: number,
  identifier = false,
): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return String(value);
    if (identifier && Number.isInteger(value)) return String(value);
    return Number.isInteger(value)
      ? value.toLocaleString("es-CL")
      : value.toLocaleString("es-CL", {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });
  }
  // Cells are data, not Markdown: `__import__` must not render as bold.
  return String(value).replace(MARKDOWN_SPECIAL, (c) => `\\${c}`)
    .replaceAll("|", "\\|").replaceAll("\n", " ");
}

/**
 * Formats rows as a Markdown table (numbers in the class's locale, es-CL).
 *
 * @example A two-row table
 * ```ts
 * import { formatTable } from "./display.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const md = formatTable([{ n: 1, x: 0.5 }, { n: 2, x: 1.25 }]);
 * assertEquals(md.split("\n")[0], "| n | x |");
 * assertEquals(md.split("\n")[2], "| 1 | 0,50 |");
 * ```
 *
 * @example Identifiers keep their digits; text is not Markdown
 * ```ts
 * import { formatTable } from "./display.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const md = formatTable([{ pid: 19367, bytes: 19367, tarea: "__import__('os')" }]);
 * assertEquals(md.split("\n")[2], "| 19367 | 19.367 | \\_\\_import\\_\\_('os') |");
 * ```
 */
export function formatTable(
  rows: readonly Readonly<Record<string, TableValue>>[],
  options: TableOptions = {},
): string {
  const columns = options.columns ?? Object.keys(rows[0] ?? {});
  if (columns.length === 0) {
    throw new TypeError("No se puede formatear una tabla sin columnas");
  }
  const digits = options.digits ?? 2;
  const header = columns.map((c) => options.headers?.[c] ?? c);
  const lines = [
    `| ${header.join(" | ")} |`,
    `| ${columns.map(() => "---").join(" | ")} |`,
    ...rows.map((row) =>
      `| ${
        columns.map((c) =>
          formatValue(row[c], digits, IDENTIFIER_COLUMN.test(c))
        ).join(" | ")
      } |`
    ),
  ];
  if (options.caption) lines.unshift(`**${options.caption}**`, "");
  return lines.join("\n");
}

/**
 * Shows rows as a table (Markdown in Jupyter, text elsewhere).
 *
 * @example
 * ```ts
 * import { showTable } from "./display.ts";
 * await showTable([{ mecanismo: "tcp", us: 41.5 }]);
 * ```
 */
export function showTable(
  rows: readonly Readonly<
    Record<string, string | number | boolean | bigint | null | undefined>
  >[],
  options: TableOptions = {},
): Promise<void> {
  return showMarkdown(formatTable(rows, options));
}
