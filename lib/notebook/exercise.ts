/**
 * Exercises checked in the notebook: the reader writes a function in a cell,
 * `checkExercise` runs a suite of checks against it and shows, per check,
 * whether it passed and — if not — what was expected and what came back.
 *
 * Each check is bounded in time: an async solution that never settles is
 * reported as "se excedió el tiempo" instead of hanging the kernel. (A
 * *synchronous* endless loop cannot be pre-empted on the kernel's thread; the
 * exercise prose warns about it, and the kit's exercises that could loop run
 * the reader's code in a Worker through lib, not here.)
 *
 * @module
 */

import { equal } from "@std/assert";
import { deadline } from "@std/async/deadline";
import { quietInKernel, showMarkdown } from "./display.ts";

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
    throw new TypeError(`Exercise "${spec.id}" needs at least one check`);
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

function formatReport(
  spec: ExerciseSpec<unknown>,
  outcomes: CheckOutcome[],
): string {
  const passed = outcomes.filter((o) => o.status === "passed").length;
  const total = outcomes.length;
  const lines = [
    `### ${
      passed === total ? "🎉" : "🧪"
    } Ejercicio \`${spec.id}\`: ${spec.title}`,
    "",
    `**${passed} de ${total} comprobaciones correctas.**`,
    "",
  ];
  for (const o of outcomes) {
    switch (o.status) {
      case "passed":
        lines.push(`- ✅ ${o.name}`);
        break;
      case "failed":
        lines.push(
          `- ❌ ${o.name} — esperado \`${o.expected}\`, obtenido \`${o.got}\``,
        );
        break;
      case "threw":
        lines.push(`- 💥 ${o.name} — tu función lanzó \`${o.error}\``);
        if (o.stack) lines.push("", "```", o.stack, "```");
        break;
      case "timeout":
        lines.push(`- ⏱️ ${o.name} — se excedió el tiempo (${o.timeoutMs} ms)`);
        break;
    }
  }
  if (passed < total) {
    lines.push("", "Corrige tu solución y vuelve a ejecutar la celda.");
  }
  return lines.join("\n");
}

/**
 * Runs every check of an exercise against the reader's solution and shows
 * the report. Never throws because of the solution: errors and timeouts are
 * outcomes.
 *
 * @example A wrong solution is reported, not thrown
 * ```ts
 * import { checkExercise, defineExercise } from "./exercise.ts";
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
 * const report = await checkExercise(double, (n) => n + 2, { display: false });
 * assertEquals(report.passed, 1);
 * assertEquals(report.outcomes[1].status, "failed");
 * ```
 */
export async function checkExercise<F>(
  spec: ExerciseSpec<F>,
  solution: F,
  options: {
    /** Include stack traces of thrown errors (default false). */
    showStack?: boolean;
    /** Show the report in the notebook (default true). */
    display?: boolean;
  } = {},
): Promise<ExerciseReport> {
  const outcomes: CheckOutcome[] = [];
  for (const check of spec.checks) {
    outcomes.push(await runCheck(check, solution, options.showStack ?? false));
  }
  const markdown = formatReport(spec as ExerciseSpec<unknown>, outcomes);
  if (options.display ?? true) await showMarkdown(markdown);
  return quietInKernel({
    id: spec.id,
    title: spec.title,
    passed: outcomes.filter((o) => o.status === "passed").length,
    total: outcomes.length,
    outcomes,
    markdown,
  });
}
