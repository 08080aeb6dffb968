/**
 * Quiz cells: `await quiz("03", "q1")` shows a banked question (or
 * `await quiz(spec)` one lib built from the reader's measurements) as one
 * output with three forms: clickable HTML (JupyterLab, classic Notebook,
 * VS Code), Markdown and plain text (nbconvert, GitHub, tests). The learner
 * clicks, or answers in a cell with `await answer("q1", "b")`; both follow
 * the same rules (`quiz_judge.ts`) and update the same progress record.
 *
 * Both functions resolve to nothing, so a cell ending in them shows no
 * `Out[n]`. Scripts and tests use the pure twins: `judgeAnswer`,
 * `submitAnswer` (returns the verdict), `quizBundle`.
 *
 * @module
 */

import { inKernel } from "../util/kernel.ts";
import { type MimeBundle, showBundle, showMarkdown } from "./display.ts";
import { bankedQuestion } from "./quiz_bank.ts";
import { markdownToHtml, type QuizEndpoint, quizHtml } from "./quiz_html.ts";
import { formatQuiz, type QuizSpec, validateQuiz } from "./quiz_judge.ts";
import { type QuizAction, startQuizServer } from "./quiz_server.ts";
import {
  quizHint,
  registerQuiz,
  revealQuiz,
  type SessionVerdict,
  submitAnswer,
} from "./quiz_session.ts";

export {
  formatQuiz,
  GENERIC_HINT,
  hintAfter,
  judgeAnswer,
  MAX_WRONG_TRIES,
  revealAnswer,
  validateQuiz,
} from "./quiz_judge.ts";
export type { QuizOption, QuizSpec, QuizVerdict } from "./quiz_judge.ts";
export { submitAnswer } from "./quiz_session.ts";
export type { SessionVerdict } from "./quiz_session.ts";

/**
 * Renders a verdict (or a hint, or a revealed answer) as the HTML shown
 * under a clicked quiz.
 *
 * @example
 * ```ts
 * import { verdictHtml } from "./quiz.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * assertStringIncludes(verdictHtml("**✔ Correcto.**", "right"), 'class="kq-right"');
 * ```
 */
export function verdictHtml(
  markdown: string,
  tone: "right" | "wrong" | "plain",
): string {
  const cls = tone === "plain" ? "" : ` class="kq-${tone}"`;
  return `<div${cls}>${markdownToHtml(markdown)}</div>`;
}

function verdictMarkdown(verdict: SessionVerdict): string {
  const body = verdict.kind === "invalid"
    ? `**Aviso:** ${verdict.message}`
    : verdict.message;
  return verdict.warning ? `${body}\n\n**Aviso:** ${verdict.warning}` : body;
}

/** Answers one click from a quiz's HTML (the endpoint's handler). */
async function onClick(action: QuizAction): Promise<string> {
  const key = `${action.chapter}/${action.id}`;
  if (action.action === "hint") {
    return verdictHtml(await quizHint(key), "plain");
  }
  if (action.action === "reveal") {
    return verdictHtml(await revealQuiz(key), "plain");
  }
  const verdict = await submitAnswer(key, action.letter);
  const tone = verdict.kind === "correct"
    ? "right"
    : verdict.kind === "incorrect"
    ? "wrong"
    : "plain";
  return verdictHtml(verdictMarkdown(verdict), tone);
}

let endpoint: Promise<QuizEndpoint | null> | undefined;

/**
 * The kernel's quiz endpoint, started by the first quiz and left running
 * (unref'd: it never keeps a process alive). `null` when it cannot start;
 * quizzes then show without buttons.
 */
function kernelEndpoint(): Promise<QuizEndpoint | null> {
  endpoint ??= startQuizServer(onClick, { unref: true })
    .then((server) => server.endpoint)
    .catch(() => null);
  return endpoint;
}

/**
 * The one output bundle of a quiz: HTML (when an endpoint is given),
 * Markdown and plain text.
 *
 * @example
 * ```ts
 * import { quizBundle } from "./quiz.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const spec = { id: "b1", question: "¿Sí?", options: [
 *   { text: "Sí", correct: true, why: "." }, { text: "No", why: "." }] };
 * const bundle = quizBundle(spec, "00", { url: "http://127.0.0.1:9/v1/quiz", token: "t" });
 * assertEquals(Object.keys(bundle).sort(), ["text/html", "text/markdown", "text/plain"]);
 * assertEquals(Object.keys(quizBundle(spec, "00", null)).sort(), ["text/markdown", "text/plain"]);
 * ```
 */
export function quizBundle(
  spec: QuizSpec,
  chapter: string | undefined,
  where: QuizEndpoint | null,
): MimeBundle {
  const markdown = formatQuiz(spec);
  const bundle: MimeBundle = {
    "text/markdown": markdown,
    "text/plain": markdown,
  };
  if (where) bundle["text/html"] = quizHtml(spec, chapter ?? "--", where);
  return bundle;
}

/**
 * Shows a question: a banked one by chapter and id (`quiz("03", "q1")`, the
 * key stays out of the cell), or a spec lib built (its `chapter` field names
 * the chapter for the progress record). Resolves to nothing.
 *
 * @example A spec passed directly
 * ```ts
 * import { quiz, submitAnswer } from "./quiz.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const result = await quiz({
 *   id: "demo",
 *   chapter: "03",
 *   question: "¿Un pipe anónimo tiene nombre en el sistema de archivos?",
 *   options: [
 *     { text: "Sí", why: "Eso es un pipe con nombre (FIFO)." },
 *     { text: "No", correct: true, why: "Solo existe como dos descriptores." },
 *   ],
 * });
 * assertEquals(result, undefined);
 * assertEquals((await submitAnswer("03/demo", "b")).kind, "correct");
 * ```
 */
export async function quiz(
  specOrChapter: QuizSpec | string,
  id?: string,
): Promise<void> {
  const banked = typeof specOrChapter === "string";
  const spec = banked ? bankedQuestion(specOrChapter, id ?? "") : specOrChapter;
  const chapter = banked ? specOrChapter : spec.chapter;
  validateQuiz(spec);
  registerQuiz(spec, chapter, !banked);
  const where = inKernel() ? await kernelEndpoint() : null;
  await showBundle(quizBundle(spec, chapter, where));
}

/**
 * Answers a question shown earlier with {@linkcode quiz} and shows the
 * feedback: a wrong letter is explained and gets the next hint; the whole
 * answer appears once right, or after three wrong tries. Never throws for a
 * malformed answer. Resolves to nothing (scripts use `submitAnswer`).
 *
 * @example An unknown id is a friendly message, not an error
 * ```ts
 * import { answer } from "./quiz.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(await answer("no-existe", "a"), undefined);
 * ```
 */
export async function answer(id: unknown, letter: unknown): Promise<void> {
  await showMarkdown(verdictMarkdown(await submitAnswer(id, letter)));
}
