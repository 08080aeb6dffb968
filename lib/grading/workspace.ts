/**
 * The fresh workspace a submission runs in: a private temp folder holding a
 * copy of the kit's `lib/`, `deno.json` and `deno.lock`, and the submission
 * under `notebooks/`, so its `../lib/mod.ts` import resolves exactly as in
 * the kit. Each submission gets its own folder (its own progress record, no
 * state from the previous one); the grader removes the folder it made.
 *
 * @module
 */

import { join } from "@std/path";
import type { CheckCall } from "./check_calls.ts";
import type { NotebookCell, ReadableSubmission } from "./submission.ts";

/** Paths inside one workspace. */
export interface Workspace {
  /** The workspace's root (a temp folder the grader created). */
  root: string;
  /** The notebook to run (the submission plus the grader's cells). */
  notebook: string;
  /** The progress record the kernel writes (`KIT_PROGRESS_FILE`). */
  progressFile: string;
  /** Where each grader cell writes its exercise result, in call order. */
  resultFiles: string[];
  /** Where the hidden checks are copied before the grader's cells run. */
  hiddenDir: string;
  /** How many cells at the end of the notebook are the grader's. */
  graderCells: number;
  /** The student cell each grader cell re-checks (its `checkExercise` call). */
  graderSources: string[];
}

/** Copies a folder's files and subfolders (symlinks are not followed). */
export async function copyTree(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory) await copyTree(source, target);
    else if (entry.isFile) await Deno.copyFile(source, target);
  }
}

/**
 * The source of the cell the grader appends for one exercise (see
 * `hidden.ts`): SPEC and SOLUTION are the student's own expressions.
 *
 * @example
 * ```ts
 * import { graderCellSource } from "./workspace.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * const source = graderCellSource(
 *   { spec: "frameTextExercise", solution: "frameText", cellId: "c15" },
 *   "/w", null, "/w/.calificador/ej-1.json",
 * );
 * assertStringIncludes(source, "solution: () => (frameText),");
 * assertStringIncludes(source, 'import("file:///w/lib/grading/hidden.ts")');
 * ```
 */
export function graderCellSource(
  call: CheckCall,
  root: string,
  hiddenDir: string | null,
  out: string,
): string {
  const module =
    new URL("lib/grading/hidden.ts", `file://${root.replace(/\/?$/, "/")}`)
      .href;
  return [
    `// Celda del calificador: comprueba ${call.spec} con la solución de la celda ${call.cellId}.`,
    `await (await import(${JSON.stringify(module)})).gradeExerciseInKernel({`,
    `  exercise: () => (${call.spec}),`,
    `  solution: () => (${call.solution}),`,
    `  hiddenDir: ${JSON.stringify(hiddenDir)},`,
    `  out: ${JSON.stringify(out)},`,
    `});`,
  ].join("\n");
}

/**
 * Creates the workspace for one readable submission. `kitRoot` is the kit's
 * checkout (with `lib/`, `deno.json`, `deno.lock`).
 */
export async function createWorkspace(
  kitRoot: string,
  submission: ReadableSubmission,
  withHidden: boolean,
): Promise<Workspace> {
  const root = await Deno.makeTempDir({ prefix: "ipc-kit-calificar-" });
  await copyTree(join(kitRoot, "lib"), join(root, "lib"));
  for (const file of ["deno.json", "deno.lock"]) {
    await Deno.copyFile(join(kitRoot, file), join(root, file)).catch(() => {});
  }
  await Deno.mkdir(join(root, "notebooks"));
  await Deno.mkdir(join(root, ".calificador"));
  const hiddenDir = join(root, "ocultas");
  const resultFiles = submission.checkCalls.map((_, i) =>
    join(root, ".calificador", `ejercicio-${i + 1}.json`)
  );
  const graderCells: NotebookCell[] = submission.checkCalls.map((call, i) => ({
    cell_type: "code",
    id: `calificador-${i + 1}`,
    metadata: {},
    execution_count: null,
    outputs: [],
    source: graderCellSource(
      call,
      root,
      withHidden ? hiddenDir : null,
      resultFiles[i],
    ),
  }));
  const notebook = {
    ...submission.notebook,
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      ...submission.notebook.metadata,
      kernelspec: {
        name: "deno",
        display_name: "Deno",
        language: "typescript",
      },
    },
    cells: [...submission.notebook.cells, ...graderCells],
  };
  const path = join(root, "notebooks", submission.name);
  await Deno.writeTextFile(path, JSON.stringify(notebook, null, 1) + "\n");
  return {
    root,
    notebook: path,
    progressFile: join(root, ".calificador", "progreso.json"),
    resultFiles,
    hiddenDir,
    graderCells: graderCells.length,
    graderSources: submission.checkCalls.map((c) => c.cellId),
  };
}
