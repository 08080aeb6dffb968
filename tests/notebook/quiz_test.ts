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

Deno.test("every banked question is asked by exactly one notebook cell, and no cell holds a key", async () => {
  const { QUIZ_BANKS } = await import("../../lib/notebook/quiz_bank.ts");
  for (const [chapter, bank] of Object.entries(QUIZ_BANKS)) {
    const nb = JSON.parse(
      await Deno.readTextFile(`notebooks/${bank.notebook}`),
    ) as { cells: { cell_type: string; source: string | string[] }[] };
    const sources = nb.cells.filter((c) => c.cell_type === "code").map((c) =>
      Array.isArray(c.source) ? c.source.join("") : c.source
    );
    for (const source of sources) {
      assertEquals(
        /\bcorrect\s*:/.test(source),
        false,
        `${bank.notebook}: a cell holds an answer key:\n${source}`,
      );
    }
    const asked = sources.flatMap((s) =>
      [...s.matchAll(/\bquiz\(\s*"(\d\d)",\s*"([^"]+)"\s*\)/g)].map((m) => {
        assertEquals(m[1], chapter, `${bank.notebook} asks ${m[0]}`);
        return m[2];
      })
    );
    assertEquals(
      asked.toSorted(),
      bank.questions.map((q) => q.id).toSorted(),
      `${bank.notebook}: the cells ask exactly the banked questions`,
    );
    for (const question of bank.questions) {
      assertEquals(formatQuiz(question).length > 0, true);
    }
  }
});
