import { assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import {
  answer,
  formatQuiz,
  GENERIC_HINT,
  judgeAnswer,
  MAX_WRONG_TRIES,
  quiz,
  quizBundle,
  type QuizSpec,
  submitAnswer,
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
  hints: ["Piensa en qué copia el sistema operativo al crear un proceso."],
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

Deno.test("a wrong answer explains that choice and hints, without revealing the key", () => {
  const verdict = judgeAnswer(spec, "b");
  assertStringIncludes(verdict.message, spec.options[1].why);
  assertStringIncludes(verdict.message, spec.hints![0]);
  for (const other of [spec.options[0], spec.options[2]]) {
    assertEquals(verdict.message.includes(other.why), false, other.why);
  }
  assertEquals(
    verdict.kind === "incorrect" && verdict.correctLetter,
    undefined,
  );
  // the question's own hints run out into the generic one
  assertStringIncludes(judgeAnswer(spec, "c", 1).message, GENERIC_HINT);
});

Deno.test("the answer is revealed after a right answer or too many wrong ones", () => {
  const right = judgeAnswer(spec, "a");
  const last = judgeAnswer(spec, "b", MAX_WRONG_TRIES - 1);
  for (const verdict of [right, last]) {
    for (const option of spec.options) {
      assertStringIncludes(verdict.message, option.why);
    }
    assertStringIncludes(verdict.message, "La respuesta es **a)**");
  }
  assertEquals(last.kind === "incorrect" && last.correctLetter, "a");
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
  assertThrows(
    () => formatQuiz(none),
    TypeError,
    "exactamente una opción correcta",
  );
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
  assertThrows(() => formatQuiz(silent), TypeError, "explicación");
});

Deno.test("answer resolves to nothing; submitAnswer counts tries and moves through hints", async () => {
  const local = { ...spec, id: "hilos-sesion", chapter: "99" };
  assertEquals(await quiz(local), undefined);
  assertEquals(await answer("hilos-sesion", "b"), undefined);
  // answer() above already counted one wrong try: the next one is the second
  const second = await submitAnswer("hilos-sesion", "c");
  assertEquals(second.kind, "incorrect");
  assertStringIncludes(second.message, "intento 2");
  assertStringIncludes(second.message, GENERIC_HINT);
  const third = await submitAnswer("99/hilos-sesion", "b");
  assertEquals(third.kind === "incorrect" && third.correctLetter, "a");
  assertEquals((await submitAnswer("hilos-sesion", "a")).kind, "correct");
  const unknown = await submitAnswer("no-existe", "a");
  assertEquals(unknown.kind, "invalid");
  assertStringIncludes(unknown.message, "hilos-sesion");
  assertEquals((await submitAnswer(42, "a")).kind, "invalid");
});

Deno.test("no banked question's key or explanations reach its HTML", async () => {
  const { QUIZ_BANKS } = await import("../../lib/notebook/quiz_bank.ts");
  const where = { url: "http://127.0.0.1:9/v1/quiz", token: "t" };
  for (const [chapter, bank] of Object.entries(QUIZ_BANKS)) {
    for (const question of bank.questions) {
      const bundle = quizBundle(question, chapter, where);
      const html = bundle["text/html"];
      assertStringIncludes(html, "Comprobar");
      for (const option of question.options) {
        assertEquals(
          html.includes(option.why),
          false,
          `${chapter}/${question.id}: a "why" is in the HTML`,
        );
      }
      assertEquals(
        /\bcorrect\b\s*["':]/.test(html),
        false,
        `${chapter}/${question.id}`,
      );
      assertStringIncludes(bundle["text/markdown"], question.id);
    }
  }
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
