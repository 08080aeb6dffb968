/**
 * Sentences notebooks 03 and 05 show beside a measurement, generated from
 * the figures (es-CL), so each one holds for whatever the cell measured:
 * a quiet machine or a loaded one.
 *
 * @module
 */

import { formatNumber, formatRatio, formatTimes } from "./number_format.ts";
import type { MeasuredFigure } from "./measured_quiz.ts";
import type { FifoShellDemo } from "../transports/fifo_shell.ts";

/**
 * The best of each list of times (ms), and how they compare.
 *
 * @example
 * ```ts
 * import { describeCopyVsTransfer } from "./ipc_prose.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * const text = describeCopyVsTransfer([100, 90], [0.5, 0.45], 8 * 1024 * 1024);
 * assertStringIncludes(text, "copiando 90,00 ms");
 * assertStringIncludes(text, "200,0× más rápido");
 * ```
 */
export function describeCopyVsTransfer(
  copyMs: readonly number[],
  transferMs: readonly number[],
  bytes: number,
): string {
  if (copyMs.length === 0 || transferMs.length === 0) {
    throw new RangeError("Cada lista necesita al menos un tiempo");
  }
  const copy = Math.min(...copyMs);
  const transfer = Math.min(...transferMs);
  const mib = formatNumber(bytes / 1024 / 1024, 0);
  const head = `${mib} MiB ida y vuelta (mejor de ${copyMs.length}): copiando ${
    formatNumber(copy, 2)
  } ms · entregando el buffer ${formatNumber(transfer, 2)} ms`;
  const ratio = copy / transfer;
  if (ratio >= 1.1) {
    return `${head}. Entregar fue ${
      formatRatio(ratio)
    } más rápido: copiar ${mib} MiB cuesta en proporción al tamaño; entregar solo cambia de dueño el ArrayBuffer.`;
  }
  if (ratio <= 1 / 1.1) {
    return `${head}. Esta vez copiar fue más rápido (${
      formatRatio(1 / ratio)
    }): algo más ocupó la máquina; vuelve a ejecutar la celda.`;
  }
  return `${head}. Esta vez salieron casi iguales: algo más ocupó la máquina; vuelve a ejecutar la celda.`;
}

/**
 * The medians of a comparison as one line, lowest and highest named.
 *
 * @example
 * ```ts
 * import { describeMedians } from "./ipc_prose.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * const text = describeMedians([
 *   { label: "tubería", micros: 40 },
 *   { label: "socket Unix", micros: 20 },
 * ]);
 * assertStringIncludes(text, "la más baja, socket Unix (20,0 µs)");
 * assertStringIncludes(text, "la más alta, tubería (40,0 µs), 2,0× la más baja");
 * ```
 */
export function describeMedians(rows: readonly MeasuredFigure[]): string {
  if (rows.length < 2) {
    throw new RangeError("Se necesitan al menos dos mediciones");
  }
  const µs = (r: MeasuredFigure) => `${formatNumber(r.micros, 1)} µs`;
  const sorted = [...rows].sort((x, y) => x.micros - y.micros);
  const low = sorted[0];
  const high = sorted[sorted.length - 1];
  return `Medianas de esta ejecución: ${
    rows.map((r) => `${r.label} ${µs(r)}`).join(" · ")
  }. En tu máquina, la más baja, ${low.label} (${
    µs(low)
  }); la más alta, ${high.label} (${µs(high)}), ${
    formatRatio(high.micros / low.micros)
  } la más baja.`;
}

/**
 * The shell session of `runFifoShellDemo`, as a terminal transcript with
 * the counts explained from what was measured.
 *
 * @example
 * ```ts
 * import { fifoShellTranscript } from "./ipc_prose.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * const text = fifoShellTranscript({
 *   files: ["a.txt", ".oculto"], pipeCount: 2,
 *   fifoLine: "prw-r--r-- 1 ana ana 0 abr 3 11:31 pipe",
 *   blocked: { running: true, comm: "sh", state: "S", wchan: "wait_for_partner" },
 *   waitedMs: 300, fifoCount: 3, codes: { writer: 0, reader: 0 },
 * });
 * assertStringIncludes(text, "$ wc -l < pipe\n3");
 * assertStringIncludes(text, "1 entrada visible");
 * ```
 */
