/**
 * A submitted notebook, read defensively: a file that is not JSON or not a
 * Jupyter notebook becomes a Spanish reason (the gradebook's row), never an
 * exception that stops the grader. A readable one yields its chapter, its
 * code cells, the `checkExercise` calls to re-run, and what it lacks compared
 * with the kit's starter (a missing kernelspec, deleted cells).
 *
 * @module
 */

import { basename } from "@std/path";
import { QUIZ_BANKS } from "../notebook/quiz_bank.ts";
import {
  type CheckCall,
  findCheckCalls,
  lastCallPerExercise,
} from "./check_calls.ts";

/** A notebook cell, as much of it as the grader needs. */
export interface NotebookCell {
  cell_type: string;
  id?: string;
  source: string | string[];
  metadata?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A submission that can be run. */
export interface ReadableSubmission {
  ok: true;
  /** The file name, e.g. `ana_00_start_here.ipynb`. */
  name: string;
  /** The notebook JSON (kept whole: it is what runs). */
  notebook: {
    cells: NotebookCell[];
    metadata: Record<string, unknown>;
    [key: string]: unknown;
  };
  /** The kit chapter it belongs to (`"00"`…), or `null` if none matched. */
  chapter: string | null;
  /** The last `checkExercise` call per exercise in its code cells. */
  checkCalls: CheckCall[];
  /** Spanish notes for the gradebook (no kernelspec, deleted cells). */
  warnings: string[];
}

/** A submission that cannot be run, with the Spanish reason. */
export interface UnreadableSubmission {
  ok: false;
  name: string;
  reason: string;
}

/** The cell's source as one string. */
export function sourceText(cell: NotebookCell): string {
  return Array.isArray(cell.source)
    ? cell.source.join("")
    : String(cell.source ?? "");
}

/**
 * The kit chapter a submission belongs to: the chapter whose notebook's name
 * (without `.ipynb`) the file name contains, else a two-digit chapter number
 * standing alone in the file name, else the chapter its first `quiz("NN", …)`
 * cell asks.
 *
 * @example
 * ```ts
 * import { chapterOf } from "./submission.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(chapterOf("ana-03_pipes.ipynb", []), "03");
 * assertEquals(chapterOf("entrega_07.ipynb", []), "07");
 * assertEquals(chapterOf("x.ipynb", ['await quiz("05", "q2");']), "05");
 * assertEquals(chapterOf("2025.ipynb", []), null);
 * ```
 */
export function chapterOf(
  fileName: string,
  codeSources: readonly string[],
): string | null {
  for (const [chapter, bank] of Object.entries(QUIZ_BANKS)) {
    if (fileName.includes(bank.notebook.replace(/\.ipynb$/, ""))) {
      return chapter;
    }
  }
  const number = fileName.match(/(?:^|[^0-9])(\d{2})(?:[^0-9]|$)/)?.[1];
  if (number && number in QUIZ_BANKS) return number;
  for (const source of codeSources) {
    const asked = source.match(/quiz\(\s*["'](\d{2})["']/)?.[1];
    if (asked && asked in QUIZ_BANKS) return asked;
  }
  return null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Cells with a valid, unique id each (one is made up where missing or
 * repeated) and code cells without the outputs the student submitted: what
 * is graded is what runs.
 */
function normalizedCells(cells: NotebookCell[]): NotebookCell[] {
  const seen = new Set<string>();
  return cells.map((cell, i) => {
    let id = typeof cell.id === "string" && /^[\w-]{1,64}$/.test(cell.id)
      ? cell.id
      : `celda-${i}`;
    if (seen.has(id)) id = `${id}-${i}`;
    seen.add(id);
    const base: NotebookCell = { ...cell, id, metadata: cell.metadata ?? {} };
    // What runs is the student's code; outputs they submitted are not evidence.
    return cell.cell_type === "code"
      ? { ...base, outputs: [], execution_count: null }
      : base;
  });
}

/**
 * Reads a submission from its text. `starterCellIds` are the code cell ids of
 * the kit's notebook for the same chapter (to report deleted cells).
 *
 * @example Broken JSON and a notebook without kernelspec
 * ```ts
 * import { readSubmission } from "./submission.ts";
 * import { assert, assertEquals } from "@std/assert";
 *
 * const broken = readSubmission("a.ipynb", '{"cells": [', () => []);
 * assert(!broken.ok && broken.reason.startsWith("el archivo no es JSON válido"));
 * const cell = { cell_type: "code", id: "c1", source: "await checkExercise(e, f);", metadata: {}, outputs: [] };
 * const bare = readSubmission("00_start_here.ipynb", JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [cell] }), () => ["c1", "c2"]);
 * if (!bare.ok) throw new Error(bare.reason);
 * assertEquals(bare.chapter, "00");
 * assertEquals(bare.checkCalls.map((c) => c.solution), ["f"]);
 * assertEquals(bare.warnings, [
 *   "el cuaderno no declara el kernel de Deno (metadata.kernelspec); se ejecutó con Deno",
 *   "faltan 1 celdas de código del enunciado: c2",
 * ]);
 * ```
 */
export function readSubmission(
  name: string,
  text: string,
  starterCellIds: (chapter: string) => readonly string[],
): ReadableSubmission | UnreadableSubmission {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      name,
      reason: `el archivo no es JSON válido (${(error as Error).message})`,
    };
  }
  if (
    !isObject(parsed) || parsed.nbformat !== 4 ||
    !Array.isArray(parsed.cells) ||
    !parsed.cells.every((c) => isObject(c) && typeof c.cell_type === "string")
  ) {
    return {
      ok: false,
      name,
      reason:
        "no es un cuaderno de Jupyter en formato 4 (faltan nbformat: 4 o la lista de celdas)",
    };
  }
  const notebook = parsed as ReadableSubmission["notebook"];
  if (!isObject(notebook.metadata)) notebook.metadata = {};
  notebook.cells = normalizedCells(notebook.cells);
  const code = notebook.cells.filter((c) => c.cell_type === "code");
  const chapter = chapterOf(name, code.map(sourceText));
  const warnings: string[] = [];
  const kernelspec = notebook.metadata.kernelspec;
  if (!isObject(kernelspec) || kernelspec.name !== "deno") {
    warnings.push(
      "el cuaderno no declara el kernel de Deno (metadata.kernelspec); se ejecutó con Deno",
    );
  }
  if (chapter !== null) {
    const present = new Set(code.map((c) => c.id));
    const missing = starterCellIds(chapter).filter((id) => !present.has(id));
    if (missing.length > 0) {
      warnings.push(
        `faltan ${missing.length} celdas de código del enunciado: ${
          missing.slice(0, 8).join(", ")
        }${missing.length > 8 ? "…" : ""}`,
      );
    }
  }
  const calls = code.flatMap((c) => findCheckCalls(sourceText(c), c.id!));
  return {
    ok: true,
    name: basename(name),
    notebook,
    chapter,
    checkCalls: lastCallPerExercise(calls),
    warnings,
  };
}

/**
 * The code cell ids of the kit's own notebook for a chapter (empty when the
 * kit has none), read from `notebooksDir`.
 */
export async function starterCodeCellIds(
  notebooksDir: string,
  chapter: string,
): Promise<string[]> {
  const bank = QUIZ_BANKS[chapter];
  if (!bank) return [];
  try {
    const nb = JSON.parse(
      await Deno.readTextFile(`${notebooksDir}/${bank.notebook}`),
    );
    return (nb.cells as NotebookCell[])
      .filter((c) => c.cell_type === "code" && typeof c.id === "string")
      .map((c) => c.id as string);
  } catch {
    return [];
  }
}
