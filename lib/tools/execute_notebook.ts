/**
 * Executes notebooks through the real Jupyter kernel protocol and judges the
 * result.
 *
 * The Deno kernel is what students run, so the tests run it too: nbclient
 * (the reference Jupyter client, from Debian's python3-nbclient) starts the
 * `deno` kernelspec and executes every cell. The judge then fails on an error
 * output, on a code cell that showed nothing (kit cells always show their
 * result explicitly unless tagged "silent"), on a "chart" cell without a PNG,
 * on a "quiz" cell without Markdown, and on an expected text that is missing.
 *
 * Run: `deno run -A lib/tools/execute_notebook.ts notebooks/00_start_here.ipynb`
 *
 * @module
 */

import { formatNumber } from "../notebook/number_format.ts";

/** One output of an executed cell. */
export interface ExecutedOutput {
  type: string;
  mimes: string[];
  text: string;
}

/** One executed code cell. */
export interface ExecutedCell {
  index: number;
  id: string;
  tags: string[];
  kit: { expect?: string[] };
  executed: boolean;
  /** Wall time from busy to idle, from nbclient's timing metadata (null if absent). */
  seconds: number | null;
  outputs: ExecutedOutput[];
}

/** The result of executing one notebook. */
export interface NotebookRun {
  path: string;
  seconds: number;
  /** Set when execution stopped early (cell timeout, dead kernel). */
  failure: string | null;
  /** Outputs that arrived after the kernel reported their cell idle (kept). */
  late_outputs?: number;
  cells: ExecutedCell[];
}

const RUNNER = new URL("./run_notebook.py", import.meta.url);

/** The Python that has nbclient: `KIT_PYTHON`, else Debian's `/usr/bin/python3`. */
export function jupyterPython(): string {
  return Deno.env.get("KIT_PYTHON") ?? "/usr/bin/python3";
}

/**
 * Whether notebooks can be executed here: nbclient importable and the `deno`
 * kernelspec installed. Returns the reason when not.
 *
 * @example
 * ```ts
 * import { notebookExecutionUnavailable } from "./execute_notebook.ts";
 * import { assert } from "@std/assert";
 *
 * const reason = await notebookExecutionUnavailable();
 * assert(reason === null || typeof reason === "string");
 * ```
 */
export async function notebookExecutionUnavailable(): Promise<string | null> {
  const python = jupyterPython();
  try {
    const probe = await new Deno.Command(python, {
      args: [
        "-c",
        "import nbclient, jupyter_client.kernelspec as k; k.KernelSpecManager().get_kernel_spec('deno')",
      ],
      stdout: "null",
      stderr: "piped",
    }).output();
    if (probe.success) return null;
    const err = new TextDecoder().decode(probe.stderr).trim().split("\n").at(
      -1,
    );
    return `${python} no puede ejecutar el kernel de Deno: ${err} ` +
      "(instala jupyter-nbconvert python3-nbclient jupyter-client y luego ejecuta `deno jupyter --install`)";
  } catch (error) {
    return `${python} no está disponible: ${(error as Error).message}`;
  }
}

/**
 * Executes a notebook top to bottom in the Deno kernel.
 *
 * @example Executing the start-here notebook (when Jupyter is present)
 * ```ts ignore
 * import { executeNotebook } from "./execute_notebook.ts";
 * const run = await executeNotebook("notebooks/00_start_here.ipynb");
 * console.log(run.seconds);
 * ```
 */
