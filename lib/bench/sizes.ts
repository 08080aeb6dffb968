/**
 * Message sizes as people type them (`64`, `4k`, `1m`, `4KiB`).
 *
 * @module
 */

const UNITS: Record<string, number> = {
  "": 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1 << 20,
  mb: 1 << 20,
  mib: 1 << 20,
};

/**
 * Parses one size; binary units (k = 1024). Bad input is a `SyntaxError`.
 *
 * @example
 * ```ts
 * import { parseSize } from "./sizes.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 *
 * assertEquals([parseSize("64"), parseSize("4k"), parseSize("1MiB")], [64, 4096, 1048576]);
 * assertThrows(() => parseSize("lots"), SyntaxError);
 * ```
 */
export function parseSize(text: string): number {
  const match = /^\s*(\d+)\s*([a-z]*)\s*$/i.exec(text);
  const unit = match ? UNITS[match[2].toLowerCase()] : undefined;
  if (!match || unit === undefined) {
    throw new SyntaxError(
      `No se puede leer «${text}» como tamaño (prueba 64, 4k o 1m)`,
    );
  }
  const bytes = Number(match[1]) * unit;
  if (bytes > 16 * (1 << 20)) {
    throw new RangeError(
      `El tamaño ${text} supera el límite de 16 MiB por mensaje`,
    );
  }
  return bytes;
}

/**
 * Parses a comma-separated list of sizes.
 *
 * @example
 * ```ts
 * import { parseSizeList } from "./sizes.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(parseSizeList("64,4k"), [64, 4096]);
 * ```
 */
export function parseSizeList(text: string): number[] {
  const sizes = text.split(",").filter((s) => s.trim() !== "").map(parseSize);
  if (sizes.length === 0) {
    throw new SyntaxError("Se esperaba al menos un tamaño");
  }
  return sizes;
}
