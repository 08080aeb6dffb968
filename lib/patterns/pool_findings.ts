/**
 * What notebook 04 says about its pool runs, generated from the runs: when
 * each worker began working, which backend finished first and by how much,
 * and what the redelivery demonstration actually did. Every sentence is built
 * from the measured figures, so it stays true on a quiet machine, a loaded
 * one, and inside Jupyter's kernel, where a Worker takes far longer to start
 * than under `deno run` (and threads can lose to processes).
 *
 * @module
 */

import { formatNumber, formatRatio } from "../notebook/number_format.ts";
import type { TaskPoolReport } from "./worker_pool.ts";

/** The parts of a pool run these findings read. */
export type PoolRunFigures = Pick<
  TaskPoolReport,
  "results" | "deaths" | "elapsedMs"
>;

/** When a pool's workers began working, in ms since the pool started. */
export interface PoolStartup {
  /** When the first worker began its first task. */
  firstReadyMs: number;
  /** When the last worker that got a task began its first one. */
  lastReadyMs: number;
  /** The whole run's wall time. */
  elapsedMs: number;
}

/** Below this relative difference two figures are called a tie. */
export const TIE_FRACTION = 0.1;

const ms = (value: number) => `${formatNumber(value, 0)} ms`;

/**
 * When each worker began its first task: its start-up (spawn, loading its
 * code, the first message) seen from the pool. A worker that got no task is
 * not counted.
 *
 * @example Two workers, one started late
 * ```ts
 * import { poolStartup } from "./pool_findings.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 *
 * const result = (worker: string, startMs: number) =>
 *   ({ id: 1, name: "T", worker, attempt: 1, startMs, endMs: startMs + 5, output: "" });
 * const run = { results: [result("a", 40), result("b", 90), result("a", 50)], deaths: [], elapsedMs: 120 };
 * assertEquals(poolStartup(run), { firstReadyMs: 40, lastReadyMs: 90, elapsedMs: 120 });
 * assertThrows(() => poolStartup({ results: [], deaths: [], elapsedMs: 1 }), RangeError);
 * ```
 */
export function poolStartup(report: PoolRunFigures): PoolStartup {
  const firstByWorker = new Map<string, number>();
  for (const r of report.results) {
    firstByWorker.set(
      r.worker,
      Math.min(firstByWorker.get(r.worker) ?? Infinity, r.startMs),
    );
  }
  if (firstByWorker.size === 0) {
    throw new RangeError(
      "Una ejecución sin resultados no tiene arranque que leer",
    );
  }
  const ready = [...firstByWorker.values()];
  return {
    firstReadyMs: Math.min(...ready),
    lastReadyMs: Math.max(...ready),
    elapsedMs: report.elapsedMs,
  };
}

/**
 * Which of two figures is smaller, or a tie (within {@linkcode TIE_FRACTION}).
 *
 * @example
 * ```ts
 * import { smallerOf } from "./pool_findings.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(smallerOf(100, 300), "first");
 * assertEquals(smallerOf(300, 100), "second");
 * assertEquals(smallerOf(100, 105), "tie");
 * ```
 */
export function smallerOf(
  first: number,
  second: number,
): "first" | "second" | "tie" {
  if (Math.abs(first - second) < TIE_FRACTION * Math.max(first, second)) {
    return "tie";
  }
  return first < second ? "first" : "second";
}

/**
 * Spanish Markdown comparing a thread run and a process run of the same
 * tasks: which finished first and by how much, when each began working, and
 * — only when the figures show threads starting later — why: the Jupyter
 * kernel's slow Worker start-up.
 *
 * @example Inside the kernel, threads start later
 * ```ts
 * import { compareBackendsText } from "./pool_findings.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * const run = (ready: number, elapsedMs: number) => ({
 *   results: [{ id: 1, name: "T1", worker: "w", attempt: 1, startMs: ready, endMs: ready + 50, output: "" }],
 *   deaths: [],
 *   elapsedMs,
 * });
 * const text = compareBackendsText(run(1171, 1993), run(310, 696));
 * assertStringIncludes(text, "los procesos terminaron antes: 2,9× más rápido");
 * assertStringIncludes(text, "kernel de Jupyter");
 * ```
 */
