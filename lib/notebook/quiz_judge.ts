/**
 * Judging a multiple-choice answer, purely: no display, no state, no I/O.
 *
 * A wrong answer explains *that* choice and offers the next hint; the right
 * answer and every option's "why" are revealed only after a right answer,
 * after {@linkcode MAX_WRONG_TRIES} wrong ones, or on request. The wrong
 * options are where the misconceptions live, so each gets its own "why".
 *
 * Marks are words plus ✔/✘ (both in DejaVu Sans, the font a fresh Debian
 * has): meaning never depends on a colour emoji font.
 *
 * @module
 */

/** A multiple-choice question. */
export interface QuizSpec {
  /** Short id used to answer, e.g. `"q1"`; unique within the notebook. */
  id: string;
  /**
   * The chapter the question belongs to (`"03"`), for the progress record.
   * Banked questions get it from their bank; a spec built by lib (a measured
   * quiz) may set it, otherwise it is recorded under `"--"`.
   */
  chapter?: string;
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
  /** Progressive hints (Markdown), shown one at a time after wrong answers. */
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
    /** Set only once the answer is revealed (after too many tries). */
    correctLetter?: string;
    message: string;
  }
  | { kind: "invalid"; message: string };

/** Wrong answers after which the right one is revealed. */
export const MAX_WRONG_TRIES = 3;

/** The letters options are given, in order. */
export const LETTERS = "abcdefgh";

/** Said when a question has no hints of its own (or they ran out). */
export const GENERIC_HINT =
  "Vuelve a leer la sección justo antes de la pregunta y descarta primero las opciones que contradicen lo que acabas de ver ejecutarse.";

/**
 * Checks a question's shape (ids, option count, one right option, a "why"
 * per option); throws a typed error naming the problem.
 *
 * @example
 * ```ts
 * import { validateQuiz } from "./quiz_judge.ts";
 * import { assertThrows } from "@std/assert";
 *
 * assertThrows(() =>
 *   validateQuiz({
 *     id: "x",
 *     question: "?",
 *     options: [{ text: "a", why: "." }, { text: "b", why: "." }],
 *   }), TypeError, "exactamente una opción correcta");
 * ```
 */
export function validateQuiz(spec: QuizSpec): void {
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(spec.id)) {
    throw new TypeError(
      `El id de pregunta "${spec.id}" debe tener de 1 a 40 letras, dígitos, "-" o "_"`,
    );
  }
  if (
    spec.chapter !== undefined && !/^[A-Za-z0-9_-]{1,8}$/.test(spec.chapter)
  ) {
    throw new TypeError(
      `Pregunta "${spec.id}": capítulo inválido "${spec.chapter}"`,
    );
  }
  if (spec.options.length < 2 || spec.options.length > LETTERS.length) {
    throw new RangeError(
      `La pregunta "${spec.id}" tiene ${spec.options.length} opciones; se esperaban de 2 a ${LETTERS.length}`,
    );
  }
  const correct = spec.options.filter((o) => o.correct).length;
  if (correct !== 1) {
    throw new TypeError(
      `La pregunta "${spec.id}" debe tener exactamente una opción correcta, no ${correct}`,
    );
  }
  for (const option of spec.options) {
    if (!option.why.trim()) {
      throw new TypeError(
        `Pregunta "${spec.id}": cada opción necesita una explicación (why)`,
      );
    }
  }
}

/**
 * The hint to show after `shown` hints were already given: the question's
 * own, then the generic one.
 *
 * @example
 * ```ts
 * import { GENERIC_HINT, hintAfter } from "./quiz_judge.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(hintAfter(["mira el prefijo"], 0), "mira el prefijo");
 * assertEquals(hintAfter(["mira el prefijo"], 1), GENERIC_HINT);
 * ```
 */
export function hintAfter(
  hints: readonly string[] | undefined,
  shown: number,
): string {
  return hints?.[shown] ?? GENERIC_HINT;
}

/**
 * The full answer: the right letter and every option's "why".
 *
 * @example
 * ```ts
 * import { revealAnswer } from "./quiz_judge.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * const md = revealAnswer({
 *   id: "q",
 *   question: "¿2 + 2?",
 *   options: [{ text: "3", why: "Falta uno." }, { text: "4", correct: true, why: "Suma." }],
 * });
 * assertStringIncludes(md, "La respuesta es **b)**");
 * assertStringIncludes(md, "✘ **a)** 3 — Falta uno.");
 * ```
 */
