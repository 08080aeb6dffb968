/**
 * `deno task grade <cuaderno | carpeta> [--out DIR] [--puntos puntos.json]
 * [--ocultas DIR] [--tiempo-celda S] [--tiempo-cuaderno S]`: grades every
 * submitted notebook and writes the gradebook. Exit status 0 only when every
 * submission was graded (a score of 0 is still graded); 1 when one could not
 * be; 2 for a bad command line.
 *
 * @module
 */

import { parseArgs } from "@std/cli/parse-args";
import { isAbsolute, join, resolve } from "@std/path";
import { positiveIntArg, UsageError } from "../programs/cli.ts";
import { notebookExecutionUnavailable } from "../tools/execute_notebook.ts";
import {
  gradeAll,
  hiddenCheckCounts,
  listSubmissions,
  writeGradebook,
} from "./grade.ts";
import { loadPoints } from "./points.ts";
import { ProgressLine } from "./progress_bar.ts";
import { DEFAULT_BOUNDS, type RunBounds } from "./runner.ts";

const HELP = `Uso: deno task grade <cuaderno.ipynb | carpeta> [opciones]

Ejecuta cada cuaderno entregado, de arriba abajo, en el kernel de Deno (en una
carpeta temporal propia, con una copia de lib/) y escribe la planilla.

Opciones:
  --out DIR              dónde escribir grades.csv, grades.json y un informe
                         <nombre>.md por entrega (por omisión: calificaciones)
  --puntos ARCHIVO       puntos por pregunta y ejercicio (JSON; ver README)
  --ocultas DIR          comprobaciones ocultas del docente (módulos .ts)
  --tiempo-celda S       tiempo máximo de cada celda (por omisión ${DEFAULT_BOUNDS.cellSeconds} s)
  --tiempo-cuaderno S    tiempo máximo de todas las celdas de una entrega
                         (por omisión ${DEFAULT_BOUNDS.notebookSeconds} s)
  --help                 muestra esta ayuda

Código de salida: 0 si se calificaron todas las entregas, 1 si alguna no se
pudo calificar, 2 si la línea de comandos está mal.`;

/** Where the user typed the command (`deno task` runs from the kit's root). */
function userPath(path: string): string {
  const base = Deno.env.get("INIT_CWD") ?? Deno.cwd();
  return isAbsolute(path) ? path : resolve(base, path);
}

/** What the command line asks for. */
export type GradeArgs = { help: true } | {
  help: false;
  target: string;
  out: string;
  points: string | null;
  hidden: string | null;
  bounds: RunBounds;
};

/**
 * Parses the command line; throws {@linkcode UsageError} (Spanish) when wrong.
 *
 * @example
 * ```ts
 * import { parseGradeArgs } from "./cli.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const args = parseGradeArgs(["/e", "--tiempo-cuaderno", "60"]);
 * assertEquals(args.help ? null : args.bounds.notebookSeconds, 60);
 * ```
 */
export function parseGradeArgs(argv: string[]): GradeArgs {
  const args = parseArgs(argv, {
    string: ["out", "puntos", "ocultas", "tiempo-celda", "tiempo-cuaderno"],
    boolean: ["help"],
    unknown(arg: string, key?: string) {
      if (key !== undefined) throw new UsageError(`opción desconocida: ${arg}`);
      return true;
    },
  });
  if (args.help) return { help: true };
  const targets = args._.map(String);
  if (targets.length !== 1) {
    throw new UsageError(
      "indica un cuaderno o una carpeta de entregas (solo uno)",
    );
  }
  return {
    help: false,
    target: userPath(targets[0]),
    out: userPath(args.out ?? "calificaciones"),
    points: args.puntos ? userPath(args.puntos) : null,
    hidden: args.ocultas ? userPath(args.ocultas) : null,
    bounds: {
      ...DEFAULT_BOUNDS,
      ...(args["tiempo-celda"]
        ? {
          cellSeconds: positiveIntArg(args["tiempo-celda"], "--tiempo-celda"),
        }
        : {}),
      ...(args["tiempo-cuaderno"]
        ? {
          notebookSeconds: positiveIntArg(
            args["tiempo-cuaderno"],
            "--tiempo-cuaderno",
          ),
        }
        : {}),
    },
  };
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseGradeArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`error: ${error.message}\n\n${HELP}`);
    return 2;
  }
  if (parsed.help) {
    console.log(HELP);
    return 0;
  }
  const unavailable = await notebookExecutionUnavailable();
  if (unavailable) {
    console.error(`No puedo ejecutar cuadernos aquí: ${unavailable}`);
    return 1;
  }
  let paths: string[];
  let points;
  try {
    paths = await listSubmissions(parsed.target);
    points = await loadPoints(parsed.points);
    // A broken hidden module stops here, before any submission runs.
    await hiddenCheckCounts(
      parsed.hidden,
      new URL("../../", import.meta.url).pathname,
    );
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    return 1;
  }
  if (paths.length === 0) {
    console.error(`No hay cuadernos (.ipynb) en ${parsed.target}.`);
    return 1;
  }
  const kitRoot = new URL("../../", import.meta.url).pathname;
  const started = performance.now();
  const rows = await gradeAll(paths, {
    kitRoot,
    bounds: parsed.bounds,
    points,
    hiddenDir: parsed.hidden,
  }, new ProgressLine());
  await writeGradebook(parsed.out, rows);
  const seconds = Math.round((performance.now() - started) / 1000);
  console.log(
    `Planilla escrita en ${join(parsed.out, "grades.csv")} (${rows.length} ${
      rows.length === 1 ? "entrega" : "entregas"
    }, ${seconds} s).`,
  );
  return rows.every((r) => r.status !== "no calificado") ? 0 : 1;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
