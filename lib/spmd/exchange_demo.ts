/**
 * Notebook 07's deadlock lesson: the same exchange program
 * (lib/programs/exchange.ts) on the kit's Workers, whose sends are always
 * buffered, and under real `mpiexec`, where a standard-mode send of a large
 * message waits for the matching receive (MPI 4.1 §3.4: the standard mode
 * "may" buffer; Open MPI buffers only small messages, eagerly). Every run is
 * bounded. A job is called deadlocked only when both ranks announced the
 * exchange and then neither received for {@linkcode DEADLOCK_AFTER_MS} and
 * {@linkcode DEADLOCK_FACTOR} times the slowest exchange that finished
 * beside it: the clock starts at that announcement, not at the job's start,
 * because start-up (Deno, MPI_Init) takes seconds on a loaded machine.
 *
 * @module
 */

import { delay } from "@std/async/delay";
import { kitProgramPath } from "./demos.ts";
import {
  denoRankCommand,
  mpiexecAvailable,
  type MpiJobResult,
  runMpiJob,
} from "./mpi/launch.ts";
import { spmd } from "./workers.ts";
import { formatNumber } from "../notebook/number_format.ts";

/** How the exchange is written (see lib/programs/exchange.ts). */
export type ExchangeMode = "send-send" | "ordered" | "overlap";

/** One run of the exchange. */
export interface ExchangeRow {
  /** Where it ran. */
  backend: "workers" | "mpi";
  /** How the exchange is written. */
  mode: ExchangeMode;
  /** Bytes each rank sent. */
  bytes: number;
  /**
   * `finished`: both ranks received. `deadlocked`: both ranks started the
   * exchange and the job hit its bound without either receiving.
   * `not-started`: the bound came before both ranks reached the exchange
   * (a loaded machine), so nothing can be concluded. `failed`: any other end.
   */
  outcome: "finished" | "deadlocked" | "not-started" | "failed";
  /** Wall time of the whole run (start-up included), in ms. */
  ms: number;
  /**
   * Ms from both ranks announcing the exchange to the job's end (MPI rows
   * whose ranks both got there): the exchange plus tear-down, or how long a
   * deadlocked pair sat before it was stopped.
   */
  waitedMs?: number;
}

/**
 * The least time both ranks must sit in the exchange, after announcing it,
 * before a job can count as deadlocked.
 */
export const DEADLOCK_AFTER_MS = 2000;

/**
 * And at least this many times the slowest exchange that finished beside it.
 * The other MPI rows (the same 1 MiB written correctly, and the small
 * message) run at the same time, on the same machine in the same state, so
 * they measure how long an exchange that ends takes right now: on a loaded
 * 2-core machine (four jobs at once, the other core busy, other programs)
 * that was up to 1,4 s from both announcements to the last "recibió", on a
 * quiet one well under 0,5 s. A rendezvous that is deadlocked never ends.
 */
export const DEADLOCK_FACTOR = 5;

const startedCount = (stdout: string) =>
  (stdout.match(/: empieza /g) ?? []).length;
const receivedCount = (stdout: string) =>
  (stdout.match(/: recibió \d+ bytes/g) ?? []).length;

/**
 * Decides a run's outcome from what its ranks printed and how it ended.
 * `waitedMs` is how long the job ran after both ranks announced the
 * exchange; "deadlocked" needs at least `deadlockAfterMs` of it, so a job
 * cut short for any other reason is never called a deadlock.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { classifyExchange } from "./exchange_demo.ts";
 *
 * const both = "proceso 0: empieza (send-send)\nproceso 1: empieza (send-send)\n";
 * const stop = { success: false, timedOut: false };
 * assertEquals(classifyExchange(both, { ...stop, waitedMs: 3000 }, 3000), "deadlocked");
 * assertEquals(classifyExchange(both, { ...stop, waitedMs: 10 }, 3000), "failed");
 * assertEquals(classifyExchange("", { success: false, timedOut: true }), "not-started");
 * ```
 */
export function classifyExchange(
  stdout: string,
  ended: { success: boolean; timedOut: boolean; waitedMs?: number },
  deadlockAfterMs: number = DEADLOCK_AFTER_MS,
): ExchangeRow["outcome"] {
  const started = startedCount(stdout);
  const received = receivedCount(stdout);
  if (ended.success && received === 2) return "finished";
  if (
    !ended.success && started === 2 && received === 0 &&
    (ended.waitedMs ?? 0) >= deadlockAfterMs
  ) {
    return "deadlocked";
  }
  if (ended.timedOut && started < 2) return "not-started";
  return "failed";
}

