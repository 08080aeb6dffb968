/**
 * Quiz cells: a multiple-choice question rendered as Markdown, answered in a
 * later cell with `answer("id", "letra")`.
 *
 * Feedback explains *every* option, not just the right one — the wrong
 * options are where the misconceptions live. A malformed answer (an unknown
 * id, a letter not offered, an empty string) gets a Spanish message shown as
 * output, never a stack trace: a learner's typo is not a program error.
 *
 * @module
 */

import { quietInKernel, showMarkdown } from "./display.ts";
import { bankedQuestion } from "./quiz_bank.ts";

/** A multiple-choice question. */
export interface QuizSpec {
  /** Short id used to answer, e.g. `"q1"`; unique within the notebook. */
  id: string;
  /** The question (Markdown). */
  question: string;
  /** Two to eight options; letters a, b, c… are assigned in order. */
  options: readonly {
    /** The option's text (Markdown). */
    text: string;
    /** Whether this is the right answer; exactly one option has it. */
    correct?: boolean;
    /** Why this option is right or wrong (Markdown), shown after answering. */
    why: string;
  }[];
  /** Progressive hints, shown one at a time after wrong answers. */
  hints?: readonly string[];
}

/** One option of a question. */
export type QuizOption = QuizSpec["options"][number];

/** How an answer was judged. */
export type QuizVerdict =
  | { kind: "correct"; letter: string; message: string }
  | {
    kind: "incorrect";
    letter: string;
    correctLetter: string;
    message: string;
  }
  | { kind: "invalid"; message: string };

const LETTERS = "abcdefgh";

/** Every quiz defined in this kernel session, by id. */
const registry = new Map<string, QuizSpec>();

function validateSpec(spec: QuizSpec): void {
  if (!/^[A-Za-z0-9_-]+$/.test(spec.id)) {
    throw new TypeError(
      `Quiz id "${spec.id}" must be letters, digits, "-" or "_"`,
    );
  }
  if (spec.options.length < 2 || spec.options.length > LETTERS.length) {
    throw new RangeError(
      `Quiz "${spec.id}" has ${spec.options.length} options; expected 2 to ${LETTERS.length}`,
    );
  }
  const correct = spec.options.filter((o) => o.correct).length;
  if (correct !== 1) {
    throw new TypeError(
      `Quiz "${spec.id}" must have exactly one correct option, not ${correct}`,
    );
  }
  for (const option of spec.options) {
    if (!option.why.trim()) {
      throw new TypeError(
        `Quiz "${spec.id}": every option needs an explanation`,
      );
    }
  }
}

/**
 * Formats a question as Markdown, with how to answer it.
 *
 * @example
 * ```ts
 * import { formatQuiz } from "./quiz.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * const md = formatQuiz({
 *   id: "q1",
 *   question: "¿Qué comparten los hilos de un proceso?",
 *   options: [
 *     { text: "La memoria", correct: true, why: "Viven en el mismo espacio de direcciones." },
 *     { text: "Nada", why: "Comparten el heap y los descriptores." },
 *   ],
 * });
 * assertStringIncludes(md, "**b)** Nada");
 * assertStringIncludes(md, 'answer("q1", "a")');
 * ```
 */
export function formatQuiz(spec: QuizSpec): string {
  validateSpec(spec);
  const options = spec.options.map((o, i) => `- **${LETTERS[i]})** ${o.text}`);
  const letters = LETTERS.slice(0, spec.options.length).split("").join(", ");
  return [
    `### ❓ Pregunta \`${spec.id}\``,
    "",
    spec.question,
    "",
    ...options,
    "",
    `*Responde en una celda con* \`await answer("${spec.id}", "a")\` *(letras: ${letters}).*`,
  ].join("\n");
}

/**
 * Judges an answer against a question (pure; no display).
 *
 * @example Right, wrong and malformed answers
 * ```ts
 * import { judgeAnswer } from "./quiz.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const spec = {
 *   id: "q1",
 *   question: "¿2 + 2?",
 *   options: [
 *     { text: "3", why: "Falta uno." },
 *     { text: "4", correct: true, why: "Aritmética." },
 *   ],
 * };
 * assertEquals(judgeAnswer(spec, "B").kind, "correct");
 * assertEquals(judgeAnswer(spec, "a").kind, "incorrect");
 * assertEquals(judgeAnswer(spec, "z").kind, "invalid");
 * ```
 */
