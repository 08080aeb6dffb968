/**
 * `deno task progreso`: the learner's progress per notebook, read from the
 * progress file that the notebooks write (see lib/notebook/progress.ts).
 *
 * - `deno task progreso` prints the table;
 * - `deno task progreso --json` prints the raw record (for a grader);
 * - `deno task progreso --reset` asks, then moves the record aside (a backup
 *   `.respaldo-<fecha>`; nothing is deleted); `--yes` skips the question.
 *
 * @module
 */

import { parseArgs } from "@std/cli/parse-args";
import {
  progressFilePath,
  readProgress,
  resetProgress,
} from "../notebook/progress.ts";
import { progressRows, progressTable } from "../notebook/progress_table.ts";

const HELP = `Uso: deno task progreso [--json] [--reset [--yes]]

Muestra tu avance por cuaderno: preguntas respondidas, correctas al primer
intento y ejercicios aprobados. El registro vive en
$XDG_DATA_HOME/ipc-kit/progreso.json (o ~/.local/share/ipc-kit/progreso.json);
la variable KIT_PROGRESS_FILE elige otro archivo.

  --json    imprime el registro completo (formato versionado, para corregir)
  --reset   guarda el registro aparte y empieza de cero (pide confirmación)
  --yes     con --reset, no pregunta
  --help    esta ayuda`;

/**
 * Runs the command with `args` and `env`; returns the exit code and prints.
 *
 * @example Help
 * ```ts
 * import { runProgreso } from "./progreso.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(await runProgreso(["--help"], {}, () => null), 0);
 * ```
 */
export async function runProgreso(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  ask: (question: string) => string | null = prompt,
): Promise<number> {
  let bad = false;
  const flags = parseArgs([...args], {
    boolean: ["json", "reset", "yes", "help"],
    unknown: (arg: string) => {
      console.error(`Opción desconocida: ${arg}\n\n${HELP}`);
      bad = true;
      return false;
    },
  });
  if (bad) return 2;
  if (flags.help) {
    console.log(HELP);
    return 0;
  }
  const path = progressFilePath(env, true);
  if (path === null) {
    console.error(
      "No sé dónde está tu progreso: define HOME, XDG_DATA_HOME o KIT_PROGRESS_FILE.",
    );
    return 1;
  }
  if (flags.reset) {
    if (!flags.yes) {
      const reply = ask(
        `¿Borrar tu progreso de ${path}? Escribe "si" para confirmar:`,
      );
      if (reply === null) {
        console.error("Sin terminal para confirmar: usa --reset --yes.");
        return 1;
      }
      if (!/^s[ií]$/i.test(reply.trim())) {
        console.log("No cambié nada.");
        return 0;
      }
    }
    const aside = await resetProgress(path);
    console.log(
      aside
        ? `Progreso reiniciado. El anterior quedó en ${aside}.`
        : `No había progreso guardado en ${path}.`,
    );
    return 0;
  }
  try {
    const read = await readProgress(path);
    if (read.warning) console.error(`Aviso: ${read.warning}`);
    if (flags.json) {
      console.log(JSON.stringify(read.progress, null, 1));
      return 0;
    }
    console.log(`Progreso guardado en ${path}\n`);
    console.log(progressTable(progressRows(read.progress)));
    return 0;
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
}

if (import.meta.main) {
  Deno.exit(await runProgreso(Deno.args, Deno.env.toObject()));
}
