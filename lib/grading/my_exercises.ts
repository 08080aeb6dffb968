/**
 * `deno task mis-ejercicios [cuadernos…]`: for a student's fork and its CI.
 * Runs the notebooks (all of `notebooks/` by default) the way the grader
 * does, and fails (exit 1) when some exercise is not passing every check, or
 * a notebook could not be run. Quizzes do not count here: the task checks
 * exercises only.
 *
 * @module
 */

import { join } from "@std/path";
import { formatNumber } from "../notebook/number_format.ts";
import { notebookExecutionUnavailable } from "../tools/execute_notebook.ts";
import { gradeAll, listSubmissions } from "./grade.ts";
import { DEFAULT_POINTS } from "./points.ts";
import { ProgressLine } from "./progress_bar.ts";
import { DEFAULT_BOUNDS } from "./runner.ts";
import type { SubmissionGrade } from "./score.ts";

/** One exercise's verdict for the student. */
export interface ExerciseVerdict {
  notebook: string;
  exercise: string;
  ok: boolean;
  line: string;
}

/**
 * The verdicts of graded notebooks: every exercise must pass all its checks;
 * a notebook that could not be run is a failure too.
 *
 * @example
 * ```ts
 * import { exerciseVerdicts } from "./my_exercises.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const verdicts = exerciseVerdicts([{
 *   file: "00_start_here.ipynb", chapter: "00", status: "calificado", details: [],
 *   items: [{ column: "ej-marco", kind: "exercise", points: 0.6, max: 3,
 *     note: "1 de 5 comprobaciones", failures: [], passed: 1, total: 5 }],
 *   total: 0.6, max: 3, cells: [],
 * }]);
 * assertEquals(verdicts.map((v) => [v.ok, v.line]), [
 *   [false, "FALLA  00_start_here.ipynb · ej-marco: 1 de 5 comprobaciones"],
 * ]);
 * ```
 */
export function exerciseVerdicts(
  rows: readonly SubmissionGrade[],
): ExerciseVerdict[] {
  const verdicts: ExerciseVerdict[] = [];
  for (const row of rows) {
    if (row.status === "no calificado") {
      verdicts.push({
        notebook: row.file,
        exercise: "",
        ok: false,
        line: `FALLA  ${row.file}: ${row.details.join("; ")}`,
      });
      continue;
    }
    for (const item of row.items.filter((i) => i.kind === "exercise")) {
      const ok = (item.total ?? 0) > 0 && item.passed === item.total;
      verdicts.push({
        notebook: row.file,
        exercise: item.column,
        ok,
        line: `${
          ok ? "bien " : "FALLA"
        }  ${row.file} · ${item.column}: ${item.note}`,
      });
    }
  }
  return verdicts;
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help")) {
    console.log(
      "Uso: deno task mis-ejercicios [cuaderno.ipynb…]\n\n" +
        "Ejecuta tus cuadernos (por omisión todos los de notebooks/) y termina con\n" +
        "código 1 si algún ejercicio no pasa todas sus comprobaciones.",
    );
    return 0;
  }
  const unavailable = await notebookExecutionUnavailable();
  if (unavailable) {
    console.error(`No puedo ejecutar cuadernos aquí: ${unavailable}`);
    return 1;
  }
  const kitRoot = new URL("../../", import.meta.url).pathname;
  const base = Deno.env.get("INIT_CWD") ?? Deno.cwd();
  const paths = argv.length > 0
    ? argv.map((p) => p.startsWith("/") ? p : join(base, p))
    : await listSubmissions(join(kitRoot, "notebooks"));
  const rows = await gradeAll(paths, {
    kitRoot,
    bounds: DEFAULT_BOUNDS,
    points: DEFAULT_POINTS,
    hiddenDir: null,
  }, new ProgressLine());
  const verdicts = exerciseVerdicts(rows);
  for (const v of verdicts) console.log(v.line);
  const failing = verdicts.filter((v) => !v.ok).length;
  console.log(
    failing === 0
      ? `Todos los ejercicios pasan (${formatNumber(verdicts.length)}).`
      : `${formatNumber(failing)} de ${
        formatNumber(verdicts.length)
      } ejercicios no pasan todavía.`,
  );
  return failing === 0 ? 0 : 1;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
