/**
 * Finds the exercise checks a student's cells make: every
 * `checkExercise(SPEC, SOLUTION)` call (also `kit.checkExercise(…)`), with
 * its two argument expressions as written. The grader re-evaluates them after
 * all the student's cells ran, to run the instructor's hidden checks against
 * the very solution the student's cell checked (see `hidden.ts`).
 *
 * A scanner, not a parser: it skips strings, template literals and comments
 * and splits arguments at top-level commas, which is all a call as the
 * notebooks write it needs.
 *
 * @module
 */

/** One `checkExercise` call found in a cell. */
export interface CheckCall {
  /** The first argument, e.g. `frameTextExercise` or `make(allMechanisms)`. */
  spec: string;
  /** The second argument, e.g. `frameText`. */
  solution: string;
  /** The id of the cell that makes the call. */
  cellId: string;
}

const CALL = /(?:[\w$]+\.)*checkExercise\s*\(/y;

/** Skips a string, template or comment starting at `i`; returns the index after it. */
function skipLiteral(source: string, i: number): number {
  const c = source[i];
  if (c === "/" && source[i + 1] === "/") {
    const end = source.indexOf("\n", i);
    return end === -1 ? source.length : end;
  }
  if (c === "/" && source[i + 1] === "*") {
    const end = source.indexOf("*/", i + 2);
    return end === -1 ? source.length : end + 2;
  }
  if (c === '"' || c === "'" || c === "`") {
    let j = i + 1;
    while (j < source.length && source[j] !== c) {
      j += source[j] === "\\" ? 2 : 1;
    }
    return j + 1;
  }
  return i;
}

/**
 * The top-level arguments of a call whose `(` is at `open`, or `null` when
 * the parentheses never close.
 */
function callArguments(source: string, open: number): string[] | null {
  const args: string[] = [];
  let depth = 0;
  let start = open + 1;
  let i = open + 1;
  while (i < source.length) {
    const skipped = skipLiteral(source, i);
    if (skipped !== i) {
      i = skipped;
      continue;
    }
    const c = source[i];
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") {
      if (depth === 0) {
        args.push(source.slice(start, i).trim());
        return args.filter((a) => a !== "");
      }
      depth--;
    } else if (c === "," && depth === 0) {
      args.push(source.slice(start, i).trim());
      start = i + 1;
    }
    i++;
  }
  return null;
}

/**
 * The `checkExercise` calls in one cell's source, in order. Calls with fewer
 * than two arguments, and the words inside strings or comments, are ignored.
 *
 * @example The call notebook 00 makes, and one with a factory
 * ```ts
 * import { findCheckCalls } from "./check_calls.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const calls = findCheckCalls(
 *   'function f() {}\n// checkExercise(x, y) in a comment\n' +
 *     "await checkExercise(frameTextExercise, frameText);\n" +
 *     "await kit.checkExercise(best(all, { a: 1 }), miRespuesta, { showStack: true });",
 *   "c15",
 * );
 * assertEquals(calls.map((c) => [c.spec, c.solution]), [
 *   ["frameTextExercise", "frameText"],
 *   ["best(all, { a: 1 })", "miRespuesta"],
 * ]);
 * ```
 */
export function findCheckCalls(source: string, cellId: string): CheckCall[] {
  const calls: CheckCall[] = [];
  let i = 0;
  while (i < source.length) {
    const skipped = skipLiteral(source, i);
    if (skipped !== i) {
      i = skipped;
      continue;
    }
    CALL.lastIndex = i;
    const match = /[\w$]/.test(source[i - 1] ?? "") ? null : CALL.exec(source);
    if (!match) {
      i++;
      continue;
    }
    const open = i + match[0].length - 1;
    const args = callArguments(source, open);
    if (args && args.length >= 2) {
      calls.push({ spec: args[0], solution: args[1], cellId });
    }
    i = open + 1;
  }
  return calls;
}

/**
 * The last call per exercise expression across cells, in the order the
 * exercises first appear (a student who checks twice is graded on the last
 * solution checked).
 *
 * @example
 * ```ts
 * import { lastCallPerExercise } from "./check_calls.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const last = lastCallPerExercise([
 *   { spec: "e", solution: "f1", cellId: "a" },
 *   { spec: "g", solution: "h", cellId: "b" },
 *   { spec: "e", solution: "f2", cellId: "c" },
 * ]);
 * assertEquals(last.map((c) => c.solution), ["f2", "h"]);
 * ```
 */
export function lastCallPerExercise(calls: readonly CheckCall[]): CheckCall[] {
  const bySpec = new Map<string, CheckCall>();
  for (const call of calls) {
    bySpec.set(call.spec, call);
  }
  return [...bySpec.values()];
}
