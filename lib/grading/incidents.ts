/**
 * What went wrong in a submission's cells, in Spanish, for the gradebook's
 * `detalle`: errors (the import cell named as such), cells over their time
 * bound, kernel deaths and restarts, cells never run.
 *
 * @module
 */

import { formatNumber } from "../notebook/number_format.ts";
import type { GradedCell, RunBounds } from "./runner.ts";

/** `n` with its singular or plural noun. */
export function plural(n: number, one: string, many: string): string {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}

/**
 * Spanish reasons for what went wrong in the student's cells.
 *
 * @example
 * ```ts
 * import { cellIncidents } from "./incidents.ts";
 * import { DEFAULT_BOUNDS } from "./runner.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const cell = (id: string, status: "ok" | "error" | "kernel-died", error: string | null = null) =>
 *   ({ index: 0, id, grader: false, status, error, text: "" });
 * assertEquals(cellIncidents([
 *   cell("c02", "error", "TypeError: x"), cell("c04", "kernel-died"), cell("c05", "ok"),
 * ], DEFAULT_BOUNDS), [
 *   "la celda de importación c02 lanzó TypeError: x",
 *   "el kernel terminó durante la celda c04 (¿Deno.exit?): se reinició y lo definido antes se perdió",
 * ]);
 * ```
 */
export function cellIncidents(
  cells: readonly GradedCell[],
  bounds: RunBounds,
): string[] {
  const student = cells.filter((c) => !c.grader);
  const out: string[] = [];
  let errors = 0;
  student.forEach((cell, i) => {
    switch (cell.status) {
      case "error":
        errors++;
        if (errors <= 3) {
          out.push(
            `la celda ${
              i === 0 ? "de importación " : ""
            }${cell.id} lanzó ${cell.error}`,
          );
        }
        break;
      case "timeout-interrupted":
        out.push(
          `la celda ${cell.id} superó su tiempo máximo de ${
            formatNumber(cell.boundSeconds ?? bounds.cellSeconds, 0)
          } s y se interrumpió`,
        );
        break;
      case "timeout-restarted":
        out.push(
          `la celda ${cell.id} superó su tiempo máximo de ${
            formatNumber(cell.boundSeconds ?? bounds.cellSeconds, 0)
          } s y no respondió a la interrupción: se reinició el kernel y lo definido antes se perdió`,
        );
        break;
      case "kernel-died":
        out.push(
          `el kernel terminó durante la celda ${cell.id} (¿Deno.exit?): se reinició y lo definido antes se perdió`,
        );
        break;
    }
  });
  if (errors > 3) {
    out.push(`y ${plural(errors - 3, "celda más", "celdas más")} con error`);
  }
  const skipped =
    student.filter((c) => c.status === "skipped-notebook-timeout").length;
  if (skipped > 0) {
    out.push(
      `se agotó el tiempo del cuaderno (${
        formatNumber(bounds.notebookSeconds)
      } s): ${
        plural(skipped, "celda no se ejecutó", "celdas no se ejecutaron")
      }`,
    );
  }
  const lost = cells.filter((c) => c.status === "not-run-kernel-lost").length;
  if (lost > 0) {
    out.push(
      `el kernel no pudo reiniciarse: ${
        plural(lost, "celda no se ejecutó", "celdas no se ejecutaron")
      }`,
    );
  }
  return out;
}
