import { assertEquals, assertStringIncludes } from "@std/assert";
import { checkExercise, defineExercise } from "../../lib/notebook/mod.ts";

type Sum = (xs: number[]) => number | Promise<number>;

const sumExercise = defineExercise<Sum>({
  id: "suma",
  title: "Suma",
  checks: [
    { name: "lista vacía", run: (f) => f([]), expected: 0 },
    { name: "tres números", run: (f) => f([1, 2, 3]), expected: 6 },
    {
      name: "decimales",
      run: (f) => f([0.1, 0.2]),
      expected: 0.3,
      tolerance: 1e-9,
    },
    {
      name: "termina a tiempo",
      run: (f) => f([1]),
      expected: 1,
      timeoutMs: 200,
    },
  ],
});

Deno.test("checkExercise passes every check of a correct solution", async () => {
  const report = await checkExercise(
    sumExercise,
    (xs) => xs.reduce((a, b) => a + b, 0),
    {
      display: false,
    },
  );
  assertEquals([report.passed, report.total], [4, 4]);
});

Deno.test("checkExercise reports expected and got for a wrong result", async () => {
  const report = await checkExercise(sumExercise, (xs) => xs.length, {
    display: false,
  });
  const failed = report.outcomes.find((o) => o.name === "tres números");
  assertEquals(failed, {
    name: "tres números",
    status: "failed",
    expected: "6",
    got: "3",
  });
  assertStringIncludes(report.markdown, "esperado `6`, obtenido `3`");
});

Deno.test("checkExercise turns a thrown error into an outcome without a stack by default", async () => {
  const report = await checkExercise(sumExercise, () => {
    throw new RangeError("no implementado");
  }, { display: false });
  const outcome = report.outcomes[0];
  assertEquals(outcome.status, "threw");
  if (outcome.status !== "threw") return;
  assertEquals(outcome.error, "RangeError: no implementado");
  assertEquals(outcome.stack, undefined);
});

Deno.test("checkExercise includes the stack when asked", async () => {
  const report = await checkExercise(sumExercise, () => {
    throw new Error("x");
  }, { display: false, showStack: true });
  const outcome = report.outcomes[0];
  assertEquals(outcome.status === "threw" && typeof outcome.stack, "string");
});

Deno.test("checkExercise bounds a solution that never settles", async () => {
  const report = await checkExercise(
    sumExercise,
    () => new Promise<number>(() => {}),
    {
      display: false,
    },
  );
  const outcome = report.outcomes.find((o) => o.name === "termina a tiempo");
  assertEquals(outcome, {
    name: "termina a tiempo",
    status: "timeout",
    timeoutMs: 200,
  });
  assertStringIncludes(report.markdown, "se excedió el tiempo");
});

Deno.test("defineExercise rejects an exercise without checks", () => {
  try {
    defineExercise({ id: "x", title: "x", checks: [] });
    throw new Error("expected a TypeError");
  } catch (error) {
    assertEquals((error as Error).name, "TypeError");
  }
});
