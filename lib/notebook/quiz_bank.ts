/**
 * Quiz banks: every chapter's questions live in a data file
 * (`banks/<notebook>.json`), not in the notebook's cells, so the answer key
 * and the explanations are not printed right above the question a learner is
 * answering. A cell asks for a question by chapter and id:
 * `await quiz("03", "q1")`.
 *
 * Questions computed from the reader's own measurements are not banked: lib
 * builds their {@linkcode QuizSpec} from the figures and passes it to `quiz`.
 *
 * @module
 */

import type { QuizSpec } from "./quiz_judge.ts";
import bank00 from "./banks/00_start_here.json" with { type: "json" };
import bank01 from "./banks/01_processes_and_threads.json" with {
  type: "json",
};
import bank02 from "./banks/02_synchronization.json" with { type: "json" };
import bank03 from "./banks/03_pipes.json" with { type: "json" };
import bank04 from "./banks/04_queues.json" with { type: "json" };
import bank05 from "./banks/05_shared_memory.json" with { type: "json" };
import bank06 from "./banks/06_network_communication.json" with {
  type: "json",
};
import bank07 from "./banks/07_sockets_and_mpi.json" with { type: "json" };
import bank08 from "./banks/08_workshop.json" with { type: "json" };

/** One chapter's questions, as stored in its data file. */
export interface QuizBank {
  /** The notebook the questions belong to, e.g. `"03_pipes.ipynb"`. */
  notebook: string;
  /** The questions, in the order the notebook asks them. */
  questions: readonly QuizSpec[];
}

/** Every chapter's bank, by the chapter's two-digit number. */
export const QUIZ_BANKS: Readonly<Record<string, QuizBank>> = {
  "00": bank00,
  "01": bank01,
  "02": bank02,
  "03": bank03,
  "04": bank04,
  "05": bank05,
  "06": bank06,
  "07": bank07,
  "08": bank08,
};

/**
 * Looks a question up in its chapter's bank.
 *
 * @throws {RangeError} When the chapter or the id is not in any bank (the
 * message is Spanish: a learner who edits a quiz cell sees it).
 *
 * @example The first question of the pipes chapter
 * ```ts
 * import { bankedQuestion } from "./quiz_bank.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 *
 * assertEquals(bankedQuestion("03", "q1").id, "q1");
 * assertThrows(() => bankedQuestion("03", "q99"), RangeError, "q99");
 * ```
 */
export function bankedQuestion(chapter: string, id: string): QuizSpec {
  const bank = QUIZ_BANKS[chapter];
  if (!bank) {
    throw new RangeError(
      `No hay preguntas del capítulo "${chapter}"; los capítulos son ${
        Object.keys(QUIZ_BANKS).join(", ")
      }.`,
    );
  }
  const found = bank.questions.find((q) => q.id === id);
  if (!found) {
    throw new RangeError(
      `El capítulo ${chapter} no tiene la pregunta "${id}"; tiene ${
        bank.questions.map((q) => q.id).join(", ")
      }.`,
    );
  }
  return found;
}
