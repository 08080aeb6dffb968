import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { judgeAnswer } from "../../lib/notebook/quiz.ts";
import { creationQuiz } from "../../lib/process/measured_quiz.ts";
import { describeExit } from "../../lib/process/signal_exit.ts";
import { spawnProcess } from "../../lib/process/child.ts";
import {
  creationSentences,
  speedUpSentence,
} from "../../lib/process/ch01_sentences.ts";

const LETTERS = "abcd";

function rightLetter(spec: ReturnType<typeof creationQuiz>): string {
  const index = spec.options.findIndex((o) => o.correct);
  assert(index >= 0);
  assertEquals(spec.options.filter((o) => o.correct).length, 1);
  return LETTERS[index];
}

Deno.test("the measured quiz's right answer follows the figures, both ways", () => {
  const cases: [number, number, string][] = [
    [4, 580, "El proceso"], // this kernel: Workers are slow to start
    [40, 12, "El Worker"], // a runtime where the Worker wins
  ];
  for (const [processTrue, workerKernel, start] of cases) {
    const spec = creationQuiz({ processTrue, workerKernel }, 11);
    const letter = rightLetter(spec);
    const right = spec.options[LETTERS.indexOf(letter)];
    assert(right.text.startsWith(start), right.text);
    assertEquals(judgeAnswer(spec, letter).kind, "correct");
    const wrong = LETTERS.split("").find((l) => l !== letter)!;
    assertEquals(judgeAnswer(spec, wrong).kind, "incorrect");
    assert((spec.hints ?? []).length >= 1);
  }
});

Deno.test("the measured quiz is seeded: same seed same order, figures in es-CL", () => {
  const a = creationQuiz({ processTrue: 3.95, workerKernel: 588.45 }, 3);
  assertEquals(creationQuiz({ processTrue: 3.95, workerKernel: 588.45 }, 3), a);
  const orders = new Set(
    [1, 2, 3, 4, 5, 6, 7, 8].map((seed) =>
      creationQuiz({ processTrue: 3.95, workerKernel: 588.45 }, seed)
        .options.map((o) => o.text).join("|")
    ),
  );
  assert(orders.size > 1, "different seeds should shuffle differently");
  assertStringIncludes(a.options.map((o) => o.text).join(" "), "3,95 ms");
  assertStringIncludes(a.options.map((o) => o.text).join(" "), "588 ms");
});

Deno.test("describeExit tells a real SIGKILL apart from an exit code", async () => {
  await using child = spawnProcess("sleep", ["30"]);
  child.kill();
  const exit = await child.join();
  assertEquals([exit.signal, exit.code], ["SIGKILL", 137]);
  const text = describeExit(exit);
  assertStringIncludes(text, "señal SIGKILL (9), sin código de salida");
  assertStringIncludes(text, "returncode −9");
  await using ok = spawnProcess("sh", ["-c", "exit 3"]);
  assertEquals(
    describeExit(await ok.join()),
    "salió por sí mismo con código 3",
  );
});

Deno.test("speedUpSentence never claims a speed-up the figures do not show", () => {
  const noisy = speedUpSentence([100, 40, 45], [100, 99, 100], [1, 2, 4], 2);
  assertStringIncludes(noisy, "más que el techo ideal de 2×");
  const single = speedUpSentence([100, 100], [100, 100], [1, 2], 1);
  assertStringIncludes(single, "techo ideal de 1×");
});

Deno.test("creationSentences gives no reason the figures contradict", () => {
  const text = creationSentences({
    processTrue: 50,
    processDeno: 100,
    workerPlain: 120,
    workerKernel: 121,
    pythonThread: 3,
    pythonFork: 2,
  }).join("\n");
  assertStringIncludes(text, "Es raro");
  assertStringIncludes(text, "el orden puede cambiar");
  assert(!text.includes("es de esta herramienta"));
  assert(!text.includes("el hilo no necesita un espacio"));
  assertStringIncludes(text, "prácticamente lo mismo que en `deno run`");
});