export async function executeNotebook(
  path: string,
  options: {
    cellTimeoutSeconds?: number;
    /** Extra environment for the runner and the kernel it starts. */
    env?: Record<string, string>;
    /** Another checkout's run_notebook.py (default: this kit's), e.g. to time an older kit with its own runner. */
    runner?: string;
  } = {},
): Promise<NotebookRun> {
  const runner = options.runner ?? RUNNER.pathname;
  const output = await new Deno.Command(jupyterPython(), {
    args: [runner, path, String(options.cellTimeoutSeconds ?? 90)],
    // Automated runs never write into the learner's own progress record.
    env: {
      KIT_PROGRESS_FILE: Deno.env.get("KIT_PROGRESS_FILE") ?? "off",
      ...options.env,
    },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(output.stdout);
  if (!output.success) {
    const stderr = new TextDecoder().decode(output.stderr);
    throw new Error(
      `El ejecutor de cuadernos falló con ${path}: ${
        stderr.trim().slice(-2000)
      }`,
    );
  }
  return JSON.parse(stdout) as NotebookRun;
}

/**
 * Lists what is wrong with an executed notebook (empty when it is good).
 *
 * @example A chart cell without an image is a problem
 * ```ts
 * import { judgeNotebookRun } from "./execute_notebook.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const problems = judgeNotebookRun({
 *   path: "x.ipynb",
 *   seconds: 1,
 *   failure: null,
 *   cells: [{
 *     index: 0,
 *     id: "c1",
 *     tags: ["chart"],
 *     kit: {},
 *     executed: true,
 *     seconds: 0.1,
 *     outputs: [{ type: "stream", mimes: [], text: "hola" }],
 *   }],
 * });
 * assertEquals(problems, ['celda c1 (#0): tiene la etiqueta "chart" pero no muestra una image/png']);
 * ```
 */
export function judgeNotebookRun(run: NotebookRun): string[] {
  const problems: string[] = [];
  if (run.failure) problems.push(`la ejecución se detuvo: ${run.failure}`);
  for (const cell of run.cells) {
    const where = `celda ${cell.id} (#${cell.index})`;
    if (!cell.executed) {
      problems.push(`${where}: no se ejecutó`);
      continue;
    }
    for (const o of cell.outputs) {
      if (o.type === "error") {
        problems.push(`${where}: salida de error: ${o.text}`);
      }
    }
    const silent = cell.tags.includes("silent");
    const visible = cell.outputs.filter((o) =>
      o.type === "stream" || o.mimes.length > 0
    );
    if (!silent && visible.length === 0) {
      problems.push(
        `${where}: no muestra nada (muestra los resultados explícitamente o ponle la etiqueta "silent")`,
      );
    }
    if (
      cell.tags.includes("chart") &&
      !cell.outputs.some((o) => o.mimes.includes("image/png"))
    ) {
      problems.push(
        `${where}: tiene la etiqueta "chart" pero no muestra una image/png`,
      );
    }
    if (
      cell.tags.includes("quiz") &&
      !cell.outputs.some((o) => o.mimes.includes("text/markdown"))
    ) {
      problems.push(
        `${where}: tiene la etiqueta "quiz" pero no muestra una pregunta en Markdown`,
      );
    }
    // Tables escape Markdown (`msg\_max`); expectations name the plain text.
    const text = cell.outputs.map((o) => o.text).join("\n")
      .replace(/\\([\\`*_~<>[\]|])/g, "$1");
    for (const expected of cell.kit.expect ?? []) {
      if (!text.includes(expected)) {
        problems.push(`${where}: se esperaba la salida "${expected}"`);
      }
    }
  }
  return problems;
}

if (import.meta.main) {
  const paths = Deno.args.length > 0 ? Deno.args : [];
  if (paths.length === 0) {
    console.error(
      "uso: deno run -A lib/tools/execute_notebook.ts notebooks/NN_nombre.ipynb ...",
    );
    Deno.exit(2);
  }
  const unavailable = await notebookExecutionUnavailable();
  if (unavailable) {
    console.error(unavailable);
    Deno.exit(1);
  }
  let bad = 0;
  for (const path of paths) {
    const run = await executeNotebook(path);
    for (const cell of run.cells) {
      console.log(
        `--- celda ${cell.id} (#${cell.index}) [${cell.tags.join(",")}]`,
      );
      for (const o of cell.outputs) {
        console.log(
          `  <${o.type}${o.mimes.length ? " " + o.mimes.join(",") : ""}>`,
        );
        if (o.text) {
          console.log(o.text.split("\n").map((l) => "    " + l).join("\n"));
        }
      }
    }
    const problems = judgeNotebookRun(run);
    console.log(
      `\n${path}: ${
        formatNumber(run.seconds, 1)
      } s, ${problems.length} problema(s), ` +
        `${run.late_outputs ?? 0} salida(s) tardía(s) conservada(s)`,
    );
    for (const p of problems) console.log(`  ✗ ${p}`);
    if (problems.length) bad++;
  }
  Deno.exit(bad ? 1 : 0);
}
