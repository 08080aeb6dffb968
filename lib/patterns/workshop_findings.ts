/**
 * What notebook 08 (the workshop, Taller 4) says beside its task runs and
 * its comparison, generated from the figures: how much of a run was
 * start-up, how far each speed-up is from its ideal, and the workshop's
 * ranking ("pipes fastest, queues a bit slower, sockets slowest") checked on
 * rows of one strategy. Every sentence holds for whatever the cells
 * measured; numbers in es-CL.
 *
 * @module
 */

import { formatNumber, formatRatio } from "../notebook/number_format.ts";
import { idealSpeedUp } from "../notebook/chart_series.ts";
import type { BenchRecord } from "../bench/records.ts";
import type { TaskRunFigures, WorkshopMethod } from "../bench/workshop.ts";
import { type PoolRunFigures, poolStartup } from "./pool_findings.ts";

const ms = (v: number) => `${formatNumber(v, 0)} ms`;
const s = (v: number) => `${formatNumber(v, 2)} s`;

/** Spanish names of the workshop's three methods. */
export const METHOD_LABELS: Readonly<Record<WorkshopMethod, string>> = {
  sockets: "sockets",
  pipes: "tuberías",
  queues: "colas",
};

/**
 * The queue run of section 3 told from its figures: when the workers began,
 * how long the tasks alone need at least, and why the split is uneven.
 *
 * @example
 * ```ts
 * import { describeQueueRun } from "./workshop_findings.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * const r = (worker: string, startMs: number) =>
 *   ({ id: 1, name: "T", worker, attempt: 1, startMs, endMs: startMs + 20, output: "" });
 * const text = describeQueueRun(
 *   { results: [r("a", 900), r("a", 920), r("b", 1500)], deaths: [], elapsedMs: 1600 },
 *   { tasks: 3, workMs: 20, workers: 2 },
 * );
 * assertStringIncludes(text, "900 ms");
 * assertStringIncludes(text, "40 ms");
 * ```
 */
export function describeQueueRun(
  report: PoolRunFigures,
  plan: { tasks: number; workMs: number; workers: number },
): string {
  const startup = poolStartup(report);
  const floor = Math.ceil(plan.tasks / plan.workers) * plan.workMs;
  return `La corrida tardó ${ms(startup.elapsedMs)}. Solo las tareas ` +
    `(${formatNumber(plan.tasks)} × ${ms(plan.workMs)} repartidas en ` +
    `${formatNumber(plan.workers)} workers) necesitan al menos ${ms(floor)}. ` +
    `El primer worker empezó su primera tarea a los ${
      ms(startup.firstReadyMs)
    } y el último que recibió alguna a los ${ms(startup.lastReadyMs)}: ` +
    `eso es arranque (crear el hilo, cargar su código, el primer mensaje). ` +
    `Quien arranca antes toma más tareas de la cola, por eso el reparto ` +
    `puede quedar disparejo.`;
}

function runOf(
  runs: readonly TaskRunFigures[],
  method: WorkshopMethod,
  workers: number,
): TaskRunFigures {
  const run = runs.find((r) => r.method === method && r.workers === workers);
  if (run === undefined) {
    throw new RangeError(
      `Falta la corrida de ${METHOD_LABELS[method]} con ${workers} workers`,
    );
  }
  return run;
}

/**
 * The waiting-task runs of section 6 told from their figures: per method,
 * the speed-up at the most workers against the ideal `n` (tasks that only
 * wait do not compete for cores), and how much of the one-worker run was
 * not waiting (start-up and coordination).
 *
 * @example
 * ```ts
 * import { describeWaitSpeedUp } from "./workshop_findings.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * const run = (workers: number, seconds: number) =>
 *   ({ method: "pipes" as const, workers, tasks: 8, seconds, tasksPerSecond: 8 / seconds });
 * const text = describeWaitSpeedUp([run(1, 1.2), run(4, 1.0)], { tasks: 8, workMs: 25 });
 * assertStringIncludes(text, "1,2×"); // 1.2 s ÷ 1.0 s
 * assertStringIncludes(text, "1,00 s"); // 1.2 s − 0.2 s of waiting
 * ```
 */
export function describeWaitSpeedUp(
  runs: readonly TaskRunFigures[],
  plan: { tasks: number; workMs: number },
): string {
  const methods = [...new Set(runs.map((r) => r.method))];
  const most = Math.max(...runs.map((r) => r.workers));
  const serialS = plan.tasks * plan.workMs / 1000;
  const parts = methods.map((m) => {
    const one = runOf(runs, m, 1);
    const many = runOf(runs, m, most);
    return `${METHOD_LABELS[m]}: ${formatRatio(one.seconds / many.seconds)} ` +
      `con ${formatNumber(most)} ${most === 1 ? "worker" : "workers"} (ideal ${
        formatRatio(most)
      }); con 1 worker, ${s(one.seconds)}, de los que ${
        s(Math.max(0, one.seconds - serialS))
      } no fueron espera`;
  });
  return `Las ${formatNumber(plan.tasks)} tareas esperan en total ${
    s(serialS)
  } si van en serie, y como solo esperan, no compiten por los núcleos: con ` +
    `n workers lo ideal sería n veces más rápido. Medido: ${
      parts.join("; ")
    }. Lo que no es espera (crear los workers, conectarlos, repartir y ` +
    `recoger) no se reparte entre workers; cuanto más pesa frente a ${
      s(serialS)
    }, más lejos queda la aceleración de la ideal.`;
}

