/**
 * The SPMD byte conventions, shared by both backends and by the class's
 * Python ranks: structured values travel as UTF-8 JSON, numbers for
 * reductions as little-endian IEEE-754 float64 (what `array.array("d")` or a
 * NumPy float64 array holds on x86-64 and ARM), text as UTF-8.
 *
 * Keeping one encoding for both backends is what makes the same program give
 * the same results on Workers and under `mpiexec`.
 *
 * @module
 */

import type { ReduceOp } from "./communicator.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Encodes a structured value as UTF-8 JSON bytes.
 *
 * @example Round trip
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { decodeValue, encodeValue } from "./codec.ts";
 *
 * assertEquals(decodeValue(encodeValue({ a: [1, "b"] })), { a: [1, "b"] });
 * ```
 */
export function encodeValue(value: unknown): Uint8Array {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw new TypeError(
      `El valor no se puede serializar como JSON: ${(error as Error).message}`,
    );
  }
  if (json === undefined) {
    throw new TypeError(
      `El valor no se puede serializar como JSON: ${typeof value} no tiene forma JSON`,
    );
  }
  return encoder.encode(json);
}

/**
 * Decodes UTF-8 JSON bytes made by {@linkcode encodeValue}.
 *
 * @example
 * ```ts
 * import { assertEquals, assertThrows } from "@std/assert";
 * import { decodeValue } from "./codec.ts";
 *
 * assertEquals(decodeValue(new TextEncoder().encode("[1,2]")), [1, 2]);
 * assertThrows(() => decodeValue(new Uint8Array([0x7b])), SyntaxError);
 * ```
 */
export function decodeValue<T = unknown>(bytes: Uint8Array): T {
  try {
    return JSON.parse(decoder.decode(bytes)) as T;
  } catch (error) {
    throw new SyntaxError(
      `El mensaje no es JSON en UTF-8 (${bytes.length} bytes): ${
        (error as Error).message
      }`,
    );
  }
}

/**
 * Packs numbers as little-endian float64 (the interop convention).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { decodeFloat64s, encodeFloat64s } from "./codec.ts";
 *
 * const bytes = encodeFloat64s([1.5, -2]);
 * assertEquals(bytes.length, 16);
 * assertEquals(decodeFloat64s(bytes), [1.5, -2]);
 * ```
 */
export function encodeFloat64s(values: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  values.forEach((value, i) => {
    if (typeof value !== "number") {
      throw new TypeError(
        `Se esperaba un número en la posición ${i}, llegó ${typeof value}`,
      );
    }
    view.setFloat64(i * 8, value, true);
  });
  return bytes;
}

/**
 * Unpacks little-endian float64 values.
 *
 * @example
 * ```ts
 * import { assertEquals, assertThrows } from "@std/assert";
 * import { decodeFloat64s } from "./codec.ts";
 *
 * assertEquals(decodeFloat64s(new Uint8Array(8)), [0]);
 * assertThrows(() => decodeFloat64s(new Uint8Array(3)), RangeError);
 * ```
 */
export function decodeFloat64s(bytes: Uint8Array): number[] {
  if (bytes.length % 8 !== 0) {
    throw new RangeError(
      `Una carga Float64 de ${bytes.length} bytes no es múltiplo de 8`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values: number[] = [];
  for (let offset = 0; offset < bytes.length; offset += 8) {
    values.push(view.getFloat64(offset, true));
  }
  return values;
}

const combiners: Record<ReduceOp, (a: number, b: number) => number> = {
  sum: (a, b) => a + b,
  prod: (a, b) => a * b,
  min: (a, b) => Math.min(a, b),
  max: (a, b) => Math.max(a, b),
};

/**
 * Normalises a reduce operand to an array of numbers, rejecting anything
 * else with a TypeError (a string would otherwise concatenate silently).
 *
 * @example
 * ```ts
 * import { assertEquals, assertThrows } from "@std/assert";
 * import { reduceOperand } from "./codec.ts";
 *
 * assertEquals(reduceOperand(3), [3]);
 * assertThrows(() => reduceOperand("3" as unknown as number), TypeError);
 * ```
 */
export function reduceOperand(value: number | readonly number[]): number[] {
  const values = typeof value === "number" ? [value] : value;
  if (!Array.isArray(values) || values.some((v) => typeof v !== "number")) {
    throw new TypeError(
      "Los operandos de reduce deben ser un número o un arreglo de números",
    );
  }
  return [...values];
}

/**
 * Checks that `op` is one of the supported reduction operators.
 *
 * @example
 * ```ts
 * import { assertThrows } from "@std/assert";
 * import { checkReduceOp } from "./codec.ts";
 *
 * checkReduceOp("sum");
 * assertThrows(() => checkReduceOp("avg"), RangeError);
 * ```
 */
export function checkReduceOp(op: string): asserts op is ReduceOp {
  if (!Object.hasOwn(combiners, op)) {
    throw new RangeError(
      `Operador de reduce desconocido "${op}": usa sum, min, max o prod`,
    );
  }
}

/**
 * Reduces each rank's operand element-wise, in rank order (the order the
 * Worker backend applies; MPI may associate differently, which can change
 * the last bit of a float sum).
 *
 * @example Element-wise sum and max
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { reduceValues } from "./codec.ts";
 *
 * assertEquals(reduceValues([[1, 5], [2, 3]], "sum"), [3, 8]);
 * assertEquals(reduceValues([[1, 5], [2, 3]], "max"), [2, 5]);
 * ```
 */
export function reduceValues(
  operands: readonly (readonly number[])[],
  op: ReduceOp,
): number[] {
  checkReduceOp(op);
  if (operands.length === 0) throw new RangeError("No hay nada que reducir");
  const length = operands[0].length;
  for (const [rank, operand] of operands.entries()) {
    if (operand.length !== length) {
      throw new RangeError(
        `Los operandos de reduce difieren en largo: el rank 0 tiene ${length}, el rank ${rank} tiene ${operand.length}`,
      );
    }
  }
  const combine = combiners[op];
  const result = [...operands[0]];
  for (const operand of operands.slice(1)) {
    for (let i = 0; i < length; i++) result[i] = combine(result[i], operand[i]);
  }
  return result;
}
