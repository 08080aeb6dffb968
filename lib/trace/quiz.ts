/**
 * Questions that ask to read a space-time diagram: "did a happen before
 * b?" and "which two messages are concurrent?". The right answer comes from
 * the vector clocks of the trace just drawn, so it holds for whatever the
 * run produced; the seed fixes which events are asked about (a re-run with
 * the same trace asks the same).
 *
 * @module
 */

import type { QuizSpec } from "../notebook/quiz_judge.ts";
import { seededRandom } from "../util/random.ts";
import {
  type ClockedEvent,
  type ClockedTrace,
  concurrent,
  happenedBefore,
} from "./clocks.ts";
import { DEFAULT_MAX_ROWS, eventName } from "./layout.ts";

function describe(e: ClockedEvent, trace: ClockedTrace): string {
  if (e.kind === "local") return `**${eventName(e)}** (${e.label})`;
  const m = trace.messages.find((m) =>
    m.send === e.id || m.receives.includes(e.id)
  );
  const verb = e.kind === "send"
    ? `envía ${e.label} a ${m?.to ?? "?"}`
    : `recibe ${e.label} de ${m?.from ?? "?"}`;
  return `**${eventName(e)}** (${verb})`;
}

const vec = (e: ClockedEvent, order: string[]) =>
  `[${order.map((p) => e.vector[p] ?? 0).join(", ")}]`;

/**
 * "¿A → B, B → A, o concurrentes?" about two events among the first
 * `maxRows` rows (what the diagram shows by default), on different lines.
 * With `prefer: "concurrent"` it picks a concurrent pair when the trace has
 * one.
 *
 * @example The answer follows the clocks
 * ```ts
 * import { happensBeforeQuiz } from "./quiz.ts";
 * import { clockTrace } from "./clocks.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const t = clockTrace({ omitted: 0, cap: 9, events: [
 *   { process: "a", kind: "send", channel: "a→b", atMs: 1, label: "m" },
 *   { process: "b", kind: "receive", channel: "a→b", atMs: 2, label: "m" },
 * ] });
 * const spec = happensBeforeQuiz(t, { id: "qd", seed: 1 });
 * assertEquals(spec.options.filter((o) => o.correct).length, 1);
 * assertEquals(spec.options.find((o) => o.correct)!.text.includes("∥"), false);
 * ```
 */
export function happensBeforeQuiz(
  trace: ClockedTrace,
  options: {
    id: string;
    seed: number;
    chapter?: string;
    maxRows?: number;
    prefer?: "concurrent" | "any";
  },
): QuizSpec {
  const rows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const shown = trace.events.filter((e) => e.order < rows);
  const pairs: [ClockedEvent, ClockedEvent][] = [];
  for (const a of shown) {
    for (const b of shown) {
      if (a.id < b.id && a.process !== b.process) pairs.push([a, b]);
    }
  }
  if (pairs.length === 0) {
    throw new RangeError(
      "La traza necesita eventos en al menos dos procesos para preguntar por su orden",
    );
  }
  const rng = seededRandom(options.seed);
  const wanted = options.prefer === "concurrent"
    ? pairs.filter(([a, b]) => concurrent(a, b))
    : [];
  const pool = wanted.length > 0 ? wanted : pairs;
  let [a, b] = pool[rng.int(0, pool.length - 1)];
  if (rng.next() < 0.5) [a, b] = [b, a];
  const order = trace.processes;
  const truth = happenedBefore(a, b)
    ? "ab"
    : happenedBefore(b, a)
    ? "ba"
    : "cc";
  const facts = `Relojes vectoriales [${order.join(", ")}]: ${eventName(a)} = ${
    vec(a, order)
  }, ${eventName(b)} = ${vec(b, order)}.`;
  const reason = {
    ab: `${eventName(b)} ya «conoce» ${
      eventName(a)
    }: su entrada de ${a.process} es ≥ ${a.step}, así que hay un camino de flechas y líneas de A a B.`,
    ba: `${eventName(a)} ya «conoce» ${
      eventName(b)
    }: su entrada de ${b.process} es ≥ ${b.step}, así que hay un camino de B a A.`,
    cc:
      `Ninguno conoce al otro (ninguna entrada alcanza el número del otro evento en su línea): no hay camino entre ellos, aunque en el dibujo uno quede más arriba.`,
  }[truth];
  const choices = [
    {
      key: "ab",
      text: "A → B: A ocurrió antes que B (hay un camino de A a B)",
    },
    { key: "ba", text: "B → A: B ocurrió antes que A" },
    { key: "cc", text: "A ∥ B: son concurrentes (ningún camino entre ellos)" },
  ];
  return {
    id: options.id,
    ...(options.chapter ? { chapter: options.chapter } : {}),
    question: `En el diagrama de arriba (de **tu** ejecución), A = ${
      describe(a, trace)
    } y B = ${
      describe(b, trace)
    }. El número junto a cada punto es su posición en la línea de su proceso. ¿Qué relación hay entre A y B?`,
    options: choices.map((c) => ({
      text: c.text,
      why: `${c.key === truth ? "Sí." : "No."} ${reason} ${facts}`,
      ...(c.key === truth ? { correct: true } : {}),
    })),
    hints: [
      "Sigue las líneas hacia abajo y las flechas en su sentido: si puedes ir de un evento al otro, el primero ocurrió antes.",
      "Si no hay ningún camino en ninguno de los dos sentidos, los eventos son concurrentes, aunque uno esté dibujado más arriba.",
    ],
  };
}

