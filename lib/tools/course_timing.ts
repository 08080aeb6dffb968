/**
 * `deno task bench:curso`: how long the course takes, where Workers are
 * concerned. Prints, measured in this one run:
 *
 * 1. thread start-up through the kit (`spawnThread(…).join()`) and a raw
 *    `new Worker` + one message, inside the Jupyter kernel and under
 *    `deno run`, and the kernel ÷ `deno run` ratio (README, "Known issues":
 *    the kernel makes a new Worker wait ~1 s; the kit's warm pool avoids it);
 * 2. each notebook's execution time through the real kernel, top to bottom,
 *    one after another: "antes" is the same course without issue 18's speed
 *    work (commit {@linkcode BEFORE_REF}, or `--antes REF`, checked out
 *    beside this one with `git worktree`, run with its own notebook runner
 *    and the warm Worker pool off, as the kernel behaved when the issue was
 *    filed); "después" is this checkout. Then the slowest cells of this run;
 * 3. with `--pruebas`, the test suite in both checkouts: "antes" with the
 *    command the suite had when the issue was filed (every module in series),
 *    "después" with `deno task test`; wall time and how many tests passed.
 *
 * Timings are printed, never asserted: the machine may be shared and noisy.
 *
 * @module
 */

import { parseArgs } from "@std/cli/parse-args";
import {
  executeNotebook,
  notebookExecutionUnavailable,
} from "./execute_notebook.ts";
import { listNotebooks } from "./check_notebooks.ts";
import { formatNumber, formatRatio } from "../notebook/number_format.ts";
import { median, type ProbeSamples, probeSource } from "./startup_probe.ts";
import { withBaselineTree } from "./baseline_tree.ts";
import { timeTests } from "./suite_timing.ts";

/**
 * The course with the same notebooks and tests as now, before this issue's
 * speed work on the runner, the notebooks' slowest cells, the JSDoc examples
 * and the test command (its warm Worker pool is turned off for the "antes"
 * runs). The kit when the issue was filed, 77bb1b9, had fewer cells and
 * 885 tests, so it cannot say what the fixes saved; `--antes` takes any commit.
 */
export const BEFORE_REF = "83fb2e1";

const KIT_ROOT = new URL("../../", import.meta.url).pathname;

const PROBE_DIR = "notebooks/.nbcheck";
const CONFIG = new URL("../../deno.json", import.meta.url).pathname;

async function probeUnderDenoRun(): Promise<ProbeSamples> {
  const file = await Deno.makeTempFile({ suffix: ".ts" });
  try {
    await Deno.writeTextFile(file, probeSource());
    const out = await new Deno.Command(Deno.execPath(), {
      // The probe lives in a temp dir: point it at the kit's import map.
      args: ["run", "--allow-all", "--config", CONFIG, file],
      stdout: "piped",
      stderr: "inherit",
    }).output();
    return parseProbe(new TextDecoder().decode(out.stdout));
  } finally {
    await Deno.remove(file);
  }
}