export function judgeAnswer(spec: QuizSpec, raw: unknown): QuizVerdict {
  validateSpec(spec);
  const offered = LETTERS.slice(0, spec.options.length);
  const list = offered.split("").join(", ");
  if (typeof raw !== "string") {
    return {
      kind: "invalid",
      message:
        `La respuesta debe ser una letra entre comillas (${list}), por ejemplo \`answer("${spec.id}", "a")\`.`,
    };
  }
  const letter = raw.trim().toLowerCase().replace(/\)$/, "");
  if (letter === "") {
    return {
      kind: "invalid",
      message:
        `Todavía no respondes \`${spec.id}\`: escribe una letra (${list}) entre las comillas.`,
    };
  }
  const index = letter.length === 1 ? offered.indexOf(letter) : -1;
  if (index < 0) {
    return {
      kind: "invalid",
      message:
        `"${raw}" no es una opción de \`${spec.id}\`; elige una de: ${list}.`,
    };
  }
  const correctIndex = spec.options.findIndex((o) => o.correct);
  const explanations = spec.options.map((o, i) =>
    `- ${i === correctIndex ? "✅" : "✖️"} **${
      LETTERS[i]
    })** ${o.text} — ${o.why}`
  );
  const ok = index === correctIndex;
  const headline = ok
    ? `**✅ ¡Correcto!** La respuesta es **${LETTERS[correctIndex]})**.`
    : `**❌ Incorrecto.** Elegiste **${letter})**; la respuesta es **${
      LETTERS[correctIndex]
    })**.`;
  const message = [headline, "", "Por qué cada opción:", "", ...explanations]
    .join("\n");
  return ok ? { kind: "correct", letter, message } : {
    kind: "incorrect",
    letter,
    correctLetter: LETTERS[correctIndex],
    message,
  };
}

/**
 * Registers a question and shows it in the notebook: either a banked one, by
 * chapter and id (`quiz("03", "q1")`, the key stays out of the cell), or a
 * spec lib built, e.g. from the reader's own measurements.
 *
 * @example
 * ```ts
 * import { quiz } from "./quiz.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * const shown = await quiz({
 *   id: "demo",
 *   question: "¿Un pipe anónimo tiene nombre en el sistema de archivos?",
 *   options: [
 *     { text: "Sí", why: "Eso es un pipe con nombre (FIFO)." },
 *     { text: "No", correct: true, why: "Solo existe como dos descriptores." },
 *   ],
 * });
 * assertStringIncludes(shown.markdown, "Pregunta `demo`");
 * ```
 */
export async function quiz(
  specOrChapter: QuizSpec | string,
  id?: string,
): Promise<{ id: string; markdown: string }> {
  const spec = typeof specOrChapter === "string"
    ? bankedQuestion(specOrChapter, id ?? "")
    : specOrChapter;
  const markdown = formatQuiz(spec);
  registry.set(spec.id, spec);
  await showMarkdown(markdown);
  return quietInKernel({ id: spec.id, markdown });
}

/**
 * Answers a question defined earlier with {@linkcode quiz} and shows the
 * feedback. Never throws for a malformed answer: the verdict says what is
 * wrong with it.
 *
 * @example An unknown id is a friendly message
 * ```ts
 * import { answer } from "./quiz.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const verdict = await answer("no-existe", "a");
 * assertEquals(verdict.kind, "invalid");
 * ```
 */
export async function answer(
  id: unknown,
  letter: unknown,
): Promise<QuizVerdict> {
  const spec = typeof id === "string" ? registry.get(id) : undefined;
  let verdict: QuizVerdict;
  if (!spec) {
    const known = [...registry.keys()];
    verdict = {
      kind: "invalid",
      message: `No hay una pregunta con id "${String(id)}"${
        known.length
          ? `; las definidas son: ${known.join(", ")}`
          : " (ejecuta primero la celda de la pregunta)"
      }.`,
    };
  } else {
    verdict = judgeAnswer(spec, letter);
  }
  await showMarkdown(
    verdict.kind === "invalid" ? `⚠️ ${verdict.message}` : verdict.message,
  );
  return quietInKernel(verdict);
}
