/**
 * Notebook 05's exercise: the reference passes, alternative correct answers
 * pass, and plausible wrong answers (the shipped starter among them) fail.
 */

import { assert, assertEquals } from "@std/assert";
import { checkExercise } from "../../lib/notebook/exercise.ts";
import {
  type RingUsedBytes,
  ringUsedBytesExercise,
} from "../../lib/exercises/ch05_shared_memory.ts";

const passing: [string, RingUsedBytes][] = [
  ["the modulo-2^32 reference", (head, tail) => (head - tail) >>> 0],
  [
    "a signed 32-bit difference (rings hold < 2^31 bytes)",
    (h, t) => (h - t) | 0,
  ],
  ["an explicit wrap test", (h, t) => (h >= t ? h - t : h + 2 ** 32 - t)],
];

const failing: [string, RingUsedBytes][] = [
  ["the plain subtraction starter", (head, tail) => head - tail],
  ["an absolute value", (head, tail) => Math.abs(head - tail)],
  ["the operands swapped", (head, tail) => (tail - head) >>> 0],
  ["JavaScript's % keeps the sign", (head, tail) => (head - tail) % 2 ** 32],
  ["prefixes not counted as used", (head, tail) => ((head - tail) >>> 0) - 4],
  [
    "the counters' distance in the other direction",
    (h, t) => (2 ** 32 - (h - t)) % 2 ** 32,
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

for (const [name, solution] of failing) {
  Deno.test(`Ring used-bytes exercise: ${name} fails`, async () => {
    const report = await checkExercise(ringUsedBytesExercise, solution, {
      display: false,
    });
    assert(report.passed < report.total, `${name} should not pass`);
  });
}
