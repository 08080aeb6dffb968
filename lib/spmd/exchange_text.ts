/**
 * Notebook 07's exchange demo in Spanish: the rows as a table and a sentence
 * generated from them, so that what the notebook says holds for whatever
 * the run showed.
 *
 * @module
 */

import { formatNumber } from "../notebook/number_format.ts";
import type { ExchangeMode, ExchangeRow } from "./exchange_rule.ts";

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
 * @example A deadlocked row, with es-CL numbers
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { formatExchangeDemo } from "./exchange_text.ts";
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
 * import { exchangeSentence } from "./exchange_text.ts";
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
