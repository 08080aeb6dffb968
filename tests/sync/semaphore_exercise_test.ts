import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { checkExercise } from "../../lib/notebook/exercise.ts";
import {
  type IncrementStep,
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

function failedStatus(
  report: { outcomes: { name: string; status: string }[] },
) {
  return report.outcomes.filter((o) => o.status !== "passed");
}

async function failedNames(step: IncrementStep) {
  const report = await checkExercise(semaphoreStepExercise, step, {
    display: false,
  });
  return failedStatus(report).map((o) => o.name);
}

Deno.test("semaphoreStepExercise fails the starter on the spy checks", async () => {
  const failed = await failedNames(miIncremento);
  assert(failed.some((n) => n.includes("una vez cada uno")), failed.join("; "));
  assert(failed.some((n) => n.includes("10 + 1 = 11")), failed.join("; "));
});

Deno.test("semaphoreStepExercise: each usual mistake fails the check that names it", async () => {
  const cases: [string, IncrementStep, string][] = [
    // ignores acquire's false: increments without the permit, releases anyway
    ["no give-up on timeout", (c, s) => {
      s.acquire(1000);
      try {
        Atomics.store(c, 0, Atomics.load(c, 0) + 1);
      } finally {
        s.release();
      }
    }, "te rindes"],
    // releases only on the happy path
    ["no finally", (c, s) => {
      if (!s.acquire(1000)) throw new Error("sin permiso");
      Atomics.store(c, 0, Atomics.load(c, 0) + 1);
      s.release();
    }, "finally"],
    // releases in the try and again in finally
    ["releases twice", (c, s) => {
      if (!s.acquire(1000)) throw new Error("sin permiso");
      try {
        Atomics.store(c, 0, Atomics.load(c, 0) + 1);
        s.release();
      } finally {
        s.release();
      }
    }, "una vez cada uno"],
    // never gives the permit back: the race is not even started
    ["never releases", (c, s) => {
      if (!s.acquire(1000)) throw new Error("sin permiso");
      Atomics.store(c, 0, Atomics.load(c, 0) + 1);
    }, "una vez cada uno"],
    // reads before taking the permit
    ["read before acquire", (c, s) => {
      const seen = Atomics.load(c, 0);
      if (!s.acquire(1000)) throw new Error("sin permiso");
      try {
        Atomics.store(c, 0, seen + 1);
      } finally {
        s.release();
      }
    }, "10 + 1 = 11"],
    // gives the permit back before writing
    ["release before write", (c, s) => {
      if (!s.acquire(1000)) throw new Error("sin permiso");
      const seen = Atomics.load(c, 0);
      s.release();
      Atomics.store(c, 0, seen + 1);
    }, "ya vale 11"],
  ];
  for (const [why, step, expectedFailure] of cases) {
    const failed = await failedNames(step);
    assert(
      failed.some((n) => n.includes(expectedFailure)),
      `${why}: expected a failure naming "${expectedFailure}", got: ${
        failed.join("; ")
      }`,
    );
  }
});

Deno.test("semaphoreStepExercise: an endless loop is reported as a timeout, not a hang", async () => {
  const report = await checkExercise(semaphoreStepExercise, () => {
    while (true) { /* un ciclo sin fin */ }
  }, { display: false });
  assertEquals(report.passed, 0);
  const first = report.outcomes[0];
  assert(first.status === "failed", first.status);
  assertStringIncludes(
    first.status === "failed" ? first.got : "",
    "se excedió el tiempo",
  );
  const race = report.outcomes[report.outcomes.length - 1];
  assert(race.status === "failed" && race.got.includes("no se corrió"));
});
