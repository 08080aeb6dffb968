/**
 * `deno task bench:curso`: how long the course takes, where Workers are
 * concerned. Prints, measured in this one run:
 *
 * 1. thread start-up through the kit (`spawnThread(…).join()`) and a raw
 *    `new Worker` + one message, inside the Jupyter kernel and under
 *    `deno run`, and the kernel ÷ `deno run` ratio (README, "Known issues":
 *    the kernel makes a new Worker wait ~1 s; the kit's warm pool avoids it);
 * 2. each notebook's execution time through the real kernel, with the warm
 *    pool off (`KIT_WARM_WORKERS=0`, "antes") and on ("después");
 * 3. with `--pruebas`, the whole test suite's wall time.
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

async function timeNotebooks(): Promise<void> {
  const rows: [string, number, number][] = [];
  for (const path of await listNotebooks()) {
    const before = await executeNotebook(path, {
      cellTimeoutSeconds: 300,
      env: { KIT_WARM_WORKERS: "0" },
    });
    const after = await executeNotebook(path, { cellTimeoutSeconds: 300 });
    rows.push([path.split("/").at(-1)!, before.seconds, after.seconds]);
    console.log(
      `  ${rows.at(-1)![0].padEnd(34)} antes ${
        formatNumber(before.seconds, 1).padStart(6)
      } s   después ${formatNumber(after.seconds, 1).padStart(6)} s${
        before.failure || after.failure ? "   (falló una corrida)" : ""
      }`,
    );
  }
  const before = rows.reduce((s, r) => s + r[1], 0);
  const after = rows.reduce((s, r) => s + r[2], 0);
  console.log(
    `  ${"total".padEnd(34)} antes ${
      formatNumber(before, 1).padStart(6)
    } s   después ${formatNumber(after, 1).padStart(6)} s   (${
      formatNumber(100 * (1 - after / before), 0)
    } % menos)`,
  );
}

async function timeTests(): Promise<void> {
  const started = performance.now();
  const status = await new Deno.Command(Deno.execPath(), {
    args: ["task", "test"],
    stdout: "null",
    stderr: "null",
  }).output();
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `  deno task test: ${formatNumber(seconds / 60, 1)} min (${
      status.success ? "verde" : "con fallas"
    })`,
  );
}

if (import.meta.main) {
  const args = parseArgs(Deno.args, {
    boolean: ["pruebas", "sin-cuadernos", "help"],
  });
  if (args.help) {
    console.log(
      "Uso: deno task bench:curso [--sin-cuadernos] [--pruebas]\n" +
        "Mide el inicio de hilos en el kernel y con deno run, el tiempo de cada cuaderno\n" +
        "sin y con los Workers precalentados, y con --pruebas el de toda la batería.",
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
      "\nCuadernos ejecutados en el kernel (antes: sin Workers precalentados):",
    );
    await timeNotebooks();
  }
  if (args.pruebas) {
    console.log("\nBatería de pruebas:");
    await timeTests();
  }
}