/** Options of {@linkcode runExchangeDemo}. */
export interface ExchangeDemoOptions {
  /** Bytes of the large message (default 1 MiB). */
  largeBytes?: number;
  /** Bytes of the small message (default 1 KiB). */
  smallBytes?: number;
  /**
   * Hard bound of each mpiexec job in ms, start-up included (default
   * 30000); 1 or less skips the MPI rows.
   */
  mpiTimeoutMs?: number;
  /** See {@linkcode DEADLOCK_AFTER_MS} (the default). */
  deadlockAfterMs?: number;
}

/**
 * Runs the exchange: send-send with a large message on Workers, and under
 * mpiexec send-send with a small and with a large message, and the two
 * fixes (ordered, overlap) with the large one — all five at once, since
 * each row's outcome does not depend on the others' (its time does: every
 * row's wall time includes start-ups shared with the rest). The MPI rows
 * are left out when Open MPI is absent. About 6 s with Open MPI.
 *
 * @example The Workers row always finishes (its sends are buffered)
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { runExchangeDemo } from "./exchange_demo.ts";
 *
 * const rows = await runExchangeDemo({ largeBytes: 100_000, mpiTimeoutMs: 1 });
 * assertEquals(rows[0].backend, "workers");
 * assertEquals(rows[0].outcome, "finished");
 * ```
 */
export async function runExchangeDemo(
  options: ExchangeDemoOptions = {},
): Promise<ExchangeRow[]> {
  const large = options.largeBytes ?? 1_048_576;
  const small = options.smallBytes ?? 1024;
  const mpiTimeoutMs = options.mpiTimeoutMs ?? 30_000;
  const deadlockAfterMs = options.deadlockAfterMs ?? DEADLOCK_AFTER_MS;
  if (!(deadlockAfterMs > 0)) {
    throw new RangeError(
      `deadlockAfterMs debe ser positivo, no ${deadlockAfterMs}`,
    );
  }
  const program = kitProgramPath("exchange.ts");
  const onWorkers = (async (): Promise<ExchangeRow> => {
    const started = performance.now();
    const run = await spmd(2, program, {
      args: [String(large), "send-send"],
      timeoutMs: 20_000,
    });
    return {
      backend: "workers",
      mode: "send-send",
      bytes: large,
      outcome: run.ranks.every((r) => r.result === true)
        ? "finished"
        : "failed",
      ms: performance.now() - started,
    };
  })();
  if (mpiTimeoutMs <= 1 || !await mpiexecAvailable()) return [await onWorkers];
  const plan: [number, ExchangeMode][] = [
    [small, "send-send"],
    [large, "send-send"],
    [large, "ordered"],
    [large, "overlap"],
  ];
  const watches = plan.map(() => new ExchangeWatch());
  const jobs = plan.map(async ([bytes, mode], i): Promise<ExchangeRow> => {
    const watch = watches[i];
    // Started a little apart: mpiexecs launched in the same instant
    // sometimes fail before any rank runs (seen in the kernel); such a
    // launch failure says nothing about the exchange, so it is retried.
    await delay(150 * i);
    let job: MpiJobResult;
    for (let attempt = 1;; attempt++) {
      job = await runMpiJob(
        [{
          ranks: 2,
          command: denoRankCommand(program, [String(bytes), mode]),
        }],
        {
          timeoutMs: mpiTimeoutMs,
          onStdout: (stdout) => watch.see(stdout),
          signal: watch.stop.signal,
        },
      );
      const launchFailed = !job.success && !job.timedOut && !job.stopped &&
        startedCount(job.stdout) === 0;
      if (!launchFailed || attempt === 3) break;
    }
    watch.end();
    const waitedMs = watch.waitedMs();
    return {
      backend: "mpi",
      mode,
      bytes,
      outcome: classifyExchange(
        job.stdout,
        { ...job, waitedMs },
        watch.boundMs ?? DEADLOCK_FACTOR * deadlockAfterMs,
      ),
      ms: job.elapsedMs,
      ...(waitedMs === undefined ? {} : { waitedMs }),
    };
  });
  const judging = judgeDeadlock(watches, deadlockAfterMs, jobs);
  const rows = await Promise.all([onWorkers, ...jobs]);
  await judging;
  return rows;
}

