/** Notebook 05's exercise: the reference passes, the shipped starter fails on the wrap-around. */

import { assert, assertEquals } from "@std/assert";
import { checkExercise } from "../../lib/notebook/exercise.ts";
import { ringUsedBytesExercise } from "../../lib/exercises/ch05_shared_memory.ts";

Deno.test("Ring used-bytes exercise: the modulo-2^32 reference passes", async () => {
  const report = await checkExercise(
    ringUsedBytesExercise,
    (head, tail) => (head - tail) >>> 0,
    { display: false },
  );
  assertEquals(report.passed, report.total, report.markdown);
});

Deno.test("Ring used-bytes exercise: the plain subtraction starter fails", async () => {
  const report = await checkExercise(
    ringUsedBytesExercise,
    (head, tail) => head - tail,
    { display: false },
  );
  assert(report.passed < report.total);
});
