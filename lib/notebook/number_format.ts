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