export function revealAnswer(spec: QuizSpec): string {
  validateQuiz(spec);
  const right = spec.options.findIndex((o) => o.correct);
  return [
    `La respuesta es **${LETTERS[right]})**. Por qué cada opción:`,
    "",
    ...spec.options.map((o, i) =>
      `- ${i === right ? "✔" : "✘"} **${LETTERS[i]})** ${o.text} — ${o.why}`
    ),
  ].join("\n");
}

function invalid(message: string): QuizVerdict {
  return { kind: "invalid", message };
}

/**
 * Judges one answer. `wrongBefore` is how many wrong answers this reader
 * already gave to the question (it decides whether the answer is now
 * revealed); `hintIndex` is how many hints they have seen (it picks the one a
 * wrong answer offers).
 *
 * @example Right, wrong and malformed answers
 * ```ts
 * import { judgeAnswer } from "./quiz_judge.ts";
 * import { assertEquals, assertStringIncludes } from "@std/assert";
 *
 * const spec = {
 *   id: "q1",
 *   question: "¿2 + 2?",
 *   options: [
 *     { text: "3", why: "Falta uno." },
 *     { text: "4", correct: true, why: "Aritmética." },
 *   ],
 *   hints: ["Cuenta con los dedos."],
 * };
 * assertEquals(judgeAnswer(spec, "B").kind, "correct");
 * const wrong = judgeAnswer(spec, "a");
 * assertEquals(wrong.kind, "incorrect");
 * assertStringIncludes(wrong.message, "Falta uno.");
 * assertStringIncludes(wrong.message, "Cuenta con los dedos.");
 * assertEquals(wrong.message.includes("Aritmética."), false);
 * assertEquals(judgeAnswer(spec, "z").kind, "invalid");
 * ```
 */
export function judgeAnswer(
  spec: QuizSpec,
  raw: unknown,
  wrongBefore = 0,
  hintIndex = wrongBefore,
): QuizVerdict {
  validateQuiz(spec);
  const offered = LETTERS.slice(0, spec.options.length);
  const list = offered.split("").join(", ");
  if (typeof raw !== "string") {
    return invalid(
      `La respuesta debe ser una letra entre comillas (${list}), por ejemplo \`answer("${spec.id}", "a")\`.`,
    );
  }
  const letter = raw.trim().toLowerCase().replace(/\)$/, "");
  if (letter === "") {
    return invalid(
      `Todavía no respondes \`${spec.id}\`: escribe una letra (${list}) entre las comillas.`,
    );
  }
  const index = letter.length === 1 ? offered.indexOf(letter) : -1;
  if (index < 0) {
    return invalid(
      `"${raw}" no es una opción de \`${spec.id}\`; elige una de: ${list}.`,
    );
  }
  const right = spec.options.findIndex((o) => o.correct);
  if (index === right) {
    return {
      kind: "correct",
      letter,
      message: [`**✔ Correcto.**`, "", revealAnswer(spec)].join("\n"),
    };
  }
  const wrong = wrongBefore + 1;
  const lines = [
    `**✘ Incorrecto** (intento ${wrong}). Elegiste **${letter})** ${
      spec.options[index].text
    }`,
    "",
    `Por qué no: ${spec.options[index].why}`,
    "",
  ];
  if (wrong >= MAX_WRONG_TRIES) {
    lines.push(
      `Después de ${wrong} intentos, aquí está la respuesta completa.`,
      "",
      revealAnswer(spec),
    );
    return {
      kind: "incorrect",
      letter,
      correctLetter: LETTERS[right],
      message: lines.join("\n"),
    };
  }
  lines.push(
    `**Pista:** ${hintAfter(spec.hints, hintIndex)}`,
    "",
    `Prueba otra letra; tras ${MAX_WRONG_TRIES} intentos fallidos se muestra la respuesta.`,
  );
  return { kind: "incorrect", letter, message: lines.join("\n") };
}

/**
 * Formats a question as Markdown, with how to answer it (the fallback every
 * viewer shows: GitHub, nbconvert, a front end without scripts).
 *
 * @example
 * ```ts
 * import { formatQuiz } from "./quiz_judge.ts";
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
  validateQuiz(spec);
  const options = spec.options.map((o, i) => `- **${LETTERS[i]})** ${o.text}`);
  const letters = LETTERS.slice(0, spec.options.length).split("").join(", ");
  return [
    `### Pregunta \`${spec.id}\``,
    "",
    spec.question,
    "",
    ...options,
    "",
    `*Responde en una celda con* \`await answer("${spec.id}", "a")\` *(letras: ${letters}).*`,
  ].join("\n");
}
