/**
 * Notebook 07's deadlock lesson: the same exchange program
 * (lib/programs/exchange.ts) on the kit's Workers, whose sends are always
 * buffered, and under real `mpiexec`, where a standard-mode send of a large
 * message waits for the matching receive (MPI 4.1 §3.4: the standard mode
 * "may" buffer; Open MPI buffers only small messages, eagerly). Every run is
 * bounded: a deadlocked job is killed by mpiexec's --timeout.
 *
 * @module
 */

import { kitProgramPath } from "./demos.ts";
import { denoRankCommand, mpiexecAvailable, runMpiJob } from "./mpi/launch.ts";
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
}

/** Decides a run's outcome from what its ranks printed and how it ended. */
export function classifyExchange(
  stdout: string,
  ended: { success: boolean; timedOut: boolean },
): ExchangeRow["outcome"] {
  const started = (stdout.match(/: empieza /g) ?? []).length;
  const received = (stdout.match(/: recibió \d+ bytes/g) ?? []).length;
  if (ended.success && received === 2) return "finished";
  if (ended.timedOut && started === 2 && received === 0) return "deadlocked";
  if (ended.timedOut && started < 2) return "not-started";
  return "failed";
}

/** Options of {@linkcode runExchangeDemo}. */
export interface ExchangeDemoOptions {
  /** Bytes of the large message (default 1 MiB). */
  largeBytes?: number;
  /** Bytes of the small message (default 1 KiB). */
  smallBytes?: number;
  /** Bound of each mpiexec job in ms (default 7000). */
  mpiTimeoutMs?: number;
}

/**
 * Runs the exchange: send-send with a large message on Workers, then under
 * mpiexec send-send with a small and with a large message, and the two
 * fixes (ordered, overlap) with the large one. The MPI rows are left out
 * when Open MPI is absent. About 20 s with Open MPI.
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
  const mpiTimeoutMs = options.mpiTimeoutMs ?? 7000;
  const program = kitProgramPath("exchange.ts");
  const rows: ExchangeRow[] = [];
  const started = performance.now();
  const onWorkers = await spmd(2, program, {
    args: [String(large), "send-send"],
    timeoutMs: 20_000,
  });
  rows.push({
    backend: "workers",
    mode: "send-send",
    bytes: large,
    outcome: onWorkers.ranks.every((r) => r.result === true)
      ? "finished"
      : "failed",
    ms: performance.now() - started,
  });
  if (mpiTimeoutMs <= 1 || !await mpiexecAvailable()) return rows;
  const plan: [number, ExchangeMode][] = [
    [small, "send-send"],
    [large, "send-send"],
    [large, "ordered"],
    [large, "overlap"],
  ];
  for (const [bytes, mode] of plan) {
    const job = await runMpiJob(
      [{ ranks: 2, command: denoRankCommand(program, [String(bytes), mode]) }],
      { timeoutMs: mpiTimeoutMs },
    );
    rows.push({
      backend: "mpi",
      mode,
      bytes,
      outcome: classifyExchange(job.stdout, job),
      ms: job.elapsedMs,
    });
  }
  return rows;
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
      }, en cambio, cada proceso quedó dentro de su envío esperando que el otro recibiera, y ninguno llegó a recibir: un bloqueo mutuo (deadlock) que solo terminó porque \`mpiexec\` detuvo el trabajo al vencer su plazo (a los ${
        formatNumber(big.ms / 1000, 1)
      } s). El estándar permite ambas conductas, así que un programa correcto no puede depender del búfer.`,
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
  return parts.join(" ");
}
