/**
 * Child side of `run_isolated.ts`: the process that runs a reader's
 * solution. The parent generates a tiny module that imports
 * {@linkcode serveSolution} (and the harness, if any) and hands it the
 * solution's source as a function expression; the input arrives as JSON in
 * the first argument. The child reports on stdout with marked lines, so whatever the
 * solution itself prints is never mistaken for a result:
 *
 * - `MARK + "start"` once the harness is loaded, right before the solution
 *   runs (the parent's time bound starts there, start-up excluded);
 * - `MARK + JSON` with `{ ok: true, value }` or `{ ok: false, name, message }`.
 *
 * @module
 */

/** Prefix of the lines the parent reads (a NUL can't come from a typo). */
export const RESULT_MARK = "\u0000kit-solution:";

/** What the parent sends in `Deno.args[0]`. */
export interface SolutionJob {
  /** The harness's input; without a harness, the argument lists to call with. */
  input: unknown;
}

/** A harness's entry: runs the solution on the input, returns JSON data. */
export type HarnessEntry = (solution: never, input: unknown) => unknown;

/** One call's outcome in the default harness (no `harness` given). */
export type CallOutcome =
  | { ok: true; value: unknown }
  | { ok: false; error: string };

/**
 * The default harness: calls `solution(...args)` once per argument list and
 * records each result or error, so one child answers a whole table of
 * inputs.
 *
 * @example
 * ```ts
 * import { callEach } from "./solution_child.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const outcomes = await callEach((a: number, b: number) => a / b, [[6, 3], [1, 0]]);
 * assertEquals(outcomes, [{ ok: true, value: 2 }, { ok: true, value: Infinity }]);
 * ```
 */
export async function callEach(
  solution: (...args: never[]) => unknown,
  calls: unknown,
): Promise<CallOutcome[]> {
  if (!Array.isArray(calls) || !calls.every(Array.isArray)) {
    throw new TypeError(
      "El arnés por defecto necesita una lista de listas de argumentos",
    );
  }
  const outcomes: CallOutcome[] = [];
  for (const args of calls as unknown[][]) {
    try {
      outcomes.push({ ok: true, value: await solution(...(args as never[])) });
    } catch (thrown) {
      const e = thrown instanceof Error ? thrown : new Error(String(thrown));
      outcomes.push({ ok: false, error: `${e.name}: ${e.message}` });
    }
  }
  return outcomes;
}

function report(line: string): void {
  // one write per line: the parent splits on newlines
  Deno.stdout.writeSync(new TextEncoder().encode(`${RESULT_MARK}${line}\n`));
}

/**
 * Runs the job of `Deno.args[0]` against `solution`, through `harness`
 * (default {@linkcode callEach}), and reports on stdout. Called from the
 * generated module, which imports the harness statically: a static import
 * needs no read permission.
 *
 * @example The job's shape
 * ```ts
 * import type { SolutionJob } from "./solution_child.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const job: SolutionJob = { input: [[1, 2]] };
 * assertEquals(job.input, [[1, 2]]);
 * ```
 */
export async function serveSolution(
  solution: unknown,
  harness: HarnessEntry = callEach as HarnessEntry,
): Promise<void> {
  try {
    const job = JSON.parse(Deno.args[0] ?? "null") as SolutionJob;
    if (typeof solution !== "function") {
      throw new TypeError(
        `tu solución debe ser una función, y es ${typeof solution}`,
      );
    }
    report("start");
    const value = await harness(solution as never, job.input);
    report(JSON.stringify({ ok: true, value }));
  } catch (thrown) {
    const e = thrown instanceof Error ? thrown : new Error(String(thrown));
    report(JSON.stringify({ ok: false, name: e.name, message: e.message }));
  }
}
