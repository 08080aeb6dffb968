/**
 * The notebook-formatting step of `deno task check`: every notebook is
 * formatted exactly as `deno fmt` would leave it.
 *
 * `deno fmt --check` cannot be trusted on `.ipynb` files (Deno 2.9), so the
 * check task runs it with the notebooks ignored and checks them here. Deno's
 * Jupyter formatter trims the final newline that the TypeScript and Markdown
 * formatters add to a cell, but still counts every cell it sent to them as
 * changed, so it hands back the notebook's own text as a "change".
 * `--check` then calls an already formatted notebook "not formatted" with an
 * empty diff. A plain `deno fmt` rewrites the identical file and records it in
 * Deno's formatting cache, after which `--check` skips it: the check passes
 * or fails according to the cache (always fails on a fresh clone), not to the
 * file. Here the file is compared with the formatter's output, read through
 * stdin so that no cache is involved.
 *
 * Run: `deno run --allow-read --allow-run lib/tools/check.ts [notebooks/NN_name.ipynb ...]`
 *
 * @module
 */

import {
  cellSource,
  listNotebooks,
  type Notebook,
  type NotebookCheck,
} from "./check_notebooks.ts";
import { WaitTimeoutError } from "../util/deadline.ts";

/**
 * Names the cells whose source differs between a notebook and its formatted
 * version, by position (formatting never adds or removes cells).
 *
 * @example A reformatted code cell is named by its id
 * ```ts
 * import { changedCells } from "./check.ts";
 * import type { Notebook } from "./check_notebooks.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const notebook = (source: string): Notebook => ({
 *   nbformat: 4,
 *   nbformat_minor: 5,
 *   metadata: {},
 *   cells: [
 *     { id: "intro", cell_type: "markdown", source: "# Hola", metadata: {} },
 *     { id: "suma", cell_type: "code", source, metadata: {} },
 *   ],
 * });
 * assertEquals(changedCells(notebook("const  x=1"), notebook("const x = 1;")), ["suma"]);
 * assertEquals(changedCells(notebook("const x = 1;"), notebook("const x = 1;")), []);
 * ```
 */
export function changedCells(
  original: Notebook,
  formatted: Notebook,
): string[] {
  const changed: string[] = [];
  const count = Math.max(original.cells.length, formatted.cells.length);
  for (let i = 0; i < count; i++) {
    const before = original.cells[i];
    const after = formatted.cells[i];
    if (!before || !after || cellSource(before) !== cellSource(after)) {
      changed.push(before?.id ?? after?.id ?? `#${i}`);
    }
  }
  return changed;
}

/**
 * Formats a notebook's text exactly as `deno fmt` would (same Deno, same
 * deno.json options), through stdin so no formatting cache is involved.
 * Rejects with a `SyntaxError` carrying the formatter's message when the text
 * is not JSON, and with a `WaitTimeoutError` (the formatter killed) after
 * `timeoutMs`. Like `deno fmt`, it leaves a cell that does not parse as it is
 * (`deno task check-notebooks` reports that cell).
 *
 * @example Formatting a code cell
 * ```ts
 * import { formatNotebookText } from "./check.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const text = JSON.stringify({
 *   nbformat: 4,
 *   nbformat_minor: 5,
 *   metadata: { language_info: { name: "typescript" } },
 *   cells: [{ id: "a", cell_type: "code", source: ["const  x=1"], metadata: {} }],
 * });
 * const formatted = JSON.parse(await formatNotebookText(text));
 * assertEquals(formatted.cells[0].source, ["const x = 1;"]);
 * ```
 */
export async function formatNotebookText(
  text: string,
  timeoutMs = 60_000,
): Promise<string> {
  const signal = AbortSignal.timeout(timeoutMs);
  const child = new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--ext=ipynb", "-"],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
    signal,
  }).spawn();
  const writer = child.stdin.getWriter();
  let writeError: unknown = null;
  // Written while the output is read, so a large notebook cannot fill both pipes.
  const written = writer.write(new TextEncoder().encode(text))
    .then(() => writer.close())
    .catch((error) => {
      writeError = error;
    });
  const out = await child.output();
  await written;
  if (signal.aborted) throw new WaitTimeoutError("a deno fmt", timeoutMs);
  if (writeError) throw writeError;
  const decoder = new TextDecoder();
  if (!out.success) {
    throw new SyntaxError(
      `deno fmt no pudo formatear el cuaderno: ${
        decoder.decode(out.stderr).trim() || `código de salida ${out.code}`
      }`,
    );
  }
  return decoder.decode(out.stdout);
}

/**
 * Checks that a notebook is formatted as `deno fmt` would leave it: passes on
 * a formatted notebook and fails, naming the cells, on an unformatted one,
 * whatever Deno's formatting cache holds.
 *
 * @example An unformatted cell fails the check, by name
 * ```ts
 * import { checkNotebookFormat } from "./check.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const dir = await Deno.makeTempDir();
 * const path = `${dir}/borrador.ipynb`;
 * const cell = (source: string) => ({ id: "suma", cell_type: "code", source: [source], metadata: {} });
 * const notebook = (source: string) =>
 *   JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: { language_info: { name: "typescript" } }, cells: [cell(source)] });
 * try {
 *   await Deno.writeTextFile(path, notebook("const  x=1"));
 *   const bad = await checkNotebookFormat(path);
 *   assertEquals([bad.ok, bad.report.includes("(celdas suma)")], [false, true]);
 *   await Deno.writeTextFile(path, notebook("const x = 1;"));
 *   assertEquals((await checkNotebookFormat(path)).ok, true);
 * } finally {
 *   await Deno.remove(dir, { recursive: true });
 * }
 * ```
 */
export async function checkNotebookFormat(
  path: string,
): Promise<NotebookCheck> {
  const text = await Deno.readTextFile(path);
  let formatted: string;
  try {
    formatted = await formatNotebookText(text);
  } catch (error) {
    return { path, ok: false, report: `${path}: ${(error as Error).message}` };
  }
  if (formatted === text) return { path, ok: true, report: "" };
  const cells = changedCells(
    JSON.parse(text) as Notebook,
    JSON.parse(formatted) as Notebook,
  );
  const where = cells.length > 0
    ? `celdas ${cells.join(", ")}`
    : "el texto del cuaderno fuera de sus celdas";
  return {
    path,
    ok: false,
    report:
      `${path} no está formateado (${where}): ejecuta \`deno fmt ${path}\``,
  };
}

if (import.meta.main) {
  const paths = Deno.args.length > 0 ? Deno.args : await listNotebooks();
  let failed = 0;
  for (const path of paths) {
    const result = await checkNotebookFormat(path);
    if (!result.ok) {
      failed++;
      console.log(result.report);
    }
  }
  if (failed) {
    console.log(`${failed} de ${paths.length} cuadernos sin formatear`);
    Deno.exit(1);
  }
  console.log(`Formato revisado en ${paths.length} cuadernos`);
}
