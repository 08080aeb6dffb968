/**
 * Exercises checked in the notebook: the reader writes a function in a cell,
 * `checkExercise` runs a suite of checks against it and shows, per check,
 * whether it passed and — if not — what was expected and what came back.
 *
 * Each check is bounded in time: an async solution that never settles is
 * reported as "se excedió el tiempo" instead of hanging the kernel. A
 * *synchronous* endless loop cannot be pre-empted on the kernel's thread, nor
 * in a Worker (on Deno 2.9.6 `Worker.terminate()` does not stop one): the
 * kit's exercises that could loop run the reader's code in a child process
 * through `lib/exercises/run_isolated.ts`, which is killed at its bound.
 *
 * @module
 */

import { equal } from "@std/assert";
import { deadline } from "@std/async/deadline";
import { showMarkdown } from "./display.ts";
import { exerciseHintsShown, markExerciseTried } from "./exercise_state.ts";
import { formatReport } from "./exercise_report.ts";
import { applyExerciseRun } from "./progress_format.ts";
import { recordProgress } from "./progress.ts";

/** An exercise: a title, what to write, and its checks. */
export interface ExerciseSpec<F> {
  /** Short id shown in the report, e.g. `"ej-marco"`. */
  id: string;
  /** What the reader is asked to write, in Spanish. */
  title: string;
  /**
   * Progressive hints (Spanish Markdown), from a nudge to nearly the answer;
   * shown one at a time, the next one suggested after a failed check.
   */
  hints?: readonly string[];
  /**
   * A worked answer (Spanish Markdown: the reasoning and the code), shown
   * only after the reader has tried (a failed check) or asks for it.
   */
  worked?: string;
  /** The checks, run in order against the reader's solution. */
  checks: readonly {
    /** What the check proves, in Spanish (shown to the reader). */
    name: string;
    /** Calls the solution and returns what it produced. May throw to fail with a message. */
    run: (solution: F) => unknown | Promise<unknown>;
    /** When given, `run`'s result must equal it (deep equality). */
    expected?: unknown;
    /** Accepted absolute difference when both values are numbers. */
    tolerance?: number;
    /** Time bound in milliseconds (default 2000). */
    timeoutMs?: number;
  }[];
}

/** One check of an exercise. */
export type ExerciseCheck<F> = ExerciseSpec<F>["checks"][number];

/**
 * The solution type an exercise checks (its {@linkcode ExerciseSpec}
 * parameter), for code that names it: tests, reference solutions.
 */
export type SolutionOf<S> = S extends ExerciseSpec<infer F> ? F : never;

/** The outcome of one check. */
export type CheckOutcome =
  | { name: string; status: "passed" }
  | { name: string; status: "failed"; expected: string; got: string }
  | { name: string; status: "threw"; error: string; stack?: string }
  | { name: string; status: "timeout"; timeoutMs: number };

export { nextStepAdvice } from "./exercise_report.ts";

/** The outcome of a whole exercise. */
export interface ExerciseReport {
  /** The exercise's id. */
  id: string;
  /** The exercise's title. */
  title: string;
  /** Checks that passed. */
  passed: number;
  /** Checks run. */
  total: number;
  /** Each check's outcome, in order. */
  outcomes: CheckOutcome[];
  /** Markdown shown to the reader. */
  markdown: string;
}

/**
 * Declares an exercise. The generic parameter is the shape of the solution
 * the reader writes (usually a function type).
 *
 * @example
 * ```ts
 * import { defineExercise } from "./exercise.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const sum = defineExercise<(xs: number[]) => number>({
 *   id: "suma",
 *   title: "Suma una lista",
 *   checks: [{ name: "lista vacía", run: (f) => f([]), expected: 0 }],
 * });
 * assertEquals(sum.checks.length, 1);
 * ```
 */
export function defineExercise<F>(spec: ExerciseSpec<F>): ExerciseSpec<F> {
  if (spec.checks.length === 0) {
    throw new TypeError(
      `El ejercicio "${spec.id}" necesita al menos una verificación`,
    );
  }
  return spec;
}

function describe(value: unknown): string {
  const text = typeof value === "string"
    ? JSON.stringify(value)
    : Deno.inspect(value, {
      depth: 4,
      compact: true,
      breakLength: Infinity,
      colors: false,
    });
  return text.length > 300 ? text.slice(0, 297) + "…" : text;
}

function matches(check: ExerciseCheck<unknown>, got: unknown): boolean {
  if (
    check.tolerance !== undefined && typeof got === "number" &&
    typeof check.expected === "number"
  ) {
    return Math.abs(got - check.expected) <= check.tolerance;
  }
  return equal(got, check.expected);
}

