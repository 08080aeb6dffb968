import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { checkExercise } from "../../lib/notebook/exercise.ts";
import {
  type IncrementStep,
  runIncrementStep,
  semaphoreStepExercise,
  type StepSemaphore,
} from "../../lib/exercises/ch02_synchronization.ts";

// The starter shipped in notebook 02 (cell b13b), verbatim as formatted there.
const STARTER_SOURCE =
  `// deno-lint-ignore no-unused-vars -- el semáforo aún no se usa: ese es el ejercicio
function miIncremento(contador: Int32Array, semaforo: StepSemaphore): void {
  // TODO: toma el permiso antes de leer y devuélvelo después de escribir.
  const visto = Atomics.load(contador, 0);
  Atomics.store(contador, 0, visto + 1);
}`;

// deno-lint-ignore no-unused-vars -- el semáforo aún no se usa: ese es el ejercicio
function miIncremento(contador: Int32Array, semaforo: StepSemaphore): void {
  // TODO: toma el permiso antes de leer y devuélvelo después de escribir.
  const visto = Atomics.load(contador, 0);
  Atomics.store(contador, 0, visto + 1);
}

// What a reader should end up with.
function reference(contador: Int32Array, semaforo: StepSemaphore): void {
  if (!semaforo.acquire(1000)) throw new Error("sin permiso a tiempo");
  try {
    const visto = Atomics.load(contador, 0);
    Atomics.store(contador, 0, visto + 1);
  } finally {
    semaforo.release();
  }
}

function failedChecks(
  report: { outcomes: { name: string; status: string }[] },
) {
  return report.outcomes.filter((o) => o.status !== "passed").map((o) =>
    o.name
  );
}

Deno.test("the notebook ships the starter these tests check", async () => {
  const notebook = JSON.parse(
    await Deno.readTextFile(
      new URL("../../notebooks/02_synchronization.ipynb", import.meta.url),
    ),
  );
  const cell = notebook.cells.find((c: { id: string }) => c.id === "b13b");
  const source = cell.source.join("");
  assertStringIncludes(source, STARTER_SOURCE);
  assertStringIncludes(
    source,
    "checkExercise(semaphoreStepExercise, miIncremento)",
  );
});

Deno.test("semaphoreStepExercise passes the reference, every check", async () => {
  const report = await checkExercise(semaphoreStepExercise, reference, {
    display: false,
  });
  assertEquals(failedChecks(report), []);
  assertEquals(report.passed, report.total);
});

Deno.test("semaphoreStepExercise fails the starter, and its race loses updates", async () => {
  const report = await checkExercise(semaphoreStepExercise, miIncremento, {
    display: false,
  });
  assert(report.passed < report.total);
  // the spy checks convict it deterministically, whatever the race did
  const failed = failedChecks(report);
  assert(failed.some((name) => name.includes("acquire")), failed.join("; "));
  // and racing for real it usually loses updates: count them (not asserted,
  // a quiet machine can serialize two workers by luck)
  const run = await runIncrementStep(miIncremento);
  console.log(`starter lost ${run.lost} of ${run.expected} updates`);
  assertEquals(run.permitsLeft, 1);
});

Deno.test("semaphoreStepExercise fails the usual mistakes without hanging", async () => {
  const cases: [string, IncrementStep][] = [
    // reads before taking the permit: another thread's work is overwritten
    ["read before acquire", (c, s) => {
      const seen = Atomics.load(c, 0);
      s.acquire(1000);
      Atomics.store(c, 0, seen + 1);
      s.release();
    }],
    // gives the permit back before writing
    ["release before write", (c, s) => {
      s.acquire(1000);
      const seen = Atomics.load(c, 0);
      s.release();
      Atomics.store(c, 0, seen + 1);
    }],
    // never gives it back: the concurrent check refuses to start the race
    ["no release", (c, s) => {
      s.acquire(1000);
      Atomics.store(c, 0, Atomics.load(c, 0) + 1);
    }],
    // correct count, but not with the semaphore the exercise asks for
    ["atomic add only", (c) => {
      Atomics.add(c, 0, 1);
    }],
  ];
  for (const [why, step] of cases) {
    const report = await checkExercise(semaphoreStepExercise, step, {
      display: false,
    });
    assert(report.passed < report.total, `${why} should fail some check`);
  }
});
