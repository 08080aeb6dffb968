/**
 * Child-process entry: the kit's measurements of one mechanism, in a Deno
 * process of their own, as a program that uses that mechanism runs it (and
 * as each C and Python baseline mode runs in a process that JIT-compiled
 * nothing else). Started by `kit_isolated.ts`; imported only to test it.
 *
 * Arguments: `MECHANISM SIZES DURATION_MS`, sizes in bytes joined by
 * commas. Each line on stdout is one JSON object (see
 * {@linkcode KitSuiteLine}); a failure that stops the whole program goes to
 * stderr with a non-zero exit.
 *
 * @module
 */

import { kitBenchPairs } from "./kit_pairs.ts";
import type { BenchMissing, BenchRun } from "./records.ts";
import { runKitSuite } from "./suite.ts";

/** One line of the program's output: a step begun, a run, or a miss. */
export type KitSuiteLine =
  | { step: { mechanism: string; size: number } }
  | { run: BenchRun }
  | { missing: BenchMissing };

/** What the program was asked to measure. */
export interface KitSuiteArgs {
  /** The one kit mechanism. */
  mechanism: string;
  /** Message sizes in bytes. */
  sizes: number[];
  /** Duration of each measurement in ms. */
  durationMs: number;
}

/**
 * Reads the program's arguments; a `TypeError` names what is wrong.
 *
 * @example
 * ```ts
 * import { parseKitSuiteArgs } from "./kit_suite_program.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 *
 * assertEquals(parseKitSuiteArgs(["tcp", "64,4096", "200"]), {
 *   mechanism: "tcp",
 *   sizes: [64, 4096],
 *   durationMs: 200,
 * });
 * assertThrows(() => parseKitSuiteArgs(["tcp", "64,x", "200"]), TypeError);
 * assertThrows(() => parseKitSuiteArgs(["tcp"]), TypeError);
 * ```
 */
export function parseKitSuiteArgs(args: readonly string[]): KitSuiteArgs {
  if (args.length !== 3) {
    throw new TypeError(
      `Se esperaban MECANISMO TAMAÑOS DURACIÓN_MS, no «${args.join(" ")}»`,
    );
  }
  const [mechanism, sizeList, duration] = args;
  // An empty entry is not a size (Number("") would be 0).
  const sizes = sizeList.split(",").map((s) =>
    s.trim() === "" ? NaN : Number(s)
  );
  if (!sizes.every((s) => Number.isInteger(s) && s >= 0)) {
    throw new TypeError(`Tamaños inválidos: «${sizeList}»`);
  }
  const durationMs = Number(duration);
  if (!(durationMs > 0)) {
    throw new TypeError(`Duración inválida: «${duration}»`);
  }
  return { mechanism, sizes, durationMs };
}

if (import.meta.main) {
  try {
    const { mechanism, sizes, durationMs } = parseKitSuiteArgs(Deno.args);
    const say = (line: KitSuiteLine) => console.log(JSON.stringify(line));
    const result = await runKitSuite(kitBenchPairs(), {
      mechanisms: [mechanism],
      sizes,
      durationMs,
      onStep: (step) => say({ step }),
      onRun: (run) => say({ run }),
    });
    for (const missing of result.missing) say({ missing });
  } catch (error) {
    console.error(`La medición del kit falló: ${error}`);
    Deno.exit(1);
  }
}