export function fifoShellTranscript(demo: FifoShellDemo): string {
  const visible = demo.files.filter((f) => !f.startsWith(".")).length;
  const hidden = demo.files.filter((f) => f.startsWith("."));
  const b = demo.blocked;
  const where = b.running
    ? `# tras ${
      formatNumber(demo.waitedMs, 0)
    } ms sigue esperando: el proceso se llama «${
      b.comm ?? "?"
    }» (ls aún no empieza), estado ${b.state ?? "?"}${
      b.wchan ? `, dormido en ${b.wchan}` : ""
    }`
    : `# terminó antes de ${
      formatNumber(demo.waitedMs, 0)
    } ms (¿alguien más abrió el FIFO?)`;
  const entries = (n: number) =>
    `${n} ${n === 1 ? "entrada visible" : "entradas visibles"}`;
  const lines = [
    `$ ls -a    # ${demo.files.join(", ")}`,
    "$ ls -l | wc -l",
    String(demo.pipeCount),
    "$ mkfifo pipe",
    "$ ls -l pipe",
    demo.fifoLine,
    `$ ls -l > pipe &    ${where}`,
    "$ wc -l < pipe",
    String(demo.fifoCount),
    "",
    `Antes del FIFO: ${entries(visible)} + la línea «total» = ${
      visible + 1
    }; wc contó ${demo.pipeCount}${
      hidden.length
        ? ` (${
          hidden.join(", ")
        } no cuenta: ls omite los nombres que empiezan con punto)`
        : ""
    }.`,
    `Con el FIFO: ${entries(visible + 1)} (pipe es una más) + «total» = ${
      visible + 2
    }; wc contó ${demo.fifoCount}.`,
  ];
  return lines.join("\n");
}

/**
 * The chapter's `s[::-1]` on the UTF-8 bytes of `text`, beside the reversal
 * by characters: what each gives back.
 *
 * @example Reversing bytes breaks multi-byte characters
 * ```ts
 * import { reverseBytesLikeTheClass } from "./ipc_prose.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const r = reverseBytesLikeTheClass("tubería");
 * assertEquals(r.byChars, "aírebut");
 * assertEquals(r.validUtf8, false);
 * assertEquals(r.bytesHex, "61 ad c3 72 65 62 75 74");
 * ```
 */
export function reverseBytesLikeTheClass(text: string): {
  /** The reversed bytes, in hex. */
  bytesHex: string;
  /** Whether the reversed bytes are valid UTF-8 (Python's decode would not fail). */
  validUtf8: boolean;
  /** What a lenient decoder shows (U+FFFD for each broken sequence). */
  lenient: string;
  /** The reversal by characters (code points), what the kit does. */
  byChars: string;
} {
  const bytes = new TextEncoder().encode(text).reverse();
  let validUtf8 = true;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    validUtf8 = false;
  }
  return {
    bytesHex: [...bytes].map((x) => x.toString(16).padStart(2, "0")).join(" "),
    validUtf8,
    lenient: new TextDecoder().decode(bytes),
    byChars: [...text].reverse().join(""),
  };
}

/**
 * How the parent of the cross-process averages waited, from its counts.
 *
 * @example
 * ```ts
 * import { describeFutexWaits } from "./ipc_prose.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(
 *   describeFutexWaits({ waits: 3, slept: 2, elapsedMs: 301.4 }),
 *   "el padre llamó 3 veces a futex(WAIT) y durmió en 2 de ellas · 301 ms en total",
 * );
 * ```
 */
export function describeFutexWaits(
  run: { waits: number; slept: number; elapsedMs: number },
): string {
  return `el padre llamó ${formatTimes(run.waits)} a futex(WAIT) y durmió en ${
    formatNumber(run.slept, 0)
  } de ellas · ${formatNumber(run.elapsedMs, 0)} ms en total`;
}
