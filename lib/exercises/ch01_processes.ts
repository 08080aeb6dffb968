/**
 * Notebook 01's checked exercise: parse a line of /proc/<pid>/stat into
 * pid, command, state and ppid — where `ps` (and the kit) get a process's
 * parent from. The trap is the command name, which may contain spaces and
 * parentheses (even ") R 9 ("), so splitting on spaces, or cutting at the
 * first ")", is wrong; the name ends at the LAST ")".
 *
 * @module
 */

import {
  defineExercise,
  type ExerciseSpec,
  type SolutionOf,
} from "../notebook/exercise.ts";
import { parseProcStat, type ProcStat } from "../process/proc_fs.ts";

/** The shape of the reader's solution. */
export type ProcStatParser = SolutionOf<typeof procStatExercise>;

const FIELDS = ["pid", "command", "state", "ppid"] as const;

function show(value: unknown): string {
  return typeof value === "string" ? `«${value}»` : String(value);
}

/**
 * Compares the reader's row with the expected one field by field and says,
 * in Spanish, which fields are wrong (and whether a number came as text).
 *
 * @example
 * ```ts
 * import { fieldDifferences } from "./ch01_processes.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const want = { pid: 9, command: "a) b", state: "Z", ppid: 3 };
 * assertEquals(fieldDifferences(want, want), "los 4 campos coinciden");
 * assertEquals(
 *   fieldDifferences({ pid: 9, command: "a", state: "b)", ppid: NaN }, want),
 *   "command: esperado «a) b», obtenido «a» · state: esperado «Z», obtenido «b)» · ppid: esperado 3, obtenido NaN",
 * );
 * assertEquals(
 *   fieldDifferences({ ...want, ppid: "3" }, want),
 *   "ppid: esperado el número 3, obtenido el texto «3»",
 * );
 * ```
 */
export function fieldDifferences(got: unknown, expected: ProcStat): string {
  if (typeof got !== "object" || got === null) {
    return `se esperaba un objeto { pid, command, state, ppid }, obtenido ${
      show(got)
    }`;
  }
  const row = got as Record<string, unknown>;
  const problems = FIELDS.flatMap((field) => {
    const want = expected[field];
    const have = row[field];
    if (Object.is(have, want)) return [];
    if (typeof want === "number" && typeof have === "string") {
      return [
        `${field}: esperado el número ${want}, obtenido el texto ${show(have)}`,
      ];
    }
    if (!(field in row)) return [`${field}: falta en lo que devolviste`];
    return [`${field}: esperado ${show(want)}, obtenido ${show(have)}`];
  });
  return problems.length ? problems.join(" · ") : "los 4 campos coinciden";
}

function lineCheck(name: string, line: string, expected: ProcStat) {
  return {
    name: `${name}: \`${line}\``,
    run: (f: (line: string) => ProcStat) => fieldDifferences(f(line), expected),
    expected: "los 4 campos coinciden",
  };
}

/**
 * The exercise's checks (Spanish names: the reader sees them), with hints
 * and a worked answer.
 *
 * @example The kit's own parser passes
 * ```ts
 * import { procStatExercise } from "./ch01_processes.ts";
 * import { parseProcStat } from "../process/proc_fs.ts";
 * import { checkExercise } from "../notebook/exercise.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const report = await checkExercise(procStatExercise, parseProcStat, { display: false });
 * assertEquals(report.passed, report.total);
 * ```
 */
export const procStatExercise: ExerciseSpec<
  (line: string) => ProcStat
> = defineExercise({
  id: "stat",
  title: "Lee el padre de un proceso desde /proc/<pid>/stat",
  hints: [
    "El nombre del comando va entre el **primer** `(` y el **último** `)` de la línea: busca esas dos posiciones con `indexOf` y `lastIndexOf`.",
    "Lo que va **antes** del `(` es el pid; lo que va **después** del último `)` son los demás campos separados por espacios: el primero es el estado y el segundo el ppid.",
    '`pid` y `ppid` deben ser números (`Number(...)`), no texto: `{ pid: 812, command: "Web Content", state: "R", ppid: 700 }`.',
  ],
  worked: [
    "El nombre del comando lo elige el programa (hasta 15 caracteres) y puede traer espacios y paréntesis, así que no se puede separar la línea por espacios. Lo que sí es fijo: el nombre empieza en el primer `(` y termina en el **último** `)`, porque después de él solo vienen campos numéricos y la letra del estado.",
    "",
    "```ts",
    "function miParser(linea: string) {",
    '  const abre = linea.indexOf("(");',
    '  const cierra = linea.lastIndexOf(")");',
    '  const [state, ppid] = linea.slice(cierra + 2).split(" ");',
    "  return {",
    "    pid: Number(linea.slice(0, abre).trim()),",
    "    command: linea.slice(abre + 1, cierra),",
    "    state,",
    "    ppid: Number(ppid),",
    "  };",
    "}",
    "```",
    "",
    "Así lo hace `parseProcStat` en `lib/process/proc_fs.ts` (que además rechaza líneas mal formadas), y así lo hace `ps` (procps) al leer `/proc`.",
  ].join("\n"),
  checks: [
    lineCheck("una línea simple", "1 (init) S 0 1 1 0 -1 4194560", {
      pid: 1,
      command: "init",
      state: "S",
      ppid: 0,
    }),
    lineCheck("un nombre con espacio", "812 (Web Content) R 700 812 812 0 -1", {
      pid: 812,
      command: "Web Content",
      state: "R",
      ppid: 700,
    }),
    lineCheck("un nombre con paréntesis", "9 (a) b) Z 3 9 9 0 -1", {
      pid: 9,
      command: "a) b",
      state: "Z",
      ppid: 3,
    }),
    lineCheck(
      "un nombre que imita los campos que lo siguen",
      "77 (x) R 99 (y) S 5 77 77 0 -1",
      { pid: 77, command: "x) R 99 (y", state: "S", ppid: 5 },
    ),
    {
      name: `la línea real de este kernel (\`/proc/${Deno.pid}/stat\`)`,
      run: (f: (line: string) => ProcStat) => {
        // One read, parsed by both: read twice, the state letter could
        // change in between (R while running, S while asleep).
        const line = Deno.readTextFileSync(`/proc/${Deno.pid}/stat`);
        const kit = parseProcStat(line);
        return fieldDifferences(f(line), kit);
      },
      expected: "los 4 campos coinciden",
    },
  ],
});
