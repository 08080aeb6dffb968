import { assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import {
  answer,
  formatQuiz,
  judgeAnswer,
  quiz,
  type QuizSpec,
} from "../../lib/notebook/mod.ts";

const spec: QuizSpec = {
  id: "hilos",
  question: "¿Por qué crear un hilo suele costar menos que crear un proceso?",
  options: [
    {
      text: "Comparte la memoria de su creador",
      correct: true,
      why: "No hay que copiar ni mapear un espacio de direcciones nuevo.",
    },
    {
      text: "Corre más rápido",
      why: "La velocidad de ejecución no depende de cómo se creó.",
    },
    {
      text: "No usa CPU",
      why: "Un hilo usa CPU como cualquier flujo de ejecución.",
    },
  ],
};

Deno.test("judgeAnswer tells right, wrong and malformed answers apart", () => {
  const cases: [unknown, string][] = [
    ["a", "correct"], // the right letter
    ["A", "correct"], // upper case is accepted
    [" a) ", "correct"], // "a)" as written in the options, with spaces
    ["b", "incorrect"], // a wrong but offered letter
    ["d", "invalid"], // a letter not offered
    ["", "invalid"], // not answered yet
    ["ab", "invalid"], // two letters
    [1, "invalid"], // not a string
    [null, "invalid"], // nothing
  ];
  for (const [raw, kind] of cases) {
    assertEquals(
      judgeAnswer(spec, raw).kind,
      kind,
      `answer ${JSON.stringify(raw)}`,
    );
  }
});

Deno.test("judgeAnswer explains every option, right and wrong", () => {
  const verdict = judgeAnswer(spec, "b");
  for (const option of spec.options) {
    assertStringIncludes(verdict.message, option.why);
  }
  assertStringIncludes(verdict.message, "la respuesta es **a)**");
});

Deno.test("judgeAnswer gives Spanish guidance for a letter not offered", () => {
  const verdict = judgeAnswer(spec, "z");
  assertEquals(verdict.kind, "invalid");
  assertStringIncludes(verdict.message, "elige una de: a, b, c");
});

Deno.test("formatQuiz rejects a question without exactly one correct option", () => {
  const none = {
    ...spec,
    options: spec.options.map((o) => ({ ...o, correct: false })),
  };
  assertThrows(() => formatQuiz(none), TypeError, "exactly one correct option");
  const two = {
    ...spec,
    options: spec.options.map((o) => ({ ...o, correct: true })),
  };
  assertThrows(() => formatQuiz(two), TypeError);
});

Deno.test("formatQuiz rejects too few options and options without an explanation", () => {
  assertThrows(
    () => formatQuiz({ ...spec, options: [spec.options[0]] }),
    RangeError,
  );
  const silent = {
    ...spec,
    options: [{ ...spec.options[0], why: " " }, spec.options[1]],
  };
  assertThrows(() => formatQuiz(silent), TypeError, "explanation");
});

Deno.test("answer judges a registered question and never throws on an unknown id", async () => {
  await quiz(spec);
  assertEquals((await answer("hilos", "a")).kind, "correct");
  const unknown = await answer("no-existe", "a");
  assertEquals(unknown.kind, "invalid");
  assertStringIncludes(unknown.message, "hilos");
  assertEquals((await answer(42, "a")).kind, "invalid");
});
