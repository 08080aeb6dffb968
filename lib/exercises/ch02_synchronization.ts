/**
 * Notebook 02's checked exercises.
 *
 * 1. The bakery's tie-break (here). Two customers can take the same number
 *    (both computed 1 + max(Number) before either stored it); the class
 *    breaks the tie by the unique id: (Number[j], j) < (Number[i], i). A
 *    comparison that ignores the id lets both in at once. The reader's
 *    function is called on a table of inputs in a child process
 *    (`run_isolated.ts`), so an endless loop costs the check, not the kernel.
 * 2. The racy counter made correct with the semaphore
 *    (`ch02_semaphore_step.ts`, re-exported here).
 *
 * @module
 */

import {
  defineExercise,
  type ExerciseSpec,
  type SolutionOf,
} from "../notebook/exercise.ts";
import { type CallOutcome, runIsolated } from "./run_isolated.ts";

export type { IncrementStep, StepSemaphore } from "../sync/step_worker.ts";
export { semaphoreStepExercise } from "./ch02_semaphore_step.ts";
export {
  type IncrementStepOptions,
  type IncrementStepRun,
  runIncrementStep,
} from "./ch02_increment_race.ts";

/** The reader's solution: does customer j (ticket numberJ) go before customer i? */
export type TieBreak = SolutionOf<typeof tieBreakExercise>;

type Ticket = [numberJ: number, j: number, numberI: number, i: number];

const PAIRS: [number, number][] = [[0, 1], [2, 7], [5, 3]];

/** Every input any check asks about, answered by one child. */
const TABLE: Ticket[] = [
  [2, 1, 5, 0],
  [5, 0, 2, 1],
  [1, 9, 2, 0],
  [4, 0, 4, 3],
  [4, 3, 4, 0],
  [3, 2, 3, 2],
  ...PAIRS.flatMap(([a, b]): Ticket[] => [[6, a, 6, b], [6, b, 6, a]]),
];

const key = (t: Ticket) => t.join(",");
const label = ([nj, j, ni, i]: Ticket) =>
  `¿(número ${nj}, id ${j}) antes que (número ${ni}, id ${i})?`;

type Answers = Map<string, CallOutcome> | string;
const tables = new WeakMap<TieBreak, Promise<Answers>>();

function answersOf(f: TieBreak): Promise<Answers> {
  let run = tables.get(f);
  if (!run) {
    run = runIsolated<CallOutcome[]>(f, { input: TABLE, timeoutMs: 2000 })
      .then(
        (outcomes) => new Map(TABLE.map((t, n) => [key(t), outcomes[n]])),
        (error: Error) => error.message,
      );
    tables.set(f, run);
  }
  return run;
}

const shown = (o: CallOutcome | undefined) =>
  o === undefined ? "sin respuesta" : o.ok ? o.value : `lanzó ${o.error}`;

/** The reader's answers for `tickets`, labelled with their inputs. */
async function ask(f: TieBreak, tickets: Ticket[]) {
  const answers = await answersOf(f);
  if (typeof answers === "string") return answers;
  return Object.fromEntries(
    tickets.map((t) => [label(t), shown(answers.get(key(t)))]),
  );
}

const expect = (pairs: [Ticket, boolean][]) =>
  Object.fromEntries(pairs.map(([t, v]) => [label(t), v]));

const CHECK_BOUND_MS = 40_000; // start-up of the child + the function's 2 s

/**
 * The exercise's checks (Spanish names: the reader sees them).
 *
 * @example The kit's own order passes
 * ```ts
 * import { tieBreakExercise } from "./ch02_synchronization.ts";
 * import { goesFirst } from "../sync/bakery.ts";
 * import { checkExercise } from "../notebook/exercise.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const report = await checkExercise(tieBreakExercise, goesFirst, { display: false });
 * assertEquals(report.passed, report.total);
 * ```
 */
export const tieBreakExercise: ExerciseSpec<
  (numberJ: number, j: number, numberI: number, i: number) => boolean
> = defineExercise({
  id: "panaderia",
  title: "El desempate de la panadería de Lamport",
  hints: [
    "Compara pares como en un diccionario: primero el número; el id solo " +
    "importa si los números son iguales.",
    "Con números iguales, pasa antes el de **id menor**: la respuesta es " +
    "`j < i`. ¿Qué devuelve tu función si j e i también son iguales?",
  ],
  worked: [
    "El par (número, id) ordena a todos los clientes: primero por número y,",
    "si empatan, por id, que es único. Así, de dos clientes con el mismo",
    "número exactamente uno va antes, y nadie va antes que sí mismo (por",
    "eso `<` y no `<=`).",
    "",
    "```ts",
    "function miDesempate(numeroJ: number, j: number, numeroI: number, i: number): boolean {",
    "  if (numeroJ !== numeroI) return numeroJ < numeroI;",
    "  return j < i;",
    "}",
    "```",
  ].join("\n"),
  checks: [
    {
      name: "número menor pasa primero, sin importar los ids",
      run: (f) => ask(f, [[2, 1, 5, 0], [5, 0, 2, 1], [1, 9, 2, 0]]),
      expected: expect([
        [[2, 1, 5, 0], true],
        [[5, 0, 2, 1], false],
        [[1, 9, 2, 0], true],
      ]),
      timeoutMs: CHECK_BOUND_MS,
    },
    {
      name: "mismo número: pasa el id menor",
      run: (f) => ask(f, [[4, 0, 4, 3], [4, 3, 4, 0]]),
      expected: expect([[[4, 0, 4, 3], true], [[4, 3, 4, 0], false]]),
      timeoutMs: CHECK_BOUND_MS,
    },
    {
      name:
        "con el mismo número (6), de cada par de clientes exactamente uno va antes",
      run: async (f) => {
        const answers = await answersOf(f);
        if (typeof answers === "string") return answers;
        return Object.fromEntries(PAIRS.map(([a, b]) => {
          const one = answers.get(key([6, a, 6, b]));
          const other = answers.get(key([6, b, 6, a]));
          const ok = one?.ok && other?.ok && one.value !== other.value;
          return [
            `ids ${a} y ${b}`,
            ok ? "exactamente uno" : `${shown(one)} / ${shown(other)}`,
          ];
        }));
      },
      expected: Object.fromEntries(
        PAIRS.map(([a, b]) => [`ids ${a} y ${b}`, "exactamente uno"]),
      ),
      timeoutMs: CHECK_BOUND_MS,
    },
    {
      name: "nadie pasa antes que sí mismo",
      run: (f) => ask(f, [[3, 2, 3, 2]]),
      expected: expect([[[3, 2, 3, 2], false]]),
      timeoutMs: CHECK_BOUND_MS,
    },
  ],
});