/** What one MPI job's output showed, and when (performance.now()). */
class ExchangeWatch {
  bothStartedAt?: number;
  bothReceivedAt?: number;
  endedAt?: number;
  /** The bound this job was stopped at, when it was stopped as deadlocked. */
  boundMs?: number;
  readonly stop = new AbortController();

  see(stdout: string): void {
    const now = performance.now();
    if (this.bothStartedAt === undefined && startedCount(stdout) === 2) {
      this.bothStartedAt = now;
    }
    if (this.bothReceivedAt === undefined && receivedCount(stdout) === 2) {
      this.bothReceivedAt = now;
    }
  }

  end(): void {
    this.endedAt = performance.now();
  }

  /** From both announcements to both receipts, when the exchange ended. */
  exchangeMs(): number | undefined {
    return this.bothStartedAt === undefined ||
        this.bothReceivedAt === undefined
      ? undefined
      : this.bothReceivedAt - this.bothStartedAt;
  }

  waitedMs(): number | undefined {
    return this.bothStartedAt === undefined || this.endedAt === undefined
      ? undefined
      : this.endedAt - this.bothStartedAt;
  }
}

/**
 * Stops the large send-send job (index 1) once it is deadlocked beyond
 * doubt: every other job has ended, and both its ranks have sat in the
 * exchange for the bound (see {@linkcode DEADLOCK_FACTOR}). Without any
 * finished exchange to compare with, it is left to its hard bound.
 */
async function judgeDeadlock(
  watches: readonly ExchangeWatch[],
  minimumMs: number,
  jobs: readonly Promise<unknown>[],
): Promise<void> {
  const suspect = watches[1];
  const others = watches.filter((w) => w !== suspect);
  await Promise.allSettled(jobs.filter((_, i) => i !== 1));
  const controls = others.map((w) => w.exchangeMs()).filter((ms) =>
    ms !== undefined
  );
  if (controls.length === 0) return;
  const boundMs = Math.max(minimumMs, DEADLOCK_FACTOR * Math.max(...controls));
  while (suspect.endedAt === undefined) {
    const stuck = suspect.bothStartedAt === undefined
      ? 0
      : performance.now() - suspect.bothStartedAt;
    if (stuck >= boundMs) {
      suspect.boundMs = boundMs;
      suspect.stop.abort();
      return;
    }
    await delay(Math.min(100, Math.max(10, boundMs - stuck)));
  }
}

const MODE_TEXT: Record<ExchangeMode, string> = {
  "send-send": "los dos envían y después reciben",
  ordered: "el 0 envía y recibe; el 1 recibe y envía",
  overlap: "cada uno inicia su envío, recibe y recién entonces espera su envío",
};

const OUTCOME_TEXT: Record<ExchangeRow["outcome"], string> = {
  finished: "terminó",
  deadlocked: "bloqueo mutuo: se detuvo al vencer el plazo",
  "not-started": "sin conclusión: el plazo venció antes de que ambos empezaran",
  failed: "falló por otra razón",
};

/**
 * The rows as a Spanish table (es-CL numbers).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { formatExchangeDemo } from "./exchange_demo.ts";
 *
 * const [row] = formatExchangeDemo([
 *   { backend: "mpi", mode: "send-send", bytes: 1048576, outcome: "deadlocked", ms: 7012.4 },
 * ]);
 * assertEquals(row["bytes por mensaje"], "1.048.576");
 * assertEquals(row.resultado, "bloqueo mutuo: se detuvo al vencer el plazo");
 * ```
 */
export function formatExchangeDemo(
  rows: readonly ExchangeRow[],
): Record<string, string>[] {
  return rows.map((row) => ({
    motor: row.backend === "workers" ? "Workers del kit" : "Open MPI (mpiexec)",
    "cómo se escribió": MODE_TEXT[row.mode],
    "bytes por mensaje": formatNumber(row.bytes, 0),
    resultado: OUTCOME_TEXT[row.outcome],
    "tiempo (ms)": formatNumber(row.ms, 0),
  }));
}

function find(
  rows: readonly ExchangeRow[],
  backend: ExchangeRow["backend"],
  mode: ExchangeMode,
  bytes?: number,
): ExchangeRow | undefined {
  return rows.find((r) =>
    r.backend === backend && r.mode === mode &&
    (bytes === undefined || r.bytes === bytes)
  );
}

