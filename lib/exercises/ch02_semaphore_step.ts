/**
 * Notebook 02's semaphore exercise: the racy counter made correct with a
 * one-permit semaphore. The reader writes one increment step,
 * `(counter, semaphore) => void`. Every check runs it in a child process
 * (`run_isolated.ts`): first four scripted situations with a spy semaphore
 * (`ch02_step_harness.ts`, one child for all), then — if the step ended and
 * gives its permit back — a real race in Workers (a second child). A step
 * that never ends costs its bound, never the kernel.
 *
 * @module
 */

import { defineExercise, type ExerciseSpec } from "../notebook/exercise.ts";
import { formatNumber } from "../notebook/number_format.ts";
import type { IncrementStep } from "../sync/step_worker.ts";
import type { RaceRun, SpyReport, StepScenario } from "./ch02_step_harness.ts";
import { runIsolated } from "./run_isolated.ts";

const HARNESS = new URL("./ch02_step_harness.ts", import.meta.url);
const RACE = { workers: 2, increments: 100_000, runs: 3 };

/** The spy report of a step, or why there is none (Spanish). */
type SpyOutcome = { report: SpyReport } | { problem: string };

// one child per solution, shared by the checks that read its report
const spyRuns = new WeakMap<IncrementStep, Promise<SpyOutcome>>();

function spyOf(step: IncrementStep): Promise<SpyOutcome> {
  let run = spyRuns.get(step);
  if (!run) {
    run = runIsolated<SpyReport>(step, {
      harness: HARNESS,
      input: { part: "spy" },
      timeoutMs: 2000,
    }).then(
      (report) => ({ report }),
      (error: Error) => ({ problem: error.message }),
    );
    spyRuns.set(step, run);
  }
  return run;
}

/** Reads one scenario, or returns the reason there is none (shown as "obtenido"). */
async function observe<T>(
  step: IncrementStep,
  pick: (report: SpyReport) => T,
): Promise<T | string> {
  const outcome = await spyOf(step);
  return "problem" in outcome ? outcome.problem : pick(outcome.report);
}

const withThrow = (s: StepScenario, shown: Record<string, unknown>) =>
  s.threw ? { ...shown, "lanzó": s.threw } : shown;

const SPY_BOUND_MS = 45_000; // start-up of the child + the step's 2 s

/**
 * The exercise's checks (Spanish names: the reader sees them).
 *
 * @example A step without the semaphore is reported, not accepted
 * ```ts
 * import { semaphoreStepExercise } from "./ch02_semaphore_step.ts";
 * import { checkExercise } from "../notebook/exercise.ts";
 * import { assert } from "@std/assert";
 *
 * const report = await checkExercise(semaphoreStepExercise, (counter) => {
 *   Atomics.store(counter, 0, Atomics.load(counter, 0) + 1);
 * }, { display: false });
 * assert(report.passed < report.total);
 * ```
 */
