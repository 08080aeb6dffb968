/**
 * The quizzes of this kernel session: which were asked, how many wrong
 * answers and hints each has had, and the progress record they update.
 * Clicks (through the loopback endpoint) and `answer(...)` cells share this
 * state, so both follow the same retry rules.
 *
 * @module
 */

import { recordProgress } from "./progress.ts";
import { applyQuizEvent, type QuizEvent, quizKey } from "./progress_format.ts";
import {
  hintAfter,
  judgeAnswer,
  MAX_WRONG_TRIES,
  type QuizSpec,
  type QuizVerdict,
  revealAnswer,
} from "./quiz_judge.ts";

interface Asked {
  spec: QuizSpec;
  chapter: string | undefined;
  measured: boolean;
  wrong: number;
  hints: number;
}

const asked = new Map<string, Asked>();
const lastKeyById = new Map<string, string>();

/** A verdict plus a Spanish note when the progress could not be saved. */
export type SessionVerdict = QuizVerdict & { warning?: string };

/**
 * Registers a question asked in this session (again: its counters stay).
 * Returns its key, `chapter/id`.
 *
 * @example
 * ```ts
 * import { registerQuiz } from "./quiz_session.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const spec = { id: "r1", question: "?", options: [
 *   { text: "a", correct: true, why: "." }, { text: "b", why: "." }] };
 * assertEquals(registerQuiz(spec, "00", false), "00/r1");
 * ```
 */
export function registerQuiz(
  spec: QuizSpec,
  chapter: string | undefined,
  measured: boolean,
): string {
  const key = quizKey(chapter, spec.id);
  const before = asked.get(key);
  asked.set(key, {
    spec,
    chapter,
    measured,
    wrong: before?.wrong ?? 0,
    hints: before?.hints ?? 0,
  });
  lastKeyById.set(spec.id, key);
  return key;
}

/** The ids asked so far in this session. */
export function askedQuizIds(): string[] {
  return [...lastKeyById.keys()];
}

function find(idOrKey: string): Asked | undefined {
  return asked.get(idOrKey) ?? asked.get(lastKeyById.get(idOrKey) ?? "");
}

function unknown(id: unknown): SessionVerdict {
  const known = askedQuizIds();
  return {
    kind: "invalid",
    message: `No hay una pregunta con id "${String(id)}"${
      known.length
        ? `; las definidas son: ${known.join(", ")}`
        : " (ejecuta primero la celda de la pregunta)"
    }.`,
  };
}

function record(entry: Asked, event: QuizEvent): Promise<string | undefined> {
  const at = new Date().toISOString();
  return recordProgress((p) =>
    applyQuizEvent(
      p,
      {
        chapter: entry.chapter,
        id: entry.spec.id,
        measured: entry.measured,
      },
      event,
      at,
    )
  );
}

/**
 * Judges an answer to a question asked in this session (by id or
 * `chapter/id`), counts it, and records it. Never throws for a bad answer.
 *
 * @example
 * ```ts
 * import { registerQuiz, submitAnswer } from "./quiz_session.ts";
 * import { assertEquals } from "@std/assert";
 *
 * registerQuiz({ id: "s1", question: "?", options: [
 *   { text: "a", correct: true, why: "." }, { text: "b", why: "." }] }, "00", false);
 * assertEquals((await submitAnswer("s1", "b")).kind, "incorrect");
 * assertEquals((await submitAnswer("00/s1", "a")).kind, "correct");
 * assertEquals((await submitAnswer("nada", "a")).kind, "invalid");
 * ```
 */
export async function submitAnswer(
  id: unknown,
  letter: unknown,
): Promise<SessionVerdict> {
  const entry = typeof id === "string" ? find(id) : undefined;
  if (!entry) return unknown(id);
  const verdict = judgeAnswer(entry.spec, letter, entry.wrong, entry.hints);
  if (verdict.kind === "invalid") return verdict;
  if (verdict.kind === "incorrect") {
    entry.wrong += 1;
    if (entry.wrong < MAX_WRONG_TRIES) entry.hints += 1;
  }
  const warning = await record(entry, verdict.kind);
  // The third wrong answer shows the key: record it as revealed, as the
  // grader's after-reveal factor expects.
  if (verdict.kind === "incorrect" && entry.wrong === MAX_WRONG_TRIES) {
    await record(entry, "revealed");
  }
  return warning ? { ...verdict, warning } : verdict;
}

/**
 * The next hint of a question asked in this session (Markdown), or a Spanish
 * note when the id is unknown.
 *
 * @example
 * ```ts
 * import { quizHint, registerQuiz } from "./quiz_session.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * registerQuiz({ id: "h1", question: "?", hints: ["mira arriba"], options: [
 *   { text: "a", correct: true, why: "." }, { text: "b", why: "." }] }, "00", false);
 * assertStringIncludes(await quizHint("h1"), "mira arriba");
 * ```
 */
export function quizHint(id: string): Promise<string> {
  const entry = find(id);
  if (!entry) return Promise.resolve(unknown(id).message);
  const n = entry.hints;
  entry.hints += 1;
  const own = entry.spec.hints?.length ?? 0;
  return Promise.resolve(
    `**Pista${own > 1 && n < own ? ` ${n + 1} de ${own}` : ""}:** ${
      hintAfter(entry.spec.hints, n)
    }`,
  );
}

/**
 * Reveals the answer of a question asked in this session and records that
 * it was revealed (before solving, it no longer counts as solved alone).
 *
 * @example
 * ```ts
 * import { registerQuiz, revealQuiz } from "./quiz_session.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * registerQuiz({ id: "v1", question: "?", options: [
 *   { text: "a", correct: true, why: "porque sí" }, { text: "b", why: "." }] }, "00", false);
 * assertStringIncludes(await revealQuiz("v1"), "porque sí");
 * ```
 */
export async function revealQuiz(id: string): Promise<string> {
  const entry = find(id);
  if (!entry) return unknown(id).message;
  const warning = await record(entry, "revealed");
  return [revealAnswer(entry.spec), warning ? `\n\n**Aviso:** ${warning}` : ""]
    .join("");
}
