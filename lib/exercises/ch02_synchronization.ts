/**
 * Notebook 02's two checked exercises.
 *
 * 1. The bakery's tie-break. Two customers can take the same number (they
 *    read max(Number) at the same time); the class breaks the tie by the
 *    unique id: (Number[j], j) < (Number[i], i). A comparison that ignores
 *    the id lets both in at once.
 * 2. The racy counter made correct with the semaphore. The reader writes one
 *    increment step, `(counter, semaphore) => void`; the kit runs it in real
 *    Workers sharing one counter and a one-permit semaphore, so what is
 *    checked is the reader's own code racing for real. Racing alone cannot
 *    convict a wrong step (a run may lose nothing by luck), so the checks
 *    also call the step once with a spy semaphore that plays the "other
 *    thread": while the step waits in `acquire`, it adds 10 to the counter.
 *    A step that read before acquiring, or wrote after releasing, loses
 *    those 10 — deterministically.
 *
 * @module
 */

import {
  defineExercise,
  type ExerciseSpec,
  type SolutionOf,
} from "../notebook/exercise.ts";
import { delay } from "../process/timing.ts";
import { ThreadHandle } from "../process/thread.ts";
import { Semaphore } from "../sync/semaphore.ts";
import type {
  IncrementStep,
  IncrementStepJob,
  StepSemaphore,
} from "../sync/step_worker.ts";
import { SyncEvent } from "../sync/sync_event.ts";

export type { IncrementStep, StepSemaphore } from "../sync/step_worker.ts";

/** The reader's solution: does customer j (ticket numberJ) go before customer i? */
export type TieBreak = SolutionOf<typeof tieBreakExercise>;

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
  (
    numberJ: number,
    j: number,
    numberI: number,
    i: number,
  ) => boolean
> = defineExercise({
  id: "panaderia",
  title: "El desempate de la panadería de Lamport",
  checks: [
    {
      name: "número menor pasa primero",
      run: (f) => [f(2, 1, 5, 0), f(5, 0, 2, 1)],
      expected: [true, false],
    },
    {
      name: "mismo número: pasa el id menor",
      run: (f) => [f(4, 0, 4, 3), f(4, 3, 4, 0)],
      expected: [true, false],
    },
    {
      name: "con el mismo número, exactamente uno de los dos entra",
      run: (f) => {
        const pairs: [number, number][] = [[0, 1], [2, 7], [5, 3]];
        return pairs.every(([a, b]) => f(6, a, 6, b) !== f(6, b, 6, a));
      },
      expected: true,
    },
    {
      name: "nadie pasa antes que sí mismo",
      run: (f) => f(3, 2, 3, 2),
      expected: false,
    },
  ],
});

/** Why it exists: the outcome of one run of the reader's step in Workers. */
export interface IncrementStepRun {
  workers: number;
  increments: number;
  expected: number;
  final: number;
  /** expected − final. */
  lost: number;
  /** Permits left at the end (1 if every acquire had its release). */
  permitsLeft: number;
}

/** Options of {@linkcode runIncrementStep}. */
export interface IncrementStepOptions {
  /** Workers (1..8, default 2). */
  workers?: number;
  /** Increments per worker (default 100 000). */
  increments?: number;
  /** Bound on the whole run (default 20 s). */
  timeoutMs?: number;
}

const HARNESS_URL = new URL("../sync/step_worker.ts", import.meta.url).href;

/**
 * Runs `step` `increments` times in each of `workers` Workers, all sharing
 * one counter and a one-permit semaphore. `step` travels as source text: it
 * may use only its parameters and globals such as `Atomics`.
 *
 * @example A correct step keeps every update
 * ```ts
 * import { runIncrementStep } from "./ch02_synchronization.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const run = await runIncrementStep((counter, semaphore) => {
 *   if (!semaphore.acquire(1000)) throw new Error("no permit");
 *   Atomics.store(counter, 0, Atomics.load(counter, 0) + 1);
 *   semaphore.release();
 * }, { workers: 2, increments: 2000 });
 * assertEquals([run.final, run.lost, run.permitsLeft], [4000, 0, 1]);
 * ```
 */
