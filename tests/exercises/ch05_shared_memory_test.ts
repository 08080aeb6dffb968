/**
 * Notebook 05's exercise (bytes held by the ring): correct formulas pass,
 * and each plausible wrong one fails with a verdict naming its mistake.
 */

import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { checkExercise } from "../../lib/notebook/exercise.ts";
import {
  judgeUsedBytes,
  type RingUsedBytes,
  ringUsedBytesExercise,
} from "../../lib/exercises/ch05_shared_memory.ts";

const passing: [string, RingUsedBytes][] = [
  ["the modulo-2^32 reference", (head, tail) => (head - tail) >>> 0],
  ["an explicit wrap test", (h, t) => (h >= t ? h - t : h + 2 ** 32 - t)],
  [
    "a non-negative modulo",
    (h, t) => (((h - t) % 2 ** 32) + 2 ** 32) % 2 ** 32,
  ],
];

const failing: [string, RingUsedBytes, string][] = [
  [
    "the plain subtraction starter",
    (head, tail) => head - tail,
    "negativo (head ya dio la vuelta",
  ],
  [
    "JavaScript's % keeps the sign",
    (head, tail) => (head - tail) % 2 ** 32,
    "negativo (head ya dio la vuelta",
  ],
  [
    "an absolute value",
    (head, tail) => Math.abs(head - tail),
    "distancia al revés",
  ],
  [
    "the operands swapped",
    (head, tail) => (tail - head) >>> 0,
    "distancia al revés",
  ],
  [
    "prefixes not counted as used",
    (head, tail) => ((head - tail) >>> 0) - 4,
    "negativo",
  ],
  [
    "adding 2^32 always",
    (head, tail) => head - tail + 2 ** 32,
    "no cabe en 32 bits",
  ],
];

for (const [name, solution] of passing) {
  Deno.test(`Ring used-bytes exercise: ${name} passes`, async () => {
    const report = await checkExercise(ringUsedBytesExercise, solution, {
      display: false,
    });
    assertEquals(report.passed, report.total, report.markdown);
  });
}

for (const [name, solution, reason] of failing) {
  Deno.test(`Ring used-bytes exercise: ${name} fails, saying why`, async () => {
    const report = await checkExercise(ringUsedBytesExercise, solution, {
      display: false,
    });
    const failed = report.outcomes.filter((o) => o.status === "failed");
    assert(failed.length > 0, `${name} should not pass`);
    assert(
      failed.some((o) => o.status === "failed" && o.got.includes(reason)),
      `${name}: no failure says "${reason}":\n${report.markdown}`,
    );
  });
}

Deno.test("judgeUsedBytes names the input and what is wrong", () => {
  assertStringIncludes(
    judgeUsedBytes(10, 4, 6.5),
    "ringUsedBytes(10, 4) devolvió 6.5: no es un entero",
  );
  assertStringIncludes(judgeUsedBytes(10, 4, "6"), "no es un número");
  assertStringIncludes(judgeUsedBytes(4, 10, -6), "negativo");
});

Deno.test("Ring used-bytes exercise has progressive hints and a worked answer", () => {
  assert((ringUsedBytesExercise.hints?.length ?? 0) >= 2);
  assertStringIncludes(ringUsedBytesExercise.worked ?? "", ">>> 0");
});
