/**
 * Notebook 04's exercise 3 (the IPC chapter's "which is best, and why?"),
 * judged against the reader's own measurement: the reader states, as fields,
 * which mechanism was fastest and slowest in the echo just measured and by
 * how much, and which of the chapter's three mechanisms serves unrelated
 * clients. Each field is compared with the figures measured in the notebook
 * (the ratio within {@linkcode RATIO_TOLERANCE}), and each failure says in
 * Spanish what was wrong. Prose is not graded by keywords: a paragraph of
 * repeated words has no fields to check.
 *
 * @module
 */

import { defineExercise, type ExerciseSpec } from "../notebook/exercise.ts";
import { formatNumber } from "../notebook/number_format.ts";
import {
  MECHANISM_LABELS,
  type MechanismId,
} from "../bench/mechanism_labels.ts";

/** What the reader fills in. */
export interface MechanismVerdict {
  /** Id (or label) of the mechanism with the lowest median, e.g. `"unix"`. */
  fastest: string;
  /** Id (or label) of the mechanism with the highest median. */
  slowest: string;
  /** Slowest median ÷ fastest median. */
  ratio: number;
  /** Of the chapter's three: `"pipe"`, `"unix"` or `"queue"`. */
  manyClients: string;
}

/** The part of a measurement the check reads (a `MechanismMeasurement`). */
export interface MeasuredMedian {
  /** The mechanism's id. */
  id: MechanismId;
  /** Its Spanish label, as the table shows it. */
  mechanism: string;
  /** The measured round trips; only the median is read. */
  result: { summary: { median: number } };
}

/** Accepted relative error of the stated ratio (rounding when reading the table). */
export const RATIO_TOLERANCE = 0.1;

/** What a check returns when the field is right. */
export const RIGHT = "correcto";

const CHAPTER_CHOICES = ["pipe", "unix", "queue"] as const;

const us = (m: MeasuredMedian) =>
  `${formatNumber(m.result.summary.median, 1)} µs`;
const named = (m: MeasuredMedian) => `«${m.id}» (${m.mechanism}, ${us(m)})`;

function fieldOf(answer: unknown, key: keyof MechanismVerdict): unknown {
  if (typeof answer !== "object" || answer === null || Array.isArray(answer)) {
    return undefined;
  }
  return (answer as Record<string, unknown>)[key];
}

function notAnObject(answer: unknown): string | null {
  if (typeof answer === "object" && answer !== null && !Array.isArray(answer)) {
    return null;
  }
  return `tu respuesta debe ser un objeto { fastest, slowest, ratio, manyClients }, ` +
    `no ${typeof answer === "string" ? "un texto" : JSON.stringify(answer)}`;
}

/** The measured mechanism a field names (by id or label), or a Spanish complaint. */
function lookUp(
  measured: readonly MeasuredMedian[],
  answer: unknown,
  key: "fastest" | "slowest",
): MeasuredMedian | string {
  const shape = notAnObject(answer);
  if (shape) return shape;
  const raw = fieldOf(answer, key);
  const ids = measured.map((m) => `«${m.id}»`).join(", ");
  if (typeof raw !== "string" || raw.trim() === "") {
    return `${key} está vacío: escribe el id de un mecanismo (${ids})`;
  }
  const wanted = raw.trim().toLowerCase();
  const found = measured.find((m) =>
    m.id === wanted || m.mechanism.toLowerCase() === wanted
  );
  return found ??
    `${key} = «${raw}» no es un mecanismo medido; usa uno de: ${ids}`;
}

function ordered(measured: readonly MeasuredMedian[]): MeasuredMedian[] {
  return [...measured].sort((a, b) =>
    a.result.summary.median - b.result.summary.median
  );
}

