/**
 * The progress record's shape (format version 1, documented in
 * `progress.ts`) and the pure changes a quiz answer or an exercise run make
 * to it.
 *
 * @module
 */

/** The record's `format` tag. */
export const PROGRESS_FORMAT = "ipc-kit-progreso";
/** The record's format version; bump it when a field changes meaning. */
export const PROGRESS_VERSION = 1;

/** One quiz, as recorded. */
export interface QuizRecord {
  chapter: string;
  id: string;
  /** Built from the reader's measurements (passed to `quiz` as a spec). */
  measured: boolean;
  /** Valid answers given (malformed ones do not count). */
  attempts: number;
  /** The first valid answer's verdict; `null` before any. */
  firstTryRight: boolean | null;
  solved: boolean;
  /** The answer was shown (on request or after too many tries) before solving. */
  revealed: boolean;
  firstAt: string;
  lastAt: string;
  solvedAt: string | null;
}

/** One exercise, as recorded. */
export interface ExerciseRecord {
  id: string;
  /** Times the reader's solution was checked. */
  attempts: number;
  /** Checks passed in the last run. */
  passed: number;
  /** Checks in the last run. */
  total: number;
  /** Most checks passed in any run. */
  bestPassed: number;
  /** Some run passed every check. */
  solved: boolean;
  /** The worked answer was shown. */
  workedShown: boolean;
  firstAt: string;
  lastAt: string;
  solvedAt: string | null;
}

/** The whole record. */
export interface ProgressRecord {
  format: string;
  version: number;
  updatedAt: string;
  quizzes: Record<string, QuizRecord>;
  exercises: Record<string, ExerciseRecord>;
}

/** A quiz event: a valid answer, or the answer being revealed. */
export type QuizEvent = "correct" | "incorrect" | "revealed";

/**
 * A fresh, empty record.
 *
 * @example
 * ```ts
 * import { emptyProgress, PROGRESS_VERSION } from "./progress_format.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(emptyProgress().version, PROGRESS_VERSION);
 * ```
 */
export function emptyProgress(): ProgressRecord {
  return {
    format: PROGRESS_FORMAT,
    version: PROGRESS_VERSION,
    updatedAt: new Date(0).toISOString(),
    quizzes: {},
    exercises: {},
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Checks parsed JSON is a progress record this version understands.
 *
 * @throws {TypeError} When it is not a record (a damaged file).
 * @throws {RangeError} When it comes from a newer format version.
 *
 * @example
 * ```ts
 * import { emptyProgress, validateProgress } from "./progress_format.ts";
 * import { assertThrows } from "@std/assert";
 *
 * validateProgress(emptyProgress());
 * assertThrows(() => validateProgress([1]), TypeError);
 * assertThrows(() => validateProgress({ ...emptyProgress(), version: 99 }), RangeError);
 * ```
 */
export function validateProgress(value: unknown): ProgressRecord {
  if (!isObject(value) || value.format !== PROGRESS_FORMAT) {
    throw new TypeError(`no es un registro "${PROGRESS_FORMAT}"`);
  }
  if (typeof value.version !== "number" || !Number.isInteger(value.version)) {
    throw new TypeError("la versión no es un entero");
  }
  if (value.version > PROGRESS_VERSION) {
    throw new RangeError(
      `El archivo de progreso es de una versión más nueva del kit (formato ${value.version}; este kit entiende hasta el ${PROGRESS_VERSION}). No lo modifico: actualiza el kit.`,
    );
  }
  if (!isObject(value.quizzes) || !isObject(value.exercises)) {
    throw new TypeError("faltan las secciones quizzes/exercises");
  }
  for (const [key, q] of Object.entries(value.quizzes)) {
    if (
      !isObject(q) || typeof q.chapter !== "string" ||
      typeof q.id !== "string" || typeof q.attempts !== "number" ||
      typeof q.solved !== "boolean"
    ) throw new TypeError(`la pregunta ${key} está mal formada`);
  }
  for (const [key, e] of Object.entries(value.exercises)) {
    if (
      !isObject(e) || typeof e.id !== "string" ||
      typeof e.passed !== "number" || typeof e.total !== "number" ||
      typeof e.solved !== "boolean"
    ) throw new TypeError(`el ejercicio ${key} está mal formado`);
  }
  return value as unknown as ProgressRecord;
}

/** The key a quiz is recorded under: `chapter/id`. */
export function quizKey(chapter: string | undefined, id: string): string {
  return `${chapter ?? "--"}/${id}`;
}

/**
 * Applies one quiz event to the record.
 *
 * @example Wrong, then right: attempted twice, not right at first try
 * ```ts
 * import { applyQuizEvent, emptyProgress } from "./progress_format.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const p = emptyProgress();
 * const q = { chapter: "00", id: "q1", measured: false };
 * applyQuizEvent(p, q, "incorrect", "t1");
 * applyQuizEvent(p, q, "correct", "t2");
 * const r = p.quizzes["00/q1"];
 * assertEquals([r.attempts, r.firstTryRight, r.solved, r.solvedAt], [2, false, true, "t2"]);
 * ```
 */
export function applyQuizEvent(
  progress: ProgressRecord,
  quiz: { chapter?: string; id: string; measured: boolean },
  event: QuizEvent,
  at: string,
): void {
  const key = quizKey(quiz.chapter, quiz.id);
  const r = progress.quizzes[key] ??= {
    chapter: quiz.chapter ?? "--",
    id: quiz.id,
    measured: quiz.measured,
    attempts: 0,
    firstTryRight: null,
    solved: false,
    revealed: false,
    firstAt: at,
    lastAt: at,
    solvedAt: null,
  };
  r.lastAt = at;
  if (event === "revealed") {
    if (!r.solved) r.revealed = true;
    return;
  }
  r.attempts += 1;
  r.firstTryRight ??= event === "correct";
  if (event === "correct" && !r.solved) {
    r.solved = true;
    r.solvedAt = at;
  }
}

/**
 * Applies one exercise run (or `"worked"`: the worked answer was shown).
 *
 * @example
 * ```ts
 * import { applyExerciseRun, emptyProgress } from "./progress_format.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const p = emptyProgress();
 * applyExerciseRun(p, "ej", { passed: 5, total: 5 }, "t1");
 * applyExerciseRun(p, "ej", { passed: 2, total: 5 }, "t2");
 * const r = p.exercises.ej;
 * assertEquals([r.attempts, r.passed, r.bestPassed, r.solved, r.solvedAt], [2, 2, 5, true, "t1"]);
 * ```
 */
export function applyExerciseRun(
  progress: ProgressRecord,
  id: string,
  run: { passed: number; total: number } | "worked",
  at: string,
): void {
  const r = progress.exercises[id] ??= {
    id,
    attempts: 0,
    passed: 0,
    total: 0,
    bestPassed: 0,
    solved: false,
    workedShown: false,
    firstAt: at,
    lastAt: at,
    solvedAt: null,
  };
  r.lastAt = at;
  if (run === "worked") {
    r.workedShown = true;
    return;
  }
  r.attempts += 1;
  r.passed = run.passed;
  r.total = run.total;
  r.bestPassed = Math.max(r.bestPassed, run.passed);
  if (run.passed === run.total && !r.solved) {
    r.solved = true;
    r.solvedAt = at;
  }
}