async function probeInKernel(): Promise<ProbeSamples> {
  await Deno.mkdir(PROBE_DIR, { recursive: true });
  const path = `${PROBE_DIR}/sonda_${Deno.pid}.ipynb`;
  const notebook = {
    cells: [{
      cell_type: "code",
      id: "sonda",
      metadata: {},
      source: probeSource(),
      outputs: [],
      execution_count: null,
    }],
    metadata: {
      kernelspec: {
        display_name: "Deno",
        language: "typescript",
        name: "deno",
      },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  await Deno.writeTextFile(path, JSON.stringify(notebook));
  try {
    const run = await executeNotebook(path, { cellTimeoutSeconds: 120 });
    const text = run.cells.flatMap((c) => c.outputs.map((o) => o.text)).join(
      "\n",
    );
    return parseProbe(text);
  } finally {
    await Deno.remove(path);
  }
}

function parseProbe(text: string): ProbeSamples {
  const line = text.split("\n").find((l) => l.startsWith("SONDA "));
  if (!line) throw new Error(`La sonda no informó nada:\n${text.slice(-800)}`);
  return JSON.parse(line.slice("SONDA ".length)) as ProbeSamples;
}

function ms(value: number): string {
  return `${formatNumber(value, value < 100 ? 1 : 0)} ms`;
}

interface NotebookTimes {
  name: string;
  seconds: number;
  failed: boolean;
  cells: { id: string; seconds: number }[];
}

/** Runs every notebook of the checkout at `root` with that checkout's own runner, one after another. */
async function timeNotebooksIn(
  root: string,
  env: Record<string, string> = {},
): Promise<NotebookTimes[]> {
  const times: NotebookTimes[] = [];
  for (const path of await listNotebooks(`${root}/notebooks`)) {
    const run = await executeNotebook(path, {
      cellTimeoutSeconds: 300,
      runner: `${root}/lib/tools/run_notebook.py`,
      env,
    });
    times.push({
      name: path.split("/").at(-1)!,
      seconds: run.seconds,
      failed: run.failure !== null,
      cells: run.cells.map((c) => ({ id: c.id, seconds: c.seconds ?? 0 })),
    });
  }
  return times;
}

function seconds(value: number): string {
  return `${formatNumber(value, 1).padStart(6)} s`;
}

async function timeNotebooks(beforeRef: string): Promise<void> {
  let before: NotebookTimes[] | null = null;
  try {
    before = await withBaselineTree(
      KIT_ROOT,
      beforeRef,
      (root) => timeNotebooksIn(root, { KIT_WARM_WORKERS: "0" }),
    );
  } catch (error) {
    console.log(`  (sin "antes": ${(error as Error).message})`);
  }
  const after = await timeNotebooksIn(KIT_ROOT);
  for (const now of after) {
    const then = before?.find((b) => b.name === now.name);
    console.log(
      `  ${now.name.padEnd(34)} antes ${
        then ? seconds(then.seconds) : "     — "
      }   después ${seconds(now.seconds)}${
        now.failed || then?.failed ? "   (falló una corrida)" : ""
      }`,
    );
  }
  const total = (rows: NotebookTimes[]) =>
    rows.reduce((sum, r) => sum + r.seconds, 0);
  const afterTotal = total(after);
  if (before) {
    const beforeTotal = total(before);
    console.log(
      `  ${"total".padEnd(34)} antes ${seconds(beforeTotal)}   después ${
        seconds(afterTotal)
      }   (${formatNumber(100 * (1 - afterTotal / beforeTotal), 0)} % menos)`,
    );
  } else {
    console.log(`  ${"total".padEnd(34)} después ${seconds(afterTotal)}`);
  }
  const slowest = after
    .flatMap((n) => n.cells.map((c) => ({ ...c, notebook: n.name })))
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, 8);
  console.log("  Celdas más lentas ahora:");
  for (const cell of slowest) {
    console.log(
      `    ${seconds(cell.seconds)}  ${cell.notebook.slice(0, 2)} ${cell.id}`,
    );
  }
}

if (import.meta.main) {
  const args = parseArgs(Deno.args, {
    boolean: ["pruebas", "sin-cuadernos", "help"],
    string: ["antes"],
  });
  const beforeRef = args.antes ?? BEFORE_REF;
  if (args.help) {
    console.log(
      [
        "Uso: deno task bench:curso [--sin-cuadernos] [--pruebas] [--antes REF]",
        "Mide el inicio de hilos en el kernel y con deno run; el tiempo de cada cuaderno",
        `ahora y antes del trabajo de velocidad (el commit REF, por omisión ${BEFORE_REF},`,
        "sacado con git worktree en un directorio temporal, sin Workers precalentados);",
        "y con --pruebas el de toda la batería en ambos (antes, con la orden de entonces:",
        "todo en serie).",
      ].join("\n"),
    );
    Deno.exit(0);
  }
  const unavailable = await notebookExecutionUnavailable();
  if (unavailable) {
    console.error(`No se puede ejecutar el kernel: ${unavailable}`);
    Deno.exit(1);
  }
  console.log("Inicio de un hilo (mediana de 4; mide una sola corrida):");
  const run = await probeUnderDenoRun();
  const kernel = await probeInKernel();
  const rows: [string, number[], number[]][] = [
    ["spawnThread(…).join() del kit", run.kit, kernel.kit],
    ["new Worker + 1 mensaje", run.raw, kernel.raw],
  ];
  for (const [what, underRun, inKernel] of rows) {
    const a = median(underRun);
    const b = median(inKernel);
    console.log(
      `  ${what.padEnd(32)} deno run ${ms(a).padStart(9)}   kernel ${
        ms(b).padStart(9)
      }   kernel ÷ deno run ${formatRatio(b / a)}`,
    );
  }
  if (!args["sin-cuadernos"]) {
    console.log(
      `\nCuadernos ejecutados en el kernel, uno tras otro (antes: ${beforeRef}, sin Workers precalentados):`,
    );
    await timeNotebooks(beforeRef);
  }
  if (args.pruebas) {
    console.log(
      `\nBatería de pruebas (antes: ${beforeRef} con la orden de entonces, todo en serie; después: deno task test):`,
    );
    await timeTests(KIT_ROOT, beforeRef);
  }
}
