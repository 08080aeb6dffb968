/**
 * The progress table: per notebook, quizzes answered and right at the first
 * try, and exercises passed. The same rows feed the notebook cell
 * (`await showProgress()`) and the terminal (`deno task progreso`).
 *
 * @module
 */

import { formatTable, showMarkdown } from "./display.ts";
import { EXERCISES_BY_CHAPTER } from "./exercise_catalog.ts";
import { activeProgressFile, readProgress } from "./progress.ts";
import { emptyProgress, type ProgressRecord } from "./progress_format.ts";
import { QUIZ_BANKS } from "./quiz_bank.ts";

/** One notebook's row. */
export interface ProgressRow {
  /** The notebook, e.g. `"03_pipes.ipynb"` (or the chapter, for `--`). */
  notebook: string;
  /** Questions answered at least once / questions known (banked + measured seen). */
  answered: number;
  quizzes: number;
  /** Of those answered, right at the first try. */
  firstTryRight: number;
  /** Exercises whose every check passed in some run / exercises of the chapter. */
  exercisesPassed: number;
  exercises: number;
}

/**
 * Summarizes a record into one row per notebook (plus one for measured
 * quizzes recorded without a chapter, if any).
 *
 * @example
 * ```ts
 * import { progressRows } from "./progress_table.ts";
 * import { applyQuizEvent, emptyProgress } from "./progress_format.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const p = emptyProgress();
 * applyQuizEvent(p, { chapter: "00", id: "q1", measured: false }, "correct", "t");
 * const row = progressRows(p).find((r) => r.notebook === "00_start_here.ipynb")!;
 * assertEquals([row.answered, row.firstTryRight], [1, 1]);
 * ```
 */
export function progressRows(progress: ProgressRecord): ProgressRow[] {
  const chapters = new Set([
    ...Object.keys(QUIZ_BANKS),
    ...Object.values(progress.quizzes).map((q) => q.chapter),
  ]);
  return [...chapters].sort().map((chapter) => {
    const banked = QUIZ_BANKS[chapter]?.questions.map((q) => q.id) ?? [];
    const recorded = Object.values(progress.quizzes).filter((q) =>
      q.chapter === chapter
    );
    const ids = new Set([...banked, ...recorded.map((q) => q.id)]);
    const answered = recorded.filter((q) => q.attempts > 0);
    const exercises = EXERCISES_BY_CHAPTER[chapter] ?? [];
    return {
      notebook: QUIZ_BANKS[chapter]?.notebook ?? chapter,
      answered: answered.length,
      quizzes: ids.size,
      firstTryRight: answered.filter((q) => q.firstTryRight === true).length,
      exercisesPassed: exercises.filter((e) =>
        progress.exercises[e.id]?.solved
      ).length,
      exercises: exercises.length,
    };
  });
}

/**
 * The rows as a Markdown table with Spanish headers.
 *
 * @example
 * ```ts
 * import { progressRows, progressTable } from "./progress_table.ts";
 * import { emptyProgress } from "./progress_format.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * assertStringIncludes(progressTable(progressRows(emptyProgress())), "| 00_start_here.ipynb | 0 de 3 |");
 * ```
 */
export function progressTable(rows: readonly ProgressRow[]): string {
  return formatTable(
    rows.map((r) => ({
      cuaderno: r.notebook,
      respondidas: `${r.answered} de ${r.quizzes}`,
      primer: r.firstTryRight,
      ejercicios: `${r.exercisesPassed} de ${r.exercises}`,
    })),
    {
      headers: {
        respondidas: "preguntas respondidas",
        primer: "correctas al primer intento",
        ejercicios: "ejercicios aprobados",
      },
    },
  );
}

/**
 * Shows the reader's progress table (read from the progress file).
 * Resolves to nothing.
 *
 * @example Outside the kernel, with recording off, it says so
 * ```ts
 * import { showProgress } from "./progress_table.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(await showProgress(), undefined);
 * ```
 */
export async function showProgress(): Promise<void> {
  const path = activeProgressFile();
  if (path === null) {
    await showMarkdown(
      "El registro de progreso está apagado aquí (fuera del kernel, o con `KIT_PROGRESS_FILE=off`).",
    );
    return;
  }
  let progress = emptyProgress();
  let note = "";
  try {
    const read = await readProgress(path);
    progress = read.progress;
    if (read.warning) note = `\n\n**Aviso:** ${read.warning}`;
  } catch (error) {
    note = `\n\n**Aviso:** ${(error as Error).message}`;
  }
  await showMarkdown(
    `${
      progressTable(progressRows(progress))
    }\n\nGuardado en \`${path}\`; sobrevive a reiniciar el kernel. En una terminal: \`deno task progreso\`.${note}`,
  );
}