function judgeExtreme(
  measured: readonly MeasuredMedian[],
  answer: unknown,
  key: "fastest" | "slowest",
): string {
  const stated = lookUp(measured, answer, key);
  if (typeof stated === "string") return stated;
  const sorted = ordered(measured);
  const truth = key === "fastest" ? sorted[0] : sorted[sorted.length - 1];
  // Equal as the table shows them (one decimal): a reader cannot tell them apart.
  if (us(stated) === us(truth)) return RIGHT;
  return `${key}: escribiste ${named(stated)}, pero la mediana ${
    key === "fastest" ? "más baja" : "más alta"
  } de tu medición fue la de ${named(truth)}`;
}

function judgeRatio(
  measured: readonly MeasuredMedian[],
  answer: unknown,
): string {
  const shape = notAnObject(answer);
  if (shape) return shape;
  const raw = fieldOf(answer, "ratio");
  if (typeof raw !== "number" || !Number.isFinite(raw) || raw <= 0) {
    return `ratio debe ser un número positivo de JavaScript (decimales con ` +
      `punto: 12.5), no ${JSON.stringify(raw) ?? "undefined"}`;
  }
  const sorted = ordered(measured);
  const fast = sorted[0];
  const slow = sorted[sorted.length - 1];
  const truth = slow.result.summary.median / fast.result.summary.median;
  if (Math.abs(raw - truth) <= RATIO_TOLERANCE * truth) return RIGHT;
  return `ratio = ${
    formatNumber(raw, 2)
  }, pero en tu medición la mediana más ` +
    `alta (${us(slow)}) dividida por la más baja (${us(fast)}) da ${
      formatNumber(truth, 2)
    } (se acepta ±${formatNumber(RATIO_TOLERANCE * 100, 0)} %)`;
}

const CLIENT_FEEDBACK: Record<string, string> = {
  pipe: "«pipe»: una tubería anónima solo une procesos emparentados (el hijo " +
    "la hereda al nacer); un cliente cualquiera no puede abrirla",
  queue:
    "«queue»: la multiprocessing.Queue de la clase se hereda del padre o " +
    "se pasa al crear el proceso; un proceso sin parentesco no puede abrirla " +
    "(una cola POSIX sí, por su nombre, pero haría falta una cola de " +
    "respuesta por cliente)",
};

function judgeClients(answer: unknown): string {
  const shape = notAnObject(answer);
  if (shape) return shape;
  const raw = fieldOf(answer, "manyClients");
  const value = typeof raw === "string" ? raw.trim().toLowerCase() : raw;
  if (value === "unix") return RIGHT;
  if (typeof value === "string" && value in CLIENT_FEEDBACK) {
    return CLIENT_FEEDBACK[value];
  }
  return `manyClients = ${JSON.stringify(raw) ?? "undefined"}: elige uno de ${
    CHAPTER_CHOICES.map((c) => `«${c}»`).join(", ")
  }`;
}

/**
 * Exercise 3, built on the mechanisms measured in the notebook (at least
 * two). Every check answers {@linkcode RIGHT} or says what was wrong.
 *
 * @example The reader's fields against a measurement
 * ```ts
 * import { bestMechanismExercise } from "./ch04_best_mechanism.ts";
 * import { checkExercise } from "../notebook/exercise.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const m = (id: "pipe" | "unix", median: number) =>
 *   ({ id, mechanism: id, result: { summary: { median } } });
 * const spec = bestMechanismExercise([m("pipe", 40), m("unix", 20)]);
 * const right = { fastest: "unix", slowest: "pipe", ratio: 2, manyClients: "unix" };
 * assertEquals((await checkExercise(spec, right, { display: false })).passed, 4);
 * const wrong = { ...right, fastest: "pipe" };
 * assertEquals((await checkExercise(spec, wrong, { display: false })).passed, 3);
 * ```
 */
