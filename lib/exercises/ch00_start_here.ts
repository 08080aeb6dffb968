/**
 * The exercise of notebook 00: frame a text message by hand.
 *
 * Writing the 4-byte prefix yourself is the smallest exercise that touches
 * the whole idea of framing — and the one mistake that matters (counting
 * characters instead of UTF-8 bytes) shows up with one accented word.
 *
 * @module
 */

import { encodeFrame } from "../wire/frame.ts";
import {
  defineExercise,
  type ExerciseSpec,
  type SolutionOf,
} from "../notebook/exercise.ts";

/** The shape of the reader's solution: text in, framed bytes out. */
export type FrameTextSolution = SolutionOf<typeof frameTextExercise>;

const encoder = new TextEncoder();

function asArray(value: unknown): number[] | string {
  return value instanceof Uint8Array
    ? [...value]
    : `no es Uint8Array: ${typeof value}`;
}

/**
 * Checks a hand-written framer against the kit's `encodeFrame`.
 *
 * @example The kit's own framer passes every check
 * ```ts
 * import { frameTextExercise } from "./ch00_start_here.ts";
 * import { checkExercise } from "../notebook/exercise.ts";
 * import { encodeFrame } from "../wire/frame.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const report = await checkExercise(
 *   frameTextExercise,
 *   (text) => encodeFrame(new TextEncoder().encode(text)),
 *   { display: false },
 * );
 * assertEquals(report.passed, report.total);
 * ```
 */
export const frameTextExercise: ExerciseSpec<
  (text: string) => Uint8Array
> = defineExercise({
  id: "ej-marco",
  title: "Delimita un mensaje con su prefijo de 4 bytes",
  hints: [
    "El resultado mide `4 + body.length` bytes: crea un `Uint8Array` de ese " +
    "largo y copia el cuerpo desde la posición 4 con `out.set(body, 4)`.",
    "Para escribir el largo en los 4 primeros bytes usa un `DataView` sobre " +
    "el mismo buffer: `new DataView(out.buffer).setUint32(0, n)`. Sin tercer " +
    'argumento escribe en _big-endian_, como `to_bytes(4, "big")`.',
    "El largo es `body.length` (bytes UTF-8), no `text.length`: `canción` " +
    "tiene 7 caracteres pero la `ó` ocupa 2 bytes, así que son 8.",
  ],
  worked: [
    "El marco es el largo del cuerpo en 4 bytes _big-endian_, seguido del " +
    "cuerpo. Primero se codifica el texto, porque el largo se mide en bytes:",
    "",
    "```ts",
    "function frameText(text: string): Uint8Array {",
    "  const body = new TextEncoder().encode(text); // bytes UTF-8",
    "  const out = new Uint8Array(4 + body.length);",
    "  new DataView(out.buffer).setUint32(0, body.length); // big-endian",
    "  out.set(body, 4);",
    "  return out;",
    "}",
    "```",
    "",
    "Con 300 bytes el prefijo es `00 00 01 2c`: 300 = 1 × 256 + 44.",
  ].join("\n"),
  checks: [
    {
      name: "devuelve un Uint8Array",
      run: (f) => f("hola") instanceof Uint8Array,
      expected: true,
    },
    {
      name: "el mensaje vacío es solo el prefijo [0, 0, 0, 0]",
      run: (f) => asArray(f("")),
      expected: [0, 0, 0, 0],
    },
    {
      name: '"waku waku" queda igual que en el Python de la clase',
      run: (f) => asArray(f("waku waku")),
      expected: [...encodeFrame(encoder.encode("waku waku"))],
    },
    {
      name: '"canción" cuenta bytes UTF-8 (8), no caracteres (7)',
      run: (f) => asArray(f("canción")),
      expected: [...encodeFrame(encoder.encode("canción"))],
    },
    {
      name: "un mensaje de 300 bytes usa también el tercer byte del prefijo",
      run: (f) => asArray(f("x".repeat(300))).slice(0, 4),
      expected: [0, 0, 1, 44],
    },
  ],
});
