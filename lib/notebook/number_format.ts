/**
 * One number format for everything a learner reads: the class's locale,
 * es-CL ("1.234,5"), in tables, chart axes and ticks, and generated prose.
 * Identifiers that happen to be numbers (PIDs, ports, years, ranks) are not
 * quantities and never get a thousands separator: format them with
 * {@linkcode formatId}.
 *
 * @module
 */

const LOCALE = "es-CL";

/**
 * Formats a quantity in es-CL: a thousands separator ("."), a decimal comma,
 * and `fractionDigits` digits after it (default: none for integers, 2
 * otherwise).
 *
 * @example Integers, fractions and fixed digits
 * ```ts
 * import { formatNumber } from "./number_format.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(formatNumber(83886080), "83.886.080");
 * assertEquals(formatNumber(2.0912), "2,09");
 * assertEquals(formatNumber(4.2, 1), "4,2");
 * assertEquals(formatNumber(0.5, 0), "1");
 * ```
 */
export function formatNumber(value: number, fractionDigits?: number): string {
  if (!Number.isFinite(value)) return String(value);
  const digits = fractionDigits ?? (Number.isInteger(value) ? 0 : 2);
  return value.toLocaleString(LOCALE, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/**
 * Formats a ratio for prose and labels: es-CL with one decimal (two below
 * 10 % difference from 1, where one decimal would read "1,0×" for 0.96),
 * followed by "×".
 *
 * @example Ratios
 * ```ts
 * import { formatRatio } from "./number_format.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(formatRatio(4.21), "4,2×");
 * assertEquals(formatRatio(0.96), "0,96×");
 * ```
 */
export function formatRatio(value: number): string {
  const digits = Math.abs(value - 1) < 0.1 ? 2 : 1;
  return `${formatNumber(value, digits)}×`;
}

/**
 * Formats "n vez/veces" with the right Spanish noun ("1 vez", "2 veces",
 * "1,5 veces").
 *
 * @example Singular and plural
 * ```ts
 * import { formatTimes } from "./number_format.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(formatTimes(1), "1 vez");
 * assertEquals(formatTimes(4.2, 1), "4,2 veces");
 * ```
 */
export function formatTimes(value: number, fractionDigits?: number): string {
  const text = formatNumber(value, fractionDigits);
  return `${text} ${text === "1" ? "vez" : "veces"}`;
}

/**
 * Formats a number that names something (a PID, a port, a year, a rank):
 * digits only, never a thousands separator.
 *
 * @example A PID and a port
 * ```ts
 * import { formatId } from "./number_format.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(formatId(123456), "123456");
 * assertEquals(formatId(8080), "8080");
 * ```
 */
export function formatId(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.trunc(value));
}

/**
 * The fewest decimals (0–6) that show `value` without rounding it away:
 * 0,25 needs 2, 5 needs 0, 1e-9 is shown with 6 (the cap).
 */
function decimalsOf(value: number): number {
  for (let digits = 0; digits < 6; digits++) {
    const scaled = Math.abs(value) * 10 ** digits;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6 * Math.max(1, scaled)) {
      return digits;
    }
  }
  return 6;
}

/**
 * Formats an axis tick on a linear scale in es-CL, with as many decimals as
 * the spacing between ticks needs (so 0,25 / 0,5 / 0,75 and 1.000 / 2.000
 * read alike, and float noise such as 0.30000000000000004 never shows).
 *
 * @example Ticks spaced 0,25 apart and ticks in the thousands
 * ```ts
 * import { formatTick } from "./number_format.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(formatTick(0.5, 0.25), "0,50");
 * assertEquals(formatTick(0.1 + 0.2, 0.1), "0,3");
 * assertEquals(formatTick(12000, 2000), "12.000");
 * ```
 */
export function formatTick(value: number, step?: number): string {
  if (!Number.isFinite(value)) return String(value);
  return formatNumber(value, decimalsOf(step ?? value));
}

/**
 * Formats a tick on a logarithmic scale: labels only 1, 2 and 5 times a
 * power of ten (or, with `powersOnly`, only the powers of ten); the others
 * stay unlabelled gridlines, as on log paper. In es-CL; an empty string means
 * "draw the gridline, no label".
 *
 * @example Which log ticks carry a label
 * ```ts
 * import { formatLogTick } from "./number_format.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(formatLogTick(1000), "1.000");
 * assertEquals(formatLogTick(0.05), "0,05");
 * assertEquals(formatLogTick(0.05, true), "");
 * assertEquals(formatLogTick(300), "");
 * ```
 */
export function formatLogTick(value: number, powersOnly = false): string {
  if (!(Number.isFinite(value) && value > 0)) return "";
  const power = 10 ** Math.floor(Math.log10(value) + 1e-9);
  const mantissa = Math.round((value / power) * 1000) / 1000;
  const shown = powersOnly ? [1] : [1, 2, 5];
  if (!shown.includes(mantissa)) return "";
  return formatNumber(value, decimalsOf(value));
}

/**
 * Formats a value drawn on a chart beside its bar or point: three
 * significant digits at most (1.234 → "1.234", 12,34 → "12,3", 0,01234 →
 * "0,012"), no trailing zeros, es-CL.
 *
 * @example Value labels across magnitudes
 * ```ts
 * import { formatValueLabel } from "./number_format.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(formatValueLabel(1234.4), "1.234");
 * assertEquals(formatValueLabel(12.34), "12,3");
 * assertEquals(formatValueLabel(0.01234), "0,012");
 * assertEquals(formatValueLabel(0), "0");
 * assertEquals(formatValueLabel(45), "45");
 * ```
 */
export function formatValueLabel(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  const digits = magnitude === 0 || magnitude >= 100
    ? 0
    : magnitude >= 10
    ? 1
    : magnitude >= 1
    ? 2
    : Math.min(6, 1 - Math.floor(Math.log10(magnitude)));
  // a trailing zero ("45,0") suggests a precision nobody asked for
  return value.toLocaleString(LOCALE, { maximumFractionDigits: digits });
}

/** More labels than this on one log axis and only powers of ten keep theirs. */
const MAX_LOG_LABELS = 10;

/**
 * The labels of a logarithmic axis's ticks: 1, 2 and 5 times a power of ten;
 * only the powers of ten when that would crowd the axis (more than
 * {@linkcode MAX_LOG_LABELS}, i.e. four decades or more); every tick when an
 * axis spanning less than a decade (e.g. 30 to 80) would keep fewer than
 * three labels.
 *
 * @example Two decades, six decades, less than one
 * ```ts
 * import { formatLogTicks } from "./number_format.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(formatLogTicks([1, 2, 3, 5, 10, 20]), ["1", "2", "", "5", "10", "20"]);
 * const decades = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4];
 * assertEquals(formatLogTicks(decades).filter(Boolean), ["1", "10", "100", "1.000", "10.000"]);
 * assertEquals(formatLogTicks([30, 40, 50, 60]), ["30", "40", "50", "60"]);
 * ```
 */
export function formatLogTicks(values: readonly number[]): string[] {
  const count = (labels: string[]) => labels.filter((l) => l !== "").length;
  const sparse = values.map((v) => formatLogTick(v));
  if (count(sparse) > MAX_LOG_LABELS) {
    return values.map((v) => formatLogTick(v, true));
  }
  if (count(sparse) >= 3) return sparse;
  return values.map((v) => formatNumber(v, decimalsOf(v)));
}