function isTimeout(error: unknown): boolean {
  return error instanceof DOMException && error.name === "TimeoutError";
}

async function runCheck<F>(
  check: ExerciseCheck<F>,
  solution: F,
  showStack: boolean,
): Promise<CheckOutcome> {
  const timeoutMs = check.timeoutMs ?? 2000;
  try {
    const got = await deadline(
      Promise.resolve().then(() => check.run(solution)),
      timeoutMs,
    );
    if (!("expected" in check)) return { name: check.name, status: "passed" };
    if (matches(check as ExerciseCheck<unknown>, got)) {
      return { name: check.name, status: "passed" };
    }
    return {
      name: check.name,
      status: "failed",
      expected: describe(check.expected),
      got: describe(got),
    };
  } catch (error) {
    if (isTimeout(error)) {
      return { name: check.name, status: "timeout", timeoutMs };
    }
    const e = error instanceof Error ? error : new Error(String(error));
    return {
      name: check.name,
      status: "threw",
      error: `${e.name}: ${e.message}`,
      ...(showStack && e.stack ? { stack: e.stack } : {}),
    };
  }
}

/**
 * Runs every check of an exercise against a solution and returns the report
 * (the pure twin of {@linkcode checkExercise}: nothing shown, nothing
 * recorded). Never throws because of the solution.
 *
 * @example A wrong solution is reported, not thrown
 * ```ts
 * import { defineExercise, runExercise } from "./exercise.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const double = defineExercise<(n: number) => number>({
 *   id: "doble",
 *   title: "El doble",
 *   checks: [
 *     { name: "doble de 2", run: (f) => f(2), expected: 4 },
 *     { name: "doble de 0", run: (f) => f(0), expected: 0 },
 *   ],
 * });
 * const report = await runExercise(double, (n) => n + 2);
 * assertEquals(report.passed, 1);
 * assertEquals(report.outcomes[1].status, "failed");
 * ```
 */
export async function runExercise<F>(
  spec: ExerciseSpec<F>,
  solution: F,
  options: {
    /** Include stack traces of thrown errors (default false). */
    showStack?: boolean;
  } = {},
): Promise<ExerciseReport> {
  const outcomes: CheckOutcome[] = [];
  for (const check of spec.checks) {
    outcomes.push(await runCheck(check, solution, options.showStack ?? false));
  }
  const markdown = formatReport(
    spec as ExerciseSpec<unknown>,
    outcomes,
    exerciseHintsShown(spec.id),
  );
  return {
    id: spec.id,
    title: spec.title,
    passed: outcomes.filter((o) => o.status === "passed").length,
    total: outcomes.length,
    outcomes,
    markdown,
  };
}

/** Options of {@linkcode checkExercise}. */
export interface CheckOptions {
  /** Include stack traces of thrown errors (default false). */
  showStack?: boolean;
  /**
   * `false`: show nothing, record nothing, and return the report (the
   * scripted form; prefer {@linkcode runExercise}).
   */
  display?: boolean;
}

/**
 * Checks the reader's solution, shows the report, and records the result in
 * the progress file. Resolves to nothing, so the cell shows no `Out[n]`.
 * With `{ display: false }` it only returns the report (as
 * {@linkcode runExercise} does).
 *
 * @example The scripted form returns the report
 * ```ts
 * import { checkExercise, defineExercise } from "./exercise.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const double = defineExercise<(n: number) => number>({
 *   id: "doble",
 *   title: "El doble",
 *   checks: [{ name: "doble de 2", run: (f) => f(2), expected: 4 }],
 * });
 * const report = await checkExercise(double, (n) => n * 2, { display: false });
 * assertEquals(report.passed, 1);
 * assertEquals(await checkExercise(double, (n) => n * 2), undefined);
 * ```
 */
export function checkExercise<F>(
  spec: ExerciseSpec<F>,
  solution: F,
  options: CheckOptions & { display: false },
): Promise<ExerciseReport>;
/** Checks, shows and records; resolves to nothing (no `Out[n]`). */
export function checkExercise<F>(
  spec: ExerciseSpec<F>,
  solution: F,
  options?: CheckOptions & { display?: true },
): Promise<void>;
export async function checkExercise<F>(
  spec: ExerciseSpec<F>,
  solution: F,
  options: CheckOptions = {},
): Promise<ExerciseReport | void> {
  const report = await runExercise(spec, solution, options);
  if (options.display === false) return report;
  markExerciseTried(spec.id);
  const at = new Date().toISOString();
  const warning = await recordProgress((p) =>
    applyExerciseRun(p, spec.id, report, at)
  );
  await showMarkdown(
    warning ? `${report.markdown}\n\n**Aviso:** ${warning}` : report.markdown,
  );
}
