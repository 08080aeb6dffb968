/**
 * The argument checks of the fast frame decoder (`frame_decoder.ts`): what
 * a caller hands to `push` and `commit` is checked here, with typed errors
 * in Spanish, so the decoder's own file keeps to the decoding.
 *
 * @module
 */

import { formatNumber } from "../notebook/number_format.ts";

/**
 * Throws a TypeError unless `chunk` is a Uint8Array (what `push` accepts).
 *
 * @example A string is refused, bytes pass
 * ```ts
 * import { checkChunk } from "./decoder_checks.ts";
 * import { assertThrows } from "@std/assert";
 *
 * checkChunk(new Uint8Array(1));
 * assertThrows(() => checkChunk("abc"), TypeError, "[object String]");
 * ```
 */
export function checkChunk(chunk: unknown): asserts chunk is Uint8Array {
  if (!(chunk instanceof Uint8Array)) {
    throw new TypeError(
      `No se puede agregar ${
        Object.prototype.toString.call(chunk)
      }: se esperaba un Uint8Array`,
    );
  }
}

/**
 * Refuses a `commit(count)` that is not an integer from 0 to `space`: a
 * TypeError for a non-number, else a RangeError naming the allowed range.
 *
 * @example A count beyond the free space
 * ```ts
 * import { refuseCommit } from "./decoder_checks.ts";
 * import { assertThrows } from "@std/assert";
 *
 * assertThrows(() => refuseCommit(10, 4), RangeError, "de 0 a 4");
 * assertThrows(() => refuseCommit("3", 4), TypeError);
 * ```
 */
export function refuseCommit(count: unknown, space: number): never {
  if (typeof count !== "number") {
    throw new TypeError(
      `No se puede confirmar (commit) ${
        String(count)
      }: se esperaba una cantidad de bytes`,
    );
  }
  throw new RangeError(
    `No se pueden confirmar (commit) ${
      formatNumber(count)
    } bytes: se esperaba un entero de 0 a ${formatNumber(space)}`,
  );
}
