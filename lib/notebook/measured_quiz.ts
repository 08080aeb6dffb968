/**
 * A quiz computed from the reader's own measurement: "which of these two
 * was faster on your machine?". The right answer comes from the figures
 * just measured (with a band where they count as a tie), the options are
 * shuffled by a seed (a re-run asks the same), and every explanation quotes
 * the figures, so the feedback holds for whatever the cell measured.
 *
 * @module
 */

import { formatNumber, formatRatio } from "./number_format.ts";
import type { QuizSpec } from "./quiz.ts";
import { seededRandom } from "../util/random.ts";

/** One measured figure: what it measured and its median in µs. */
export interface MeasuredFigure {
  /** The mechanism as the chart labels it, e.g. `"socket Unix"`. */
  label: string;
  /** Its median round trip, in microseconds. */
  micros: number;
}

/** Ratios below this count as "about the same" (10 %). */
export const TIE_RATIO = 1.1;

/** Which outcome the figures show. */
export type FasterOutcome = "a" | "b" | "tie";

/**
 * Which of two figures is faster, or a tie when they differ by less than
 * {@linkcode TIE_RATIO}.
 *
 * @example
 * ```ts
 * import { fasterOutcome } from "./measured_quiz.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(fasterOutcome({ label: "x", micros: 10 }, { label: "y", micros: 30 }), "a");
 * assertEquals(fasterOutcome({ label: "x", micros: 30 }, { label: "y", micros: 10 }), "b");
 * assertEquals(fasterOutcome({ label: "x", micros: 10 }, { label: "y", micros: 10.5 }), "tie");
 * ```
 */
export function fasterOutcome(
  a: MeasuredFigure,
  b: MeasuredFigure,
): FasterOutcome {
  for (const f of [a, b]) {
    if (!(Number.isFinite(f.micros) && f.micros > 0)) {
      throw new RangeError(
        `Una mediana medida debe ser un número positivo de µs, no ${
          formatNumber(f.micros)
        }`,
      );
    }
  }
  const ratio = Math.max(a.micros, b.micros) / Math.min(a.micros, b.micros);
  if (ratio < TIE_RATIO) return "tie";
  return a.micros < b.micros ? "a" : "b";
}

const µs = (f: MeasuredFigure) => `${formatNumber(f.micros, 1)} µs`;

/**
 * Builds the quiz "which was faster in your measurement, A or B?" from two
 * medians the reader just measured. `explanation` (the reason, worded to
 * hold whichever way the figures fall) is added to every option's feedback.
 *
 * @example The right option follows the figures; the seed fixes the order
 * ```ts
 * import { fasterOfTwoQuiz } from "./measured_quiz.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const spec = (unix: number) =>
 *   fasterOfTwoQuiz({
 *     id: "qm",
 *     context: "Mira el gráfico.",
 *     a: { label: "socket Unix", micros: unix },
 *     b: { label: "MessagePort (hilo)", micros: 60 },
 *     explanation: "Cruzar de hilo cuesta una llamada al sistema.",
 *     seed: 3,
 *   });
 * const correct = (s: ReturnType<typeof spec>) =>
 *   s.options.find((o) => o.correct)!.text;
 * assertEquals(correct(spec(20)).startsWith("**socket Unix**"), true);
 * assertEquals(correct(spec(200)).startsWith("**MessagePort (hilo)**"), true);
 * assertEquals(spec(20).options.map((o) => o.text), spec(20).options.map((o) => o.text));
 * ```
 */
export function fasterOfTwoQuiz(options: {
  /** The quiz id the reader answers with. */
  id: string;
  /** What was measured and where to look (Markdown, before the question). */
  context: string;
  /** The first figure. */
  a: MeasuredFigure;
  /** The second figure. */
  b: MeasuredFigure;
  /** Why, in a form true for either outcome (Markdown). */
  explanation: string;
  /** Seed of the option order. */
  seed: number;
  /** Progressive hints. */
  hints?: readonly string[];
}): QuizSpec {
  const { a, b } = options;
  const outcome = fasterOutcome(a, b);
  const slow = Math.max(a.micros, b.micros);
  const fast = Math.min(a.micros, b.micros);
  const measured = `Tu medición: ${a.label} ${µs(a)}, ${b.label} ${
    µs(b)
  } (el más lento tardó ${formatRatio(slow / fast)} lo del más rápido).`;
  const percent = `${formatNumber((TIE_RATIO - 1) * 100, 0)} %`;
  const band = `menos de ${percent}`;
  const atLeast = percent;
  const verdict = (mine: FasterOutcome) =>
    mine === outcome
      ? `Sí. ${measured} ${options.explanation}`
      : `No en esta ejecución. ${measured} ${options.explanation}`;
  const choices = [
    {
      outcome: "a" as const,
      text: `**${a.label}** fue más rápido (por ${atLeast} o más)`,
    },
    {
      outcome: "b" as const,
      text: `**${b.label}** fue más rápido (por ${atLeast} o más)`,
    },
    {
      outcome: "tie" as const,
      text: `Empataron: sus medianas difieren en ${band}`,
    },
  ];
  const rng = seededRandom(options.seed);
  for (let i = choices.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [choices[i], choices[j]] = [choices[j], choices[i]];
  }
  return {
    id: options.id,
    question:
      `${options.context} En **tu** medición, ¿cuál fue más rápido en la ida y vuelta (mediana)?`,
    options: choices.map((c) => ({
      text: c.text,
      why: verdict(c.outcome),
      ...(c.outcome === outcome ? { correct: true } : {}),
    })),
    ...(options.hints ? { hints: options.hints } : {}),
  };
}