/**
 * What this run showed, in Spanish, generated from the rows so that it
 * holds for any outcome (a deadlock, a run cut short on a loaded machine,
 * or no Open MPI at all).
 *
 * @example A deadlock only with the large message
 * ```ts
 * import { assertStringIncludes } from "@std/assert";
 * import { exchangeSentence } from "./exchange_demo.ts";
 *
 * const text = exchangeSentence([
 *   { backend: "workers", mode: "send-send", bytes: 1048576, outcome: "finished", ms: 600 },
 *   { backend: "mpi", mode: "send-send", bytes: 1024, outcome: "finished", ms: 3000 },
 *   { backend: "mpi", mode: "send-send", bytes: 1048576, outcome: "deadlocked", ms: 7000 },
 *   { backend: "mpi", mode: "ordered", bytes: 1048576, outcome: "finished", ms: 3000 },
 * ]);
 * assertStringIncludes(text, "bloqueo mutuo (deadlock)");
 * assertStringIncludes(text, "1.024 bytes");
 * ```
 */
export function exchangeSentence(rows: readonly ExchangeRow[]): string {
  const bytes = (n: number) => `${formatNumber(n, 0)} bytes`;
  const parts: string[] = [];
  const workers = find(rows, "workers", "send-send");
  if (workers) {
    parts.push(
      workers.outcome === "finished"
        ? `Con Workers, «los dos envían y después reciben» terminó con ${
          bytes(workers.bytes)
        }: el \`send\` del kit deja el mensaje en un búfer y vuelve sin esperar al receptor.`
        : `Con Workers, esta vez el intercambio no terminó bien (${
          OUTCOME_TEXT[workers.outcome]
        }); vuelve a ejecutar la celda.`,
    );
  }
  const mpiRows = rows.filter((r) => r.backend === "mpi");
  if (mpiRows.length === 0) {
    parts.push(
      "Open MPI no está instalado aquí, así que no se pudo probar el mismo programa bajo `mpiexec`.",
    );
    return parts.join(" ");
  }
  const sendSend = mpiRows.filter((r) => r.mode === "send-send")
    .sort((a, b) => a.bytes - b.bytes);
  const big = sendSend.at(-1);
  const small = sendSend.length > 1 ? sendSend[0] : undefined;
  if (small?.outcome === "finished") {
    parts.push(
      `Bajo \`mpiexec\`, el mismo programa con ${
        bytes(small.bytes)
      } también terminó: Open MPI envía los mensajes chicos de inmediato (modo _eager_) y el envío vuelve antes de que el otro reciba.`,
    );
  }
  if (big?.outcome === "deadlocked") {
    parts.push(
      `Con ${
        bytes(big.bytes)
      }, en cambio, cada proceso quedó dentro de su envío esperando que el otro recibiera, y ninguno llegó a recibir: un bloqueo mutuo (deadlock) que solo terminó porque el kit detuvo el trabajo: acabó ${
        formatNumber((big.waitedMs ?? big.ms) / 1000, 1)
      } s después de que ambos procesos empezaran el intercambio${
        mpiRows.some((r) => r !== big && r.outcome === "finished")
          ? ", mucho más de lo que tardaron los intercambios que sí terminaron a la vez"
          : ""
      }. El estándar permite ambas conductas, así que un programa correcto no puede depender del búfer.`,
    );
  } else if (big) {
    parts.push(
      `Con ${bytes(big.bytes)} el resultado de esta corrida fue: ${
        OUTCOME_TEXT[big.outcome]
      }${
        big.outcome === "not-started"
          ? " (la máquina estaba cargada); vuelve a ejecutar la celda para ver el bloqueo"
          : ""
      }.`,
    );
  }
  const fixes = mpiRows.filter((r) => r.mode !== "send-send");
  if (fixes.length > 0) {
    const finished = fixes.filter((r) => r.outcome === "finished");
    parts.push(
      finished.length === fixes.length
        ? `Las dos correcciones (${
          fixes.map((r) => `«${MODE_TEXT[r.mode]}»`).join(" y ")
        }) terminaron con ${bytes(fixes[0].bytes)}.`
        : `De las correcciones, ${
          finished.length === 0
            ? "ninguna terminó esta vez"
            : `solo terminó ${
              finished.map((r) => `«${MODE_TEXT[r.mode]}»`).join(" y ")
            }`
        } (mira la columna «resultado»).`,
    );
  }
  parts.push(
    "Los trabajos de la tabla corrieron a la vez, así que cada tiempo incluye arranques que se disputaron los núcleos.",
  );
  return parts.join(" ");
}