/**
 * The CPU-bound runs of section 6 told from their figures: the best
 * speed-up per method against `min(n, cores)`.
 *
 * @example
 * ```ts
 * import { describeCpuSpeedUp } from "./workshop_findings.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * const run = (workers: number, seconds: number) =>
 *   ({ method: "queues" as const, workers, tasks: 12, seconds, tasksPerSecond: 12 / seconds });
 * const text = describeCpuSpeedUp([run(1, 4), run(2, 2.5), run(4, 2.4)], 2);
 * assertStringIncludes(text, "colas: 1,7× con 4 workers");
 * assertStringIncludes(text, "2 núcleos");
 * ```
 */
export function describeCpuSpeedUp(
  runs: readonly TaskRunFigures[],
  cores: number,
): string {
  const methods = [...new Set(runs.map((r) => r.method))];
  const counts = [...new Set(runs.map((r) => r.workers))].sort((a, b) => a - b);
  const ceiling = Math.max(...idealSpeedUp(counts, cores));
  const parts = methods.map((m) => {
    const one = runOf(runs, m, 1);
    let best = { workers: 1, speedUp: 1 };
    for (const n of counts) {
      const speedUp = one.seconds / runOf(runs, m, n).seconds;
      if (speedUp > best.speedUp) best = { workers: n, speedUp };
    }
    return `${METHOD_LABELS[m]}: ${formatRatio(best.speedUp)} con ${
      formatNumber(best.workers)
    } ${best.workers === 1 ? "worker" : "workers"}`;
  });
  return `Esta máquina tiene ${formatNumber(cores)} ${
    cores === 1 ? "núcleo" : "núcleos"
  }: calculando, la aceleración ideal es min(n, ${formatNumber(cores)}), ` +
    `como mucho ${formatRatio(ceiling)} aquí. La mejor medida: ${
      parts.join("; ")
    }. Más workers que núcleos solo se turnan el mismo tiempo de CPU y ` +
    `agregan su arranque; si otros programas ocupan los núcleos, queda ` +
    `menos para repartir.`;
}

/** One of the workshop's claims, checked on one runtime's figures. */
export type ClaimRow = {
  /** The claim, as the workshop states it. */
  afirmación: string;
  /** Whose mechanisms, and which ones. */
  "medido en": string;
  /** "sí", "no", "empate" (within 10 %) or "sin datos". */
  "¿se cumple?": string;
  /** The medians compared, in µs. */
  evidencia: string;
};

/** Each runtime's mechanisms for the claims, all one call per message. */
const CLAIM_MECHANISMS = {
  python: {
    who:
      "Python de la clase (multiprocessing.Pipe, multiprocessing.Queue, socket TCP)",
    pipe: "pipe",
    queue: "queue",
    socket: "tcp",
  },
  deno: {
    who: "el kit, un envío por mensaje (tubería, MessagePort, TCP)",
    pipe: "pipe-block-each",
    queue: "channel",
    socket: "tcp-block-each",
  },
} as const;

/** Ratios closer than this count as a tie (10 %). */
const TIE = 1.1;

/**
 * The workshop's ranking checked on round-trip latency at `size`, for the
 * class's Python and for the kit, each on mechanisms that send one call per
 * message and wait asleep in the operating system's kernel (a like-for-like
 * reading; the kit's batched and busy-poll rows answer another question).
 *
 * @example
 * ```ts
 * import { workshopClaimRows } from "./workshop_findings.ts";
 * import { aggregateRuns, runFromRaw } from "../bench/records.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const records = aggregateRuns([
 *   runFromRaw("pipe", "python", 64, [30], 1, 1),
 *   runFromRaw("queue", "python", 64, [80], 1, 1),
 *   runFromRaw("tcp", "python", 64, [25], 1, 1),
 * ]);
 * const rows = workshopClaimRows(records, 64);
 * assertEquals(rows.map((r) => r["¿se cumple?"]), ["sí", "no", "sin datos", "sin datos"]);
 * assertEquals(rows[0].evidencia, "tubería 30,0 µs; cola 80,0 µs");
 * ```
 */
export function workshopClaimRows(
  records: readonly BenchRecord[],
  size: number,
): ClaimRow[] {
  const rows: ClaimRow[] = [];
  for (const [runtime, n] of Object.entries(CLAIM_MECHANISMS)) {
    const get = (mechanism: string) =>
      records.find((r) =>
        r.runtime === runtime && r.mechanism === mechanism && r.size === size &&
        r.metric === "latency"
      )?.median ?? null;
    const pipe = get(n.pipe);
    const queue = get(n.queue);
    const socket = get(n.socket);
    const µs = (label: string, v: number | null) =>
      `${label} ${v === null ? "—" : `${formatNumber(v, 1)} µs`}`;
    const verdict = (slower: number | null, faster: number[] | null) => {
      if (slower === null || faster === null) return "sin datos";
      if (faster.every((f) => slower > f * TIE)) return "sí";
      if (faster.some((f) => slower < f / TIE)) return "no";
      return "empate (menos de 10 %)";
    };
    rows.push({
      afirmación: "las tuberías son más rápidas que las colas",
      "medido en": n.who,
      "¿se cumple?": verdict(queue, pipe === null ? null : [pipe]),
      evidencia: `${µs("tubería", pipe)}; ${µs("cola", queue)}`,
    }, {
      afirmación: "los sockets son los más lentos",
      "medido en": n.who,
      "¿se cumple?": verdict(
        socket,
        pipe === null || queue === null ? null : [pipe, queue],
      ),
      evidencia: `${µs("socket", socket)}; ${µs("tubería", pipe)}; ${
        µs("cola", queue)
      }`,
    });
  }
  return rows;
}
