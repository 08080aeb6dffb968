/**
 * Hidden checks: checks an instructor adds to an exercise that the student
 * never sees. They live in a folder outside the student repository, passed
 * to the grader with `--ocultas DIR`. Every `.ts`/`.js` file directly in it is
 * imported; each default-exports the checks it adds, by exercise id:
 *
 * ```ts ignore
 * // ocultas/ch00.ts
 * import { defineHiddenChecks } from "../lib/grading/hidden.ts";
 * export default defineHiddenChecks({
 *   "ej-marco": [
 *     { name: "texto de 70 000 bytes", run: (f) => f("x".repeat(70_000)).length, expected: 70_004 },
 *   ],
 * });
 * ```
 *
 * The convention that gives the grader the student's solution: every
 * notebook checks an exercise with `checkExercise(SPEC, SOLUTION)`, where
 * SOLUTION is a name the student's cell defined at the top level. The grader
 * finds the last such call per exercise (`check_calls.ts`) and appends, after
 * all the student's cells, one cell per exercise that evaluates SPEC and
 * SOLUTION again in the same kernel and calls
 * {@linkcode gradeExerciseInKernel}: it re-runs the visible checks (to learn
 * each failing check's message) and runs the hidden ones. The folder is
 * copied into the grading workspace (as `ocultas/`, beside `lib/`, so
 * `../lib/…` imports resolve) only after the student's cells ran.
 *
 * @module
 */

import {
  type CheckOutcome,
  type ExerciseCheck,
  runExercise,
} from "../notebook/exercise.ts";

/** A hidden check: the same shape as a visible one. */
// deno-lint-ignore no-explicit-any
export type HiddenCheck = ExerciseCheck<any>;

/** Hidden checks by exercise id. */
export type HiddenChecks = Readonly<Record<string, readonly HiddenCheck[]>>;

/**
 * Declares a module's hidden checks (a typed identity, checked for shape).
 *
 * @throws {TypeError} When a check has no name or no `run` function.
 *
 * @example
 * ```ts
 * import { defineHiddenChecks } from "./hidden.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 *
 * const checks = defineHiddenChecks({ "ej-x": [{ name: "uno", run: () => 1, expected: 1 }] });
 * assertEquals(checks["ej-x"].length, 1);
 * // deno-lint-ignore no-explicit-any
 * assertThrows(() => defineHiddenChecks({ "ej-x": [{ name: "" } as any] }), TypeError);
 * ```
 */
export function defineHiddenChecks(checks: HiddenChecks): HiddenChecks {
  for (const [id, list] of Object.entries(checks)) {
    if (!Array.isArray(list)) {
      throw new TypeError(
        `Las verificaciones ocultas de "${id}" deben ser un arreglo`,
      );
    }
    for (const check of list) {
      if (
        typeof check?.name !== "string" || check.name === "" ||
        typeof check.run !== "function"
      ) {
        throw new TypeError(
          `Cada verificación oculta de "${id}" necesita un nombre (name) y una función run`,
        );
      }
    }
  }
  return checks;
}

/**
 * Imports every `.ts`/`.js` module directly in `dir` (sorted by name) and
 * merges their default exports. Used by the grader (to count each
 * exercise's hidden checks) and in the kernel (to run them).
 *
 * @throws {TypeError} When a module has no valid default export.
 *
 * @example Two modules adding checks to one exercise
 * ```ts
 * import { loadHiddenChecks } from "./hidden.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const dir = await Deno.makeTempDir();
 * const line = (n: string) =>
 *   `export default { "ej-x": [{ name: "${n}", run: () => 1, expected: 1 }] };\n`;
 * await Deno.writeTextFile(`${dir}/a.ts`, line("a"));
 * await Deno.writeTextFile(`${dir}/b.js`, line("b"));
 * await Deno.writeTextFile(`${dir}/notas.md`, "not a module");
 * const checks = await loadHiddenChecks(dir);
 * assertEquals(checks["ej-x"].map((c) => c.name), ["a", "b"]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function loadHiddenChecks(dir: string): Promise<HiddenChecks> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && /\.(ts|js|mjs)$/.test(entry.name)) {
      names.push(entry.name);
    }
  }
  const merged: Record<string, HiddenCheck[]> = {};
  for (const name of names.sort()) {
    const url = new URL(name, `file://${dir.replace(/\/?$/, "/")}`).href;
    const module = await import(url);
    try {
      defineHiddenChecks(module.default ?? null);
    } catch (error) {
      throw new TypeError(
        `${name}: ${
          (error as Error).message
        } (export default { "ej-id": [checks] })`,
      );
    }
    if (typeof module.default !== "object" || module.default === null) {
      throw new TypeError(
        `${name} no exporta por defecto (export default) verificaciones ocultas`,
      );
    }
    for (const [id, list] of Object.entries(module.default as HiddenChecks)) {
      (merged[id] ??= []).push(...list);
    }
  }
  return merged;
}

/** One check's outcome as the gradebook keeps it. */
export interface GradedCheck {
  /** The check's name. */
  name: string;
  /** Whether it is one of the instructor's hidden checks. */
  hidden: boolean;
  /** Whether it passed. */
  passed: boolean;
  /** Why it failed (Spanish), when it did. */
  message?: string;
}