export function bestMechanismExercise(
  measured: readonly MeasuredMedian[],
): ExerciseSpec<MechanismVerdict> {
  if (measured.length < 2) {
    throw new RangeError(
      `El ejercicio 3 necesita al menos dos mecanismos medidos, no ${measured.length}`,
    );
  }
  const ids = measured.map((m) => `"${m.id}"`).join(", ");
  const labels = Object.fromEntries(
    measured.map((m) => [m.id, MECHANISM_LABELS[m.id] ?? m.mechanism]),
  );
  return defineExercise<MechanismVerdict>({
    id: "ej-mejor-mecanismo",
    title: "¿Tuberías, sockets Unix o colas? (ejercicio 3), con tus cifras",
    hints: [
      "Mira la tabla bajo el gráfico: la columna «mediana (µs)». El más " +
      "rápido es el de la mediana más baja; escribe su **id** " +
      `(${ids}), no el texto largo.`,
      "`ratio` es la mediana del más lento dividida por la del más rápido, " +
      "como número de JavaScript (con punto decimal: `12.5`). Se acepta un " +
      `±${formatNumber(RATIO_TOLERANCE * 100, 0)} %.`,
      "Para `manyClients`: ¿cuál de los tres tiene una ruta en el sistema de " +
      "archivos que cualquier proceso con permiso puede abrir, y una conexión " +
      "aparte para cada cliente?",
    ],
    worked: [
      "Ordena la tabla por mediana: el primero es `fastest`, el último `slowest`,",
      "y `ratio` es la división de sus medianas. Con tus cifras:",
      "",
      "```ts",
      `const myAnswer = {`,
      `  fastest: "${ordered(measured)[0].id}",`,
      `  slowest: "${ordered(measured)[measured.length - 1].id}",`,
      `  ratio: ${
        (ordered(measured)[measured.length - 1].result.summary.median /
          ordered(measured)[0].result.summary.median).toFixed(1)
      },`,
      `  manyClients: "unix",`,
      `};`,
      "```",
      "",
      "El socket Unix tiene una ruta que cualquier proceso con permiso abre, y",
      "`accept` da a cada cliente su propia conexión (su respuesta no se mezcla",
      "con la de otro). La tubería anónima solo sirve entre parientes y la",
      `\`multiprocessing.Queue\` se hereda del padre. Mecanismos medidos: ${
        Object.entries(labels).map(([id, l]) => `${id} = ${l}`).join("; ")
      }.`,
    ].join("\n"),
    checks: [
      {
        name: "fastest: el mecanismo con la mediana más baja en tu medición",
        run: (answer) => judgeExtreme(measured, answer, "fastest"),
        expected: RIGHT,
      },
      {
        name: "slowest: el mecanismo con la mediana más alta en tu medición",
        run: (answer) => judgeExtreme(measured, answer, "slowest"),
        expected: RIGHT,
      },
      {
        name: `ratio: mediana del más lento ÷ mediana del más rápido (±${
          formatNumber(RATIO_TOLERANCE * 100, 0)
        } %)`,
        run: (answer) => judgeRatio(measured, answer),
        expected: RIGHT,
      },
      {
        name:
          "manyClients: cuál de «pipe», «unix», «queue» atiende a clientes sin parentesco",
        run: (answer) => judgeClients(answer),
        expected: RIGHT,
      },
    ],
  });
}

/**
 * The table the reader answers exercise 3 from: each measured mechanism's
 * id (what the fields take), its label, and its median and p90 in µs.
 *
 * @example
 * ```ts
 * import { measuredMedianRows } from "./ch04_best_mechanism.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const rows = measuredMedianRows([
 *   { id: "unix", mechanism: "socket Unix", result: { summary: { median: 20, p90: 31 } } },
 * ]);
 * assertEquals(rows, [{ id: "unix", mecanismo: "socket Unix", "mediana (µs)": 20, "p90 (µs)": 31 }]);
 * ```
 */
export function measuredMedianRows(
  measured: readonly (MeasuredMedian & {
    result: { summary: { median: number; p90: number } };
  })[],
): Record<string, string | number>[] {
  return measured.map((m) => ({
    id: m.id,
    mecanismo: m.mechanism,
    "mediana (µs)": m.result.summary.median,
    "p90 (µs)": m.result.summary.p90,
  }));
}