/** Whether `a` and `b` are the two ends of one arrow (a hop, no path to follow). */
const oneArrow = (a: ClockedEvent, b: ClockedEvent) =>
  a.sendId === b.id || b.sendId === a.id;

/**
 * "¿Qué par de eventos es concurrente?": `choices` pairs of events drawn
 * among the first `maxRows` rows, on different lines, named as the diagram
 * names them; exactly one pair is concurrent (by the vector clocks), the
 * others are ordered by a path of arrows — preferably a path of more than
 * one arrow, so the reader has to follow it. Seeded: the same trace and
 * seed ask the same.
 *
 * @example Two processes that each do something before talking
 * ```ts
 * import { concurrentPairQuiz } from "./quiz.ts";
 * import { clockTrace, concurrent } from "./clocks.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const t = clockTrace({ omitted: 0, cap: 9, events: [
 *   { process: "a", kind: "local", atMs: 0, label: "x" },
 *   { process: "b", kind: "local", atMs: 0, label: "y" },
 *   { process: "a", kind: "send", channel: "a→b", atMs: 1, label: "m" },
 *   { process: "b", kind: "receive", channel: "a→b", atMs: 2, label: "m" },
 *   { process: "b", kind: "send", channel: "b→a", atMs: 3, label: "r" },
 *   { process: "a", kind: "receive", channel: "b→a", atMs: 4, label: "r" },
 * ] });
 * const spec = concurrentPairQuiz(t, { id: "qc", seed: 5, choices: 3 });
 * assertEquals(spec.options.length, 3);
 * assertEquals(spec.options.filter((o) => o.correct).length, 1);
 * // The concurrent pairs here all involve a·1 or b·1 before the first message.
 * assertEquals(/a·1|b·1/.test(spec.options.find((o) => o.correct)!.text), true);
 * ```
 */
export function concurrentPairQuiz(
  trace: ClockedTrace,
  options: {
    id: string;
    seed: number;
    chapter?: string;
    maxRows?: number;
    choices?: number;
  },
): QuizSpec {
  const rows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const choices = options.choices ?? 4;
  if (!Number.isInteger(choices) || choices < 2 || choices > 6) {
    throw new RangeError(`Entre 2 y 6 opciones, no ${choices}`);
  }
  const shown = trace.events.filter((e) => e.order < rows)
    .sort((x, y) => x.order - y.order);
  const together: [ClockedEvent, ClockedEvent][] = [];
  const path: [ClockedEvent, ClockedEvent][] = [];
  const hop: [ClockedEvent, ClockedEvent][] = [];
  shown.forEach((a, i) => {
    for (const b of shown.slice(i + 1)) {
      if (a.process === b.process) continue;
      if (concurrent(a, b)) together.push([a, b]);
      else (oneArrow(a, b) ? hop : path).push([a, b]);
    }
  });
  if (together.length === 0 || path.length + hop.length < choices - 1) {
    throw new RangeError(
      "La traza no tiene un par concurrente y suficientes pares ordenados para esta pregunta",
    );
  }
  const rng = seededRandom(options.seed);
  const take = <T>(list: T[]): T =>
    list.splice(rng.int(0, list.length - 1), 1)[0];
  const right = take(together);
  const wrong: [ClockedEvent, ClockedEvent][] = [];
  while (wrong.length < choices - 1) {
    wrong.push(take(path.length > 0 ? path : hop));
  }
  const picked = [right, ...wrong];
  for (let i = picked.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [picked[i], picked[j]] = [picked[j], picked[i]];
  }
  const order = trace.processes;
  const clocks = (a: ClockedEvent, b: ClockedEvent) =>
    `${eventName(a)} = ${vec(a, order)}, ${eventName(b)} = ${vec(b, order)}`;
  return {
    id: options.id,
    ...(options.chapter ? { chapter: options.chapter } : {}),
    question:
      `En el diagrama de arriba (de **tu** ejecución), ¿qué par de eventos es **concurrente**, es decir, sin ningún camino de flechas y líneas que lleve de uno al otro? Cada evento se nombra como en el dibujo: proceso·posición en su línea.`,
    options: picked.map(([a, b]) => {
      const isRight = a === right[0] && b === right[1];
      const why = isRight
        ? `Sí. Ninguno «conoce» al otro: ${eventName(b)} no ha visto ${
          eventName(a)
        } y ${eventName(a)} no ha visto ${eventName(b)}.`
        : `No. ${eventName(a)} → ${eventName(b)}: ${
          oneArrow(a, b)
            ? "son los dos extremos de una misma flecha"
            : `hay un camino de flechas de ${eventName(a)} a ${eventName(b)}`
        }, así que ${eventName(b)} ya «conoce» ${eventName(a)}.`;
      return {
        text: `${describe(a, trace)} y ${describe(b, trace)}`,
        why: `${why} Relojes vectoriales [${order.join(", ")}]: ${
          clocks(a, b)
        }.`,
        ...(isRight ? { correct: true } : {}),
      };
    }),
    hints: [
      "Para cada par, parte del evento dibujado más arriba y sigue su línea hacia abajo y las flechas en su sentido: si llegas al otro, no son concurrentes.",
      "Dos eventos de procesos distintos son concurrentes cuando ninguna cadena de mensajes lleva del primero al segundo ni del segundo al primero, aunque uno esté dibujado más arriba.",
    ],
  };
}
