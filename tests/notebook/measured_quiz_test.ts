import { assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import { fasterOfTwoQuiz } from "../../lib/notebook/measured_quiz.ts";
import { judgeAnswer } from "../../lib/notebook/quiz.ts";

const spec = (a: number, b: number, seed = 7) =>
  fasterOfTwoQuiz({
    id: "qm",
    context: "Mira el gráfico.",
    a: { label: "socket Unix", micros: a },
    b: { label: "MessagePort (hilo)", micros: b },
    explanation: "Razón.",
    seed,
  });

const LETTERS = "abc";
const correctText = (s: ReturnType<typeof spec>) =>
  s.options.find((o) => o.correct)!.text;

Deno.test("the right answer follows the figures: a faster, b faster, or a tie", () => {
  assertStringIncludes(
    correctText(spec(20, 60)),
    "**socket Unix** fue más rápido",
  );
  assertStringIncludes(
    correctText(spec(60, 20)),
    "**MessagePort (hilo)** fue más rápido",
  );
  assertStringIncludes(correctText(spec(20, 21)), "Empataron");
});

Deno.test("judging uses the computed answer, and every why quotes the figures in es-CL", () => {
  for (const [a, b] of [[20, 60], [60, 20]]) {
    const s = spec(a, b);
    const right = LETTERS[s.options.findIndex((o) => o.correct)];
    assertEquals(judgeAnswer(s, right).kind, "correct");
    for (const o of s.options) assertStringIncludes(o.why, "20,0 µs");
  }
});

Deno.test("the same seed gives the same order; the order is not fixed by outcome", () => {
  assertEquals(spec(20, 60, 3).options, spec(20, 60, 3).options);
  const orders = new Set(
    [1, 2, 3, 4, 5, 6, 7, 8].map((seed) =>
      spec(20, 60, seed).options.map((o) => o.text).join("|")
    ),
  );
  assertEquals(orders.size > 1, true);
});

Deno.test("a figure that is not a positive time is refused", () => {
  assertThrows(() => spec(0, 20), RangeError);
  assertThrows(() => spec(Number.NaN, 20), RangeError);
});