export const semaphoreStepExercise: ExerciseSpec<IncrementStep> =
  defineExercise<IncrementStep>({
    id: "contador-semaforo",
    title: "El contador correcto, con el semáforo",
    hints: [
      "Piensa en el semáforo de un permiso como un lock: todo lo que va entre " +
      "`acquire` y `release` lo hace un hilo a la vez. ¿Qué parte del " +
      "incremento tiene que quedar ahí adentro: la lectura, la escritura o ambas?",
      "El orden es: `if (!semaforo.acquire(1000)) throw new Error(…)`; después " +
      "`try { …leer y escribir… } finally { semaforo.release(); }`. El `throw` " +
      "va **antes** del `try`: si no obtuviste el permiso, no hay nada que devolver.",
      "Dentro del `try`: `const visto = Atomics.load(contador, 0);` y " +
      "`Atomics.store(contador, 0, visto + 1);`. Un solo `release`, en el " +
      "`finally` (no otro más al final del `try`).",
    ],
    worked: [
      "La lectura y la escritura forman **una** sección crítica: si otro hilo",
      "escribe entre ellas, su incremento se pierde. El permiso se toma antes",
      "de leer y se devuelve después de escribir; si `acquire` no llegó a",
      "tiempo, no hay permiso que devolver y el incremento no se hace (se avisa",
      "lanzando un error); y si algo falla adentro, `finally` devuelve el",
      "permiso igual, para que el otro hilo no espere en vano.",
      "",
      "```ts",
      "function miIncremento(contador: Int32Array, semaforo: StepSemaphore): void {",
      "  if (!semaforo.acquire(1000)) {",
      '    throw new Error("no obtuve el permiso en 1 s");',
      "  }",
      "  try {",
      "    const visto = Atomics.load(contador, 0);",
      "    Atomics.store(contador, 0, visto + 1);",
      "  } finally {",
      "    semaforo.release();",
      "  }",
      "}",
      "```",
    ].join("\n"),
    checks: [
      {
        name:
          "sin competencia (permiso concedido al tiro, contador en 0): un llamado deja el contador en 1",
        run: (step) =>
          observe(step, (r) => withThrow(r.plain, { contador: r.plain.final })),
        expected: { contador: 1 },
        timeoutMs: SPY_BOUND_MS,
      },
      {
        name:
          "toma el permiso (`acquire`) y lo devuelve (`release`): una vez cada uno y en ese orden",
        run: (step) => observe(step, (r) => ({ llamadas: r.plain.calls })),
        expected: { llamadas: ["acquire", "release"] },
        timeoutMs: SPY_BOUND_MS,
      },
      {
        name:
          "mientras esperas en `acquire`, otro hilo suma 10 (simulado): si lees **después** de tomar el permiso, el contador queda en 10 + 1 = 11",
        run: (step) =>
          observe(
            step,
            (r) =>
              withThrow(r.interference, { contador: r.interference.final }),
          ),
        expected: { contador: 11 },
        timeoutMs: SPY_BOUND_MS,
      },
      {
        name:
          "escribes **antes** de devolver el permiso: cuando llamas a `release`, el contador ya vale 11",
        run: (step) =>
          observe(step, (r) => ({
            "contador al llamar release": r.interference.seenAtRelease,
          })),
        expected: { "contador al llamar release": 11 },
        timeoutMs: SPY_BOUND_MS,
      },
      {
        name:
          "si `acquire` devuelve `false` (no llegó a tiempo): te rindes — lanzas un error, no tocas el contador y no llamas a `release`",
        run: (step) =>
          observe(step, (r) => ({
            "lanzó un error": r.denied.threw !== null,
            contador: r.denied.final,
            llamadas: r.denied.calls,
          })),
        expected: {
          "lanzó un error": true,
          contador: 0,
          llamadas: ["acquire"],
        },
        timeoutMs: SPY_BOUND_MS,
      },
      {
        name:
          "si leer o escribir el contador falla (lo hacemos fallar a propósito), igual devuelves el permiso, una vez (`finally`)",
        run: (step) =>
          observe(step, (r) => ({ llamadas: r.failingRead.calls })),
        expected: { llamadas: ["acquire", "release"] },
        timeoutMs: SPY_BOUND_MS,
      },
      {
        name:
          "carrera real: 2 hilos × 100.000 incrementos, 3 corridas — siempre 200.000 y el permiso queda devuelto",
        run: async (step) => {
          const spy = await spyOf(step);
          if ("problem" in spy) return `no se corrió: ${spy.problem}`;
          const calls = spy.report.plain.calls;
          const taken = calls.filter((c) => c === "acquire").length;
          if (taken > calls.length - taken) {
            return "no se corrió: tu incremento toma el permiso y no lo devuelve; con dos hilos, el otro esperaría en vano";
          }
          try {
            const runs = await runIsolated<RaceRun[]>(step, {
              harness: HARNESS,
              input: { part: "race", ...RACE },
              timeoutMs: 40_000,
            });
            return runs.map((r) => ({ ...r, final: formatNumber(r.final) }));
          } catch (error) {
            return (error as Error).message;
          }
        },
        expected: Array.from({ length: RACE.runs }, () => ({
          final: formatNumber(RACE.workers * RACE.increments),
          permisos: 1,
        })),
        timeoutMs: 90_000,
      },
    ],
  });