export async function runIncrementStep(
  step: IncrementStep,
  options: IncrementStepOptions = {},
): Promise<IncrementStepRun> {
  const workers = options.workers ?? 2;
  const increments = options.increments ?? 100_000;
  const timeoutMs = options.timeoutMs ?? 20_000;
  if (typeof step !== "function") {
    throw new TypeError("The increment step must be a function");
  }
  if (!Number.isInteger(workers) || workers < 1 || workers > 8) {
    throw new RangeError(`Workers must be an integer in 1..8, not ${workers}`);
  }
  if (!Number.isInteger(increments) || increments < 0 || increments > 1e6) {
    throw new RangeError(
      `Increments must be an integer in 0..1e6, not ${increments}`,
    );
  }
  const shared = new SharedArrayBuffer(8);
  const cells = new Int32Array(shared);
  const semaphore = Semaphore.create(1, 1);
  const gate = SyncEvent.create();
  const source = [
    `import { serveIncrementStep } from ${JSON.stringify(HARNESS_URL)};`,
    `serveIncrementStep((${step.toString()}));`,
  ].join("\n");
  const threads: ThreadHandle<number>[] = [];
  try {
    for (let index = 0; index < workers; index++) {
      const url = URL.createObjectURL(
        new Blob([source], { type: "application/javascript" }),
      );
      const job: IncrementStepJob = {
        shared,
        semaphore: semaphore.buffer,
        gate: gate.buffer,
        increments,
        timeoutMs,
        acquireCapMs: 2000,
      };
      threads.push(
        new ThreadHandle<number>(
          `incremento ${index + 1}`,
          url,
          [job],
          () => URL.revokeObjectURL(url),
        ),
      );
    }
    const finished = Promise.all(threads.map((t) => t.join(timeoutMs)));
    finished.catch(() => {}); // awaited below; must not go unhandled meanwhile
    const readyBy = performance.now() + timeoutMs;
    while (Atomics.load(cells, 1) < workers && performance.now() < readyBy) {
      // a worker that failed to start reports it through `finished`
      if (threads.some((t) => !t.alive)) break;
      await delay(1);
    }
    gate.set();
    await finished;
    const expected = workers * increments;
    const final = Atomics.load(cells, 0);
    return {
      workers,
      increments,
      expected,
      final,
      lost: expected - final,
      permitsLeft: semaphore.value,
    };
  } finally {
    for (const t of threads) t.terminate();
  }
}

/** Calls `step` once on a fresh counter with a spy semaphore (see @module, 2). */
function spyOnce(step: IncrementStep) {
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const calls: string[] = [];
  let seenAtRelease: number | null = null;
  const spy: StepSemaphore = {
    acquire: () => {
      calls.push("acquire");
      Atomics.add(counter, 0, 10); // another thread's work while we waited
      return true;
    },
    release: () => {
      calls.push("release");
      seenAtRelease = Atomics.load(counter, 0);
    },
  };
  step(counter, spy);
  return { calls, final: Atomics.load(counter, 0), seenAtRelease };
}

/**
 * The exercise's checks (Spanish names: the reader sees them).
 *
 * @example A step without the semaphore is reported, not accepted
 * ```ts
 * import { semaphoreStepExercise } from "./ch02_synchronization.ts";
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
    checks: [
      {
        name: "un incremento, sin competencia, suma exactamente 1",
        run: (step) => {
          const counter = new Int32Array(new SharedArrayBuffer(4));
          step(counter, { acquire: () => true, release: () => {} });
          return Atomics.load(counter, 0);
        },
        expected: 1,
      },
      {
        name:
          "toma el permiso (`acquire`) y lo devuelve (`release`), una vez cada uno y en ese orden",
        run: (step) => spyOnce(step).calls,
        expected: ["acquire", "release"],
      },
      {
        name:
          "lee el contador **después** de tomar el permiso (lo que otro hilo sumó mientras esperabas no se pierde: 10 + 1)",
        run: (step) => spyOnce(step).final,
        expected: 11,
      },
      {
        name: "escribe **antes** de devolver el permiso",
        run: (step) => spyOnce(step).seenAtRelease,
        expected: 11,
      },
      {
        name:
          "2 hilos × 100 000 incrementos, 3 corridas: siempre N×K = 200 000 y el permiso queda devuelto",
        run: async (step) => {
          const { calls } = spyOnce(step);
          const taken = calls.filter((c) => c === "acquire").length;
          if (taken > calls.length - taken) {
            // with real threads the next acquire would wait its whole bound
            throw new Error(
              "tu incremento toma el permiso y no lo devuelve: con dos hilos, el otro esperaría para siempre",
            );
          }
          const runs = [];
          for (let r = 0; r < 3; r++) {
            const run = await runIncrementStep(step, {
              workers: 2,
              increments: 100_000,
            });
            runs.push({ final: run.final, permisos: run.permitsLeft });
          }
          return runs;
        },
        expected: Array.from({ length: 3 }, () => ({
          final: 200_000,
          permisos: 1,
        })),
        timeoutMs: 60_000,
      },
    ],
  });
