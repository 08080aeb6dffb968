/**
 * Type-checks and lints the code cells of notebooks against lib.
 *
 * The Deno kernel does not type-check, and `deno check`/`deno lint` do not
 * read `.ipynb` files, so a notebook could call lib with the wrong types and
 * nobody would know until a student ran it. This tool concatenates each
 * notebook's code cells (in order, as the kernel sees them) into a module in
 * `notebooks/.nbcheck/`, checks and lints it, maps diagnostics back to cells,
 * and deletes the module.
 *
 * Their formatting is checked by `lib/tools/check.ts`.
 *
 * Run: `deno task check-notebooks [notebooks/NN_name.ipynb ...]`
 *
 * @module
 */

import { basename, join } from "@std/path";

/** The parts of an nbformat-4 notebook this kit reads. */
export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: {
    kernelspec?: { name?: string; display_name?: string; language?: string };
    [key: string]: unknown;
  };
  cells: NotebookCell[];
}

/** One notebook cell. */
export interface NotebookCell {
  id?: string;
  cell_type: "code" | "markdown" | "raw";
  source: string | string[];
  metadata: { tags?: string[]; [key: string]: unknown };
  outputs?: unknown[];
  execution_count?: number | null;
}

/**
 * Joins a cell's source (nbformat stores it as a string or a list of lines).
 *
 * @example
 * ```ts
 * import { cellSource } from "./check_notebooks.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(cellSource({ cell_type: "code", source: ["a\n", "b"], metadata: {} }), "a\nb");
 * ```
 */
export function cellSource(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/** A notebook's code as one module, with the cell each line came from. */
export interface ExtractedModule {
  code: string;
  /** For each line of `code` (0-based), the cell id and the line within the cell. */
  lineMap: { cellId: string; cellLine: number }[];
}

/**
 * Concatenates a notebook's code cells into one module. Relative imports are
 * rewritten to resolve from `notebooks/.nbcheck/` as they do from `notebooks/`.
 *
 * @example
 * ```ts
 * import { extractModule } from "./check_notebooks.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const m = extractModule({
 *   nbformat: 4,
 *   nbformat_minor: 5,
 *   metadata: {},
 *   cells: [{ id: "a", cell_type: "code", source: 'import { x } from "../lib/mod.ts";', metadata: {} }],
 * });
 * assertEquals(m.code.includes('from "../../lib/mod.ts"'), true);
 * // line 2 of the module (after the cell marker) is line 1 of cell "a"
 * assertEquals(m.lineMap[1], { cellId: "a", cellLine: 1 });
 * ```
 */
export function extractModule(notebook: Notebook): ExtractedModule {
  const lines: string[] = [];
  const lineMap: ExtractedModule["lineMap"] = [];
  notebook.cells.forEach((cell, index) => {
    if (cell.cell_type !== "code") return;
    const cellId = cell.id ?? `#${index}`;
    lines.push(`// ---- cell ${cellId} ----`);
    lineMap.push({ cellId, cellLine: 0 });
    const source = cellSource(cell).replace(
      /((?:from|import)\s*\(?\s*["'])\.\.\//g,
      "$1../../",
    );
    source.split("\n").forEach((line, i) => {
      lines.push(line);
      lineMap.push({ cellId, cellLine: i + 1 });
    });
  });
  lines.push("export {};");
  lineMap.push({ cellId: "(end)", cellLine: 0 });
  return { code: lines.join("\n") + "\n", lineMap };
}

/** Reads and parses a notebook file. */
export async function readNotebook(path: string): Promise<Notebook> {
  const text = await Deno.readTextFile(path);
  try {
    return JSON.parse(text) as Notebook;
  } catch (cause) {
    throw new SyntaxError(`${path} no es JSON válido`, { cause });
  }
}

/** Lists the notebooks of the kit, sorted. */
export async function listNotebooks(dir = "notebooks"): Promise<string[]> {
  const paths: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && entry.name.endsWith(".ipynb")) {
      paths.push(join(dir, entry.name));
    }
  }
  return paths.sort();
}

function mapDiagnostics(
  output: string,
  file: string,
  module: ExtractedModule,
): string {
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return output.replace(
    new RegExp(`\\S*${escaped}:(\\d+):(\\d+)`, "g"),
    (_, line, col) => {
      const entry = module.lineMap[Number(line) - 1];
      return entry
        ? `celda ${entry.cellId}, línea ${entry.cellLine}:${col}`
        : `${line}:${col}`;
    },
  );
}

/** The outcome of checking one notebook. */
export interface NotebookCheck {
  path: string;
  ok: boolean;
  /** Diagnostics, mapped back to cells. */
  report: string;
}

async function runDeno(args: string[]): Promise<{ ok: boolean; text: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
    // Bounded: a type check of every notebook on a cold cache takes minutes, never ten.
    signal: AbortSignal.timeout(600_000),
  }).output();
  const dec = new TextDecoder();
  return {
    ok: out.success,
    text: dec.decode(out.stdout) + dec.decode(out.stderr),
  };
}

