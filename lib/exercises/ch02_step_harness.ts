/**
 * Child-side harness of notebook 02's semaphore exercise (loaded by
 * `solution_child.ts` next to the reader's step, in its own process).
 *
 * Racing alone cannot convict a wrong step (a run may lose nothing by luck),
 * so part "spy" calls the step once in each of four scripted situations with
 * a spy semaphore that records every call and plays the other thread:
 *
 * - `plain`: the permit is granted at once;
 * - `interference`: while the step waits in `acquire`, "another thread"
 *   adds 10 — a step that read before acquiring, or wrote after releasing,
 *   loses those 10, deterministically;
 * - `denied`: `acquire` returns false (timed out) — the step must give up:
 *   throw, leave the counter alone, and not release a permit it never got;
 * - `failingRead`: the counter fails when touched — the permit must still
 *   be given back (`finally`).
 *
 * Part "race" runs the step for real in Workers (`ch02_increment_race.ts`).
 *
 * @module
 */

import { ThreadFailedError } from "../process/errors.ts";
import type { IncrementStep, StepSemaphore } from "../sync/step_worker.ts";
import { runIncrementStep } from "./ch02_increment_race.ts";

/** What the step did in one scripted situation. */
export interface StepScenario {
  /** The semaphore calls, in order ("acquire", "release"). */
  calls: string[];
  /** The counter after the step. */
  final: number;
  /** The counter when `release` was first called (null: never called). */
  seenAtRelease: number | null;
  /** What the step threw ("Name: message"), or null. */
  threw: string | null;
}

/** The four situations of part "spy". */
export interface SpyReport {
  plain: StepScenario;
  interference: StepScenario;
  denied: StepScenario;
  failingRead: StepScenario;
}

/** One real race: the counter's final value and the permits left. */
export interface RaceRun {
  final: number;
  permisos: number;
}

/** What the parent asks for. */
export type StepHarnessInput =
  | { part: "spy" }
  | { part: "race"; workers: number; increments: number; runs: number };

function scenario(
  step: IncrementStep,
  acquire: (counter: Int32Array) => boolean,
  failing = false,
): StepScenario {
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const calls: string[] = [];
  let seenAtRelease: number | null = null;
  const spy: StepSemaphore = {
    acquire: () => {
      calls.push("acquire");
      return acquire(counter);
    },
    release: () => {
      calls.push("release");
      seenAtRelease ??= Atomics.load(counter, 0);
    },
  };
  const fail = () => {
    throw new Error("fallo simulado al usar el contador");
  };
  // Atomics rejects a Proxy and plain indexing hits the traps: both fail
  const given = failing
    ? new Proxy(counter, { get: fail, set: fail })
    : counter;
  let threw: string | null = null;
  try {
    step(given, spy);
  } catch (thrown) {
    const e = thrown instanceof Error ? thrown : new Error(String(thrown));
    threw = `${e.name}: ${e.message}`;
  }
  return { calls, final: Atomics.load(counter, 0), seenAtRelease, threw };
}

/**
 * Runs one part for `step` and returns plain data (see @module).
 *
 * @example The spy part on a correct step
 * ```ts
 * import { runSolution, type SpyReport } from "./ch02_step_harness.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const report = await runSolution((c, s) => {
 *   if (!s.acquire(1000)) throw new Error("sin permiso");
 *   try {
 *     Atomics.store(c, 0, Atomics.load(c, 0) + 1);
 *   } finally {
 *     s.release();
 *   }
 * }, { part: "spy" }) as SpyReport;
 * assertEquals(report.interference.final, 11);
 * assertEquals(report.denied.calls, ["acquire"]);
 * assertEquals(report.failingRead.calls, ["acquire", "release"]);
 * ```
 */
export async function runSolution(
  step: IncrementStep,
  input: StepHarnessInput,
): Promise<SpyReport | RaceRun[]> {
  if (input.part === "spy") {
    return {
      plain: scenario(step, () => true),
      interference: scenario(step, (counter) => {
        Atomics.add(counter, 0, 10); // the other thread's work while we waited
        return true;
      }),
      denied: scenario(step, () => false),
      failingRead: scenario(step, () => true, true),
    };
  }
  const runs: RaceRun[] = [];
  for (let r = 0; r < input.runs; r++) {
    try {
      const run = await runIncrementStep(step, {
        workers: input.workers,
        increments: input.increments,
      });
      runs.push({ final: run.final, permisos: run.permitsLeft });
    } catch (error) {
      if (!(error instanceof ThreadFailedError)) throw error;
      // Spanish, from the error's fields: the reader sees it
      throw new Error(
        `en la carrera real falló ${error.threadName}: ${error.remoteName}: ${error.remoteMessage}`,
      );
    }
  }
  return runs;
}