/** What the grader's cell for one exercise found. */
export interface KernelExerciseResult {
  /** The exercise's id (`null` when SPEC could not be evaluated). */
  id: string | null;
  /** The visible checks, re-run on the solution. */
  visible: GradedCheck[];
  /** The hidden checks for this exercise. */
  hidden: GradedCheck[];
  /** Why nothing could run (Spanish), if so. */
  error?: string;
}

function message(outcome: CheckOutcome): string | undefined {
  switch (outcome.status) {
    case "passed":
      return undefined;
    case "failed":
      return `se esperaba ${outcome.expected} y se obtuvo ${outcome.got}`;
    case "threw":
      return `lanzó ${outcome.error}`;
    case "timeout":
      return `se excedió el tiempo (${outcome.timeoutMs} ms)`;
  }
}

function graded(outcomes: CheckOutcome[], hidden: boolean): GradedCheck[] {
  return outcomes.map((o) => {
    const why = message(o);
    return {
      name: o.name,
      hidden,
      passed: o.status === "passed",
      ...(why ? { message: why } : {}),
    };
  });
}

function errorText(error: unknown): string {
  return error instanceof Error
    ? `${error.name}: ${error.message}`
    : String(error);
}

/**
 * Runs in the kernel, in the cell the grader appends for one exercise:
 * evaluates the exercise and the student's solution, re-runs the visible
 * checks, runs the hidden ones, and writes a {@linkcode KernelExerciseResult}
 * as JSON to `out`. Never throws: what went wrong is written down.
 *
 * @example A solution that is not defined is reported, not thrown
 * ```ts
 * import { gradeExerciseInKernel } from "./hidden.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const dir = await Deno.makeTempDir();
 * const spec = { id: "ej-x", title: "x", checks: [{ name: "uno", run: (f: () => number) => f(), expected: 1 }] };
 * await gradeExerciseInKernel({
 *   exercise: () => spec,
 *   solution: () => { throw new ReferenceError("miFuncion is not defined"); },
 *   hiddenDir: null,
 *   out: `${dir}/r.json`,
 * });
 * const result = JSON.parse(await Deno.readTextFile(`${dir}/r.json`));
 * assertEquals(result.id, "ej-x");
 * assertEquals(result.error, "la solución no está definida: ReferenceError: miFuncion is not defined");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function gradeExerciseInKernel(options: {
  /** Evaluates the SPEC expression of the student's call. */
  exercise: () => unknown;
  /** Evaluates the SOLUTION expression of the student's call. */
  solution: () => unknown;
  /** The hidden checks' folder in the workspace, or `null`. */
  hiddenDir: string | null;
  /** Where to write the result. */
  out: string;
}): Promise<void> {
  const result: KernelExerciseResult = { id: null, visible: [], hidden: [] };
  try {
    // deno-lint-ignore no-explicit-any
    const spec = options.exercise() as any;
    result.id = typeof spec?.id === "string" ? spec.id : null;
    if (result.id === null) throw new TypeError("no es un ejercicio del kit");
    let solution: unknown;
    try {
      solution = options.solution();
    } catch (error) {
      result.error = `la solución no está definida: ${errorText(error)}`;
    }
    if (result.error === undefined) {
      result.visible = graded(
        (await runExercise(spec, solution)).outcomes,
        false,
      );
      const checks = options.hiddenDir
        ? (await loadHiddenChecks(options.hiddenDir))[result.id] ?? []
        : [];
      if (checks.length > 0) {
        const hidden = { id: result.id, title: spec.title, checks };
        result.hidden = graded(
          (await runExercise(hidden, solution)).outcomes,
          true,
        );
      }
    }
  } catch (error) {
    result.error ??= `no pude evaluar el ejercicio: ${errorText(error)}`;
  }
  await Deno.writeTextFile(options.out, JSON.stringify(result));
}