/**
 * Writes a notebook's code cells as a module under notebooks/.nbcheck (so
 * `../lib/mod.ts` resolves as in the notebook), under a name of its own per
 * call: checks of one notebook may run at once (the check task beside the
 * test suite, or parallel test files). The caller removes the file.
 */
async function writeCheckModule(
  path: string,
): Promise<{ file: string; module: ExtractedModule }> {
  const module = extractModule(await readNotebook(path));
  const dir = join("notebooks", ".nbcheck");
  await Deno.mkdir(dir, { recursive: true });
  const file = join(
    dir,
    basename(path).replace(
      /\.ipynb$/,
      `.${Deno.pid}-${crypto.randomUUID().slice(0, 8)}.ts`,
    ),
  );
  await Deno.writeTextFile(file, module.code);
  return { file, module };
}

/**
 * Type-checks and lints one notebook's code cells.
 *
 * @example Checking the start-here notebook
 * ```ts ignore
 * import { checkNotebook } from "./check_notebooks.ts";
 * const result = await checkNotebook("notebooks/00_start_here.ipynb");
 * console.log(result.ok, result.report);
 * ```
 */
export async function checkNotebook(path: string): Promise<NotebookCheck> {
  const { file, module } = await writeCheckModule(path);
  try {
    const check = await runDeno(["check", "--quiet", file]);
    const lint = await runDeno(["lint", "--no-config", "--quiet", file]);
    const report = [check.ok ? "" : check.text, lint.ok ? "" : lint.text]
      .filter(Boolean)
      .map((t) => mapDiagnostics(t, basename(file), module))
      .join("\n");
    return { path, ok: check.ok && lint.ok, report };
  } finally {
    await Deno.remove(file).catch(() => {});
  }
}

/**
 * Type-checks and lints several notebooks with one `deno check` and one
 * `deno lint` (run side by side) instead of two processes per notebook: lib's
 * module graph is loaded once. When either finds a problem, each notebook is
 * checked again on its own, so every report names only its own cells.
 *
 * @example A notebook whose only cell is fine
 * ```ts
 * import { checkNotebooks } from "./check_notebooks.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const dir = await Deno.makeTempDir();
 * const path = `${dir}/ok.ipynb`;
 * await Deno.writeTextFile(path, JSON.stringify({
 *   cells: [{ cell_type: "code", id: "a", metadata: {}, outputs: [], execution_count: null, source: "const n: number = 1;\nconsole.log(n);" }],
 *   metadata: {}, nbformat: 4, nbformat_minor: 5,
 * }));
 * const [result] = await checkNotebooks([path]);
 * assertEquals([result.path, result.ok], [path, true]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function checkNotebooks(
  paths: readonly string[],
): Promise<NotebookCheck[]> {
  if (paths.length === 0) return [];
  const files: string[] = [];
  try {
    for (const path of paths) files.push((await writeCheckModule(path)).file);
    const [check, lint] = await Promise.all([
      runDeno(["check", "--quiet", ...files]),
      runDeno(["lint", "--no-config", "--quiet", ...files]),
    ]);
    if (check.ok && lint.ok) {
      return paths.map((path) => ({ path, ok: true, report: "" }));
    }
  } finally {
    for (const file of files) await Deno.remove(file).catch(() => {});
  }
  const results: NotebookCheck[] = [];
  for (const path of paths) results.push(await checkNotebook(path));
  return results;
}

if (import.meta.main) {
  const paths = Deno.args.length > 0 ? Deno.args : await listNotebooks();
  let failed = 0;
  for (const result of await checkNotebooks(paths)) {
    const path = result.path;
    console.log(`${result.ok ? "ok   " : "FALLA"} ${path}`);
    if (!result.ok) {
      failed++;
      console.log(result.report);
    }
  }
  if (failed) {
    console.log(`${failed} cuadernos fallaron la revisión de tipos o el lint`);
    Deno.exit(1);
  }
}