export function compareBackendsText(
  threads: PoolRunFigures,
  processes: PoolRunFigures,
): string {
  const t = poolStartup(threads);
  const p = poolStartup(processes);
  const lines: string[] = [];
  const total = `Con hilos el pool tardó **${ms(t.elapsedMs)}** en total; ` +
    `con procesos, **${ms(p.elapsedMs)}**`;
  switch (smallerOf(t.elapsedMs, p.elapsedMs)) {
    case "tie":
      lines.push(
        `${total}: terminaron casi a la par (menos de 10 % de diferencia).`,
      );
      break;
    case "first":
      lines.push(
        `${total}: los hilos terminaron antes: ${
          formatRatio(p.elapsedMs / t.elapsedMs)
        } más rápido.`,
      );
      break;
    case "second":
      lines.push(
        `${total}: los procesos terminaron antes: ${
          formatRatio(t.elapsedMs / p.elapsedMs)
        } más rápido.`,
      );
  }
  lines.push(
    "",
    `¿Dónde se fue el tiempo? El primer hilo empezó su primera tarea a los ` +
      `${ms(t.firstReadyMs)} y el último a los ${ms(t.lastReadyMs)}; ` +
      `el primer proceso, a los ${ms(p.firstReadyMs)} y el último a los ` +
      `${ms(p.lastReadyMs)}. Antes de eso no hubo trabajo: fue arranque.`,
    "",
  );
  if (smallerOf(t.firstReadyMs, p.firstReadyMs) === "second") {
    lines.push(
      "Aquí los hilos **arrancaron más tarde** que los procesos, al revés de lo " +
        "que dice la teoría. La causa es el entorno, no los hilos: dentro del " +
        "kernel de Jupyter, un `new Worker` de Deno espera cerca de un segundo " +
        "antes de arrancar (el kit deja algunos Workers arrancados de antemano, " +
        "pero si se piden más de los que tiene listos, los demás pagan esa " +
        "espera), mientras que con `deno run` suele bastar con decenas de " +
        "milisegundos; en una máquina cargada, además, todo se atrasa. Fuera " +
        "del cuaderno, crear un hilo suele costar menos que crear un proceso.",
    );
  } else {
    lines.push(
      "Un Worker es un hilo del mismo proceso con su propio motor de " +
        "JavaScript; un proceso hijo, en cambio, carga un Deno completo. " +
        "Por eso se espera que los hilos arranquen antes. Dentro del kernel de " +
        "Jupyter un `new Worker` espera cerca de un segundo antes de arrancar; " +
        "el kit deja algunos Workers arrancados de antemano para no pagarlo " +
        "(README, «Known issues»), y en una máquina cargada el orden puede " +
        "invertirse igual.",
    );
  }
  return lines.join("\n");
}

/**
 * Spanish Markdown on what the redelivery run did: which task the dead
 * worker held, when, who redid it, and that delivery is therefore *at least
 * once* (the task may have run twice; its result is kept once).
 *
 * @example A worker died holding T3; T3 was redone elsewhere
 * ```ts
 * import { redeliveryText } from "./pool_findings.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * const text = redeliveryText({
 *   results: [{ id: 3, name: "T3", worker: "proceso-0", attempt: 2, startMs: 520, endMs: 604, output: "" }],
 *   deaths: [{ worker: "proceso-2", redelivered: [3], diedAtMs: 498, inFlight: { name: "T3", sentAtMs: 487 }, cause: "gone" }],
 *   elapsedMs: 900,
 * });
 * assertStringIncludes(text, "«T3» pudo ejecutarse dos veces");
 * assertStringIncludes(text, "al menos una vez");
 * ```
 */
export function redeliveryText(report: PoolRunFigures): string {
  const cut = report.deaths.filter((d) => d.inFlight);
  if (cut.length === 0) {
    return report.deaths.length === 0
      ? "Esta vez ningún worker murió (la tarea terminó antes de que el padre " +
        "alcanzara a matarlo): vuelve a ejecutar la celda."
      : "Murió un worker que no tenía ninguna tarea en curso: no hubo nada que reentregar.";
  }
  const parts = cut.map((death) => {
    const { name, sentAtMs } = death.inFlight!;
    const redo = report.results.find((r) => r.name === name && r.attempt > 1);
    const redone = redo
      ? `el padre la devolvió a la cola y **${redo.worker}** la hizo completa ` +
        `(intento ${redo.attempt}), de los ${ms(redo.startMs)} a los ${
          ms(redo.endMs)
        }.`
      : "el padre la devolvió a la cola.";
    return `La tarea **«${name}» pudo ejecutarse dos veces**: el padre se la ` +
      `entregó a **${death.worker}** a los ${
        ms(sentAtMs)
      }, y ese worker murió ` +
      `a los ${
        ms(death.diedAtMs)
      } sin responder (quizá antes de empezarla, quizá a mitad de ella); ${redone}`;
  });
  return [
    ...parts,
    "",
    "En la tabla aparece una sola vez porque el padre guarda un resultado por " +
    "tarea. Pero lo que el primer intento alcanzó a hacer no se deshace: esta " +
    "reentrega es **al menos una vez** (_at-least-once_): ninguna tarea se " +
    "pierde, y alguna puede ejecutarse más de una vez. Por eso una tarea que " +
    "deja efectos fuera del pool (escribir un archivo, cobrar un pago) debe " +
    "poder repetirse sin daño (ser _idempotente_).",
  ].join("\n");
}
