/**
 * Notebook 01's checked exercise: parse a line of /proc/<pid>/stat into
 * pid, command, state and ppid — where `ps` (and the kit) get a process's
 * parent from. The trap is the command name, which may contain spaces and
 * parentheses, so splitting on spaces is wrong.
 *
 * @module
 */

import {
  defineExercise,
  type ExerciseSpec,
  type SolutionOf,
} from "../notebook/exercise.ts";
import { type ProcStat, readProcStat } from "../process/proc_fs.ts";

/** The shape of the reader's solution. */
export type ProcStatParser = SolutionOf<typeof procStatExercise>;

/**
 * The exercise's checks (Spanish names: the reader sees them).
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
  checks: [
    {
      name: "una línea simple",
      run: (f) => f("1 (init) S 0 1 1 0 -1 4194560"),
      expected: { pid: 1, command: "init", state: "S", ppid: 0 },
    },
    {
      name: "un nombre con espacio: (Web Content)",
      run: (f) => f("812 (Web Content) R 700 812 812 0 -1"),
      expected: { pid: 812, command: "Web Content", state: "R", ppid: 700 },
    },
    {
      name: "un nombre con paréntesis: (a) b)",
      run: (f) => f("9 (a) b) Z 3 9 9 0 -1"),
      expected: { pid: 9, command: "a) b", state: "Z", ppid: 3 },
    },
    {
      name: "la línea real de este kernel coincide con /proc",
      run: (f) => {
        const line = Deno.readTextFileSync(`/proc/${Deno.pid}/stat`);
        const mine = f(line);
        const kit = readProcStat(Deno.pid);
        return mine.pid === kit?.pid && mine.ppid === kit?.ppid;
      },
      expected: true,
    },
  ],
});
