/**
 * Grades submissions: each one read defensively, run in a fresh workspace
 * through the real kernel, scored, and written to the gradebook. Whatever a
 * submission does, it ends as a row; the grader itself does not crash.
 *
 * @module
 */

import { basename, join } from "@std/path";
import { formatNumber } from "../notebook/number_format.ts";
import { readProgress } from "../notebook/progress.ts";
import { emptyProgress } from "../notebook/progress_format.ts";
import { QUIZ_BANKS } from "../notebook/quiz_bank.ts";
import { gradebookCsv, gradebookJson } from "./gradebook.ts";
import type { KernelExerciseResult } from "./hidden.ts";
import { loadHiddenChecks } from "./hidden.ts";
import type { PointsConfig } from "./points.ts";
import type { ProgressLine } from "./progress_bar.ts";
import { progressText } from "./progress_bar.ts";
import { submissionReport } from "./report.ts";
import { type RunBounds, runWorkspace } from "./runner.ts";
import { scoreSubmission, type SubmissionGrade, ungradedRow } from "./score.ts";
import { readSubmission, starterCodeCellIds } from "./submission.ts";
import { copyTree, createWorkspace } from "./workspace.ts";

/** How to grade. */
export interface GradeOptions {
  /** The kit checkout whose `lib/` the submissions import. */
  kitRoot: string;
  bounds: RunBounds;
  points: PointsConfig;
  /** The instructor's hidden checks folder, or `null`. */
  hiddenDir: string | null;
}

/**
 * The `.ipynb` files to grade: the path itself, or the notebooks directly in
 * a folder (sorted; Jupyter's checkpoints are not submissions).
 *
 * @throws {Deno.errors.NotFound} When the path does not exist.
 */
export async function listSubmissions(target: string): Promise<string[]> {
  const info = await Deno.stat(target);
  if (!info.isDirectory) return [target];
  const found: string[] = [];
  for await (const entry of Deno.readDir(target)) {
    if (entry.isFile && entry.name.endsWith(".ipynb")) {
      found.push(join(target, entry.name));
    }
  }
  return found.sort();
}

async function readJsonOr<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await Deno.readTextFile(path)) as T;
  } catch {
    return undefined;
  }
}

/** Grades one submission; never throws (a failure is a "no calificado" row). */
export async function gradeSubmission(
  path: string,
  options: GradeOptions,
  context: {
    starters: Readonly<Record<string, readonly string[]>>;
    hiddenCounts: Readonly<Record<string, number>>;
    onProgress?: (cell: number, cells: number) => void;
  },
): Promise<SubmissionGrade> {
  const file = basename(path);
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    return ungradedRow(
      file,
      null,
      `no se pudo leer el archivo (${(error as Error).message})`,
    );
  }
  const submission = readSubmission(
    file,
    text,
    (ch) => context.starters[ch] ?? [],
  );
  if (!submission.ok) return ungradedRow(file, null, submission.reason);
  let root: string | null = null;
  try {
    const workspace = await createWorkspace(
      options.kitRoot,
      submission,
      options.hiddenDir !== null,
    );
    root = workspace.root;
    const report = await runWorkspace(workspace, options.bounds, {
      hiddenFrom: options.hiddenDir,
      onProgress: context.onProgress,
    });
    const warnings = [...submission.warnings];
    let progress = emptyProgress();
    try {
      const read = await readProgress(workspace.progressFile);
      progress = read.progress;
      if (read.warning) warnings.push(read.warning);
    } catch (error) {
      warnings.push(
        `no se pudo leer el registro de progreso: ${(error as Error).message}`,
      );
    }
    const kernelResults = await Promise.all(
      workspace.resultFiles.map((f) => readJsonOr<KernelExerciseResult>(f)),
    );
    return scoreSubmission({
      file,
      chapter: submission.chapter,
      warnings,
      report,
      progress,
      kernelResults,
      hiddenCounts: context.hiddenCounts,
      bounds: options.bounds,
    }, options.points);
  } catch (error) {
    return ungradedRow(
      file,
      submission.chapter,
      `error del calificador: ${(error as Error).message}`,
    );
  } finally {
    if (root !== null) {
      await Deno.remove(root, { recursive: true }).catch(() => {});
    }
  }
}

/** The kit's starter code cell ids per chapter (to report deleted cells). */
export async function loadStarters(
  kitRoot: string,
): Promise<Record<string, string[]>> {
  const starters: Record<string, string[]> = {};
  for (const chapter of Object.keys(QUIZ_BANKS)) {
    starters[chapter] = await starterCodeCellIds(
      join(kitRoot, "notebooks"),
      chapter,
    );
  }
  return starters;
}

/**
 * How many hidden checks each exercise has (empty without a folder). The
 * modules are loaded from a copy placed as in a workspace (`ocultas/` beside
 * the kit's `lib/`), so their `../lib/…` imports resolve here too.
 */
export async function hiddenCheckCounts(
  dir: string | null,
  kitRoot: string,
): Promise<Record<string, number>> {
  if (dir === null) return {};
  const root = await Deno.makeTempDir({ prefix: "ipc-kit-ocultas-" });
  try {
    await Deno.symlink(join(kitRoot, "lib"), join(root, "lib"));
    await copyTree(dir, join(root, "ocultas"));
    const checks = await loadHiddenChecks(join(root, "ocultas"));
    return Object.fromEntries(
      Object.entries(checks).map(([id, list]) => [id, list.length]),
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

/** Grades every submission in order, showing progress. */
export async function gradeAll(
  paths: readonly string[],
  options: GradeOptions,
  progress: ProgressLine,
): Promise<SubmissionGrade[]> {
  const starters = await loadStarters(options.kitRoot);
  const hiddenCounts = await hiddenCheckCounts(
    options.hiddenDir,
    options.kitRoot,
  );
  const rows: SubmissionGrade[] = [];
  for (const [done, path] of paths.entries()) {
    const name = basename(path);
    const state = { done, total: paths.length, name, cell: 0, cells: 0 };
    progress.plain(`${done + 1}/${paths.length} ${name}: ejecutando…`);
    progress.show(progressText(state));
    const row = await gradeSubmission(path, options, {
      starters,
      hiddenCounts,
      onProgress: (cell, cells) =>
        progress.show(progressText({ ...state, cell, cells })),
    });
    rows.push(row);
    progress.note(
      `${done + 1}/${paths.length} ${name}: ${row.status}, ${
        formatNumber(row.total)
      } de ${formatNumber(row.max)} puntos`,
    );
  }
  progress.finish();
  return rows;
}

/** Writes `grades.csv`, `grades.json` and one `<name>.md` per submission. */
export async function writeGradebook(
  outDir: string,
  rows: readonly SubmissionGrade[],
): Promise<void> {
  await Deno.mkdir(outDir, { recursive: true });
  await Deno.writeTextFile(join(outDir, "grades.csv"), gradebookCsv(rows));
  await Deno.writeTextFile(join(outDir, "grades.json"), gradebookJson(rows));
  for (const row of rows) {
    await Deno.writeTextFile(
      join(outDir, `${row.file.replace(/\.ipynb$/, "")}.md`),
      submissionReport(row),
    );
  }
}
