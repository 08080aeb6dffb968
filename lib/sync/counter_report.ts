/**
 * The sentences notebook 02 shows beside its counter measurements, built
 * from the numbers of the run (es-CL), so that what the reader reads holds
 * for whatever this machine measured: many lost updates, few, or none.
 *
 * @module
 */

import { formatNumber, formatTimes } from "../notebook/number_format.ts";
import type { CounterMode, CounterRun } from "./counter.ts";

const percent = (run: CounterRun) =>
  `${formatNumber((100 * run.lost) / run.expected, 1)} %`;

const list = (items: string[]) =>
  items.length <= 1
    ? items.join("")
    : `${items.slice(0, -1).join(", ")} y ${items[items.length - 1]}`;

/**
 * One line for one run: final count against N×K, losses, most inside.
 *
 * @example
 * ```ts
 * import { describeCounterRun } from "./counter_report.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(
 *   describeCounterRun({ mode: "mutex", workers: 2, increments: 50000, expected: 100000,
 *     final: 100000, lost: 0, maxInside: 1, wallMs: 90 }),
 *   "final 100.000 de 100.000 (perdidos: 0; máx. hilos dentro a la vez: 1)",
 * );
 * ```
 */
export function describeCounterRun(run: CounterRun): string {
  return `final ${formatNumber(run.final)} de ${
    formatNumber(run.expected)
  } (perdidos: ${
    formatNumber(run.lost)
  }; máx. hilos dentro a la vez: ${run.maxInside})`;
}

/**
 * What the unprotected runs showed, said from their numbers: how many lost
 * updates and how much they varied, and — if some run lost none — why that
 * does not make the code correct.
 *
 * @example Two runs lost updates, one lost none
 * ```ts
 * import { describeRaceRuns } from "./counter_report.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * const run = (final: number, maxInside = 2) => ({ mode: "racy" as const, workers: 2,
 *   increments: 200000, expected: 400000, final, lost: 400000 - final, maxInside, wallMs: 80 });
 * const text = describeRaceRuns([run(400000), run(361019), run(291426)]);
 * assertStringIncludes(text, "entre 38.981 (9,7 %) y 108.574 (27,1 %)");
 * assertStringIncludes(text, "La corrida 1 no perdió ninguno");
 * ```
 */
export function describeRaceRuns(runs: readonly CounterRun[]): string {
  if (runs.length === 0) return "";
  const losing = runs.filter((r) => r.lost > 0);
  const clean = runs.map((r, i) => [r, i + 1] as const).filter(([r]) =>
    r.lost === 0
  );
  const sentences: string[] = [];
  if (losing.length > 0) {
    const sorted = [...losing].sort((a, b) => a.lost - b.lost);
    const low = sorted[0];
    const high = sorted[sorted.length - 1];
    const which = losing.length === runs.length
      ? `Las ${runs.length} corridas perdieron incrementos`
      : `${losing.length} de ${runs.length} corridas perdieron incrementos`;
    sentences.push(
      low === high || low.lost === high.lost
        ? `${which}: ${formatNumber(low.lost)} (${percent(low)}).`
        : `${which}: entre ${formatNumber(low.lost)} (${percent(low)}) y ${
          formatNumber(high.lost)
        } (${percent(high)}), con el mismo código.`,
    );
  }
  if (clean.length > 0) {
    const numbers = list(clean.map(([, n]) => String(n)));
    const subject = clean.length === 1
      ? `La corrida ${numbers} no perdió ninguno`
      : clean.length === runs.length
      ? "Esta vez ninguna corrida perdió incrementos"
      : `Las corridas ${numbers} no perdieron ninguno`;
    sentences.push(
      `${subject}: esas veces ninguna escritura de un hilo cayó entre la lectura y la escritura del otro. ` +
        "No significa que el código sea correcto: la carrera sigue ahí, y otra ejecución de la celda puede perder.",
    );
  }
  const overlapped = runs.filter((r) => r.maxInside >= 2).length;
  sentences.push(
    overlapped === runs.length
      ? "En todas hubo momentos con 2 hilos a la vez dentro de la sección crítica."
      : overlapped === 0
      ? "En ninguna se vio a 2 hilos a la vez dentro de la sección crítica: esta vez corrieron casi uno después del otro."
      : `En ${overlapped} de ${runs.length} se vio a 2 hilos a la vez dentro de la sección crítica.`,
  );
  return sentences.join(" ");
}

/**
 * Compares the cost per increment of the protected runs, from the numbers:
 * how many times the mutex costs the bakery and the single atomic add.
 * Runs without a mutex run yield only what can be said.
 *
 * @example
 * ```ts
 * import { describeProtectionCosts } from "./counter_report.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const run = (mode: "mutex" | "bakery" | "atomic", expected: number, wallMs: number) =>
 *   ({ mode, workers: 2, increments: expected / 2, expected, final: expected, lost: 0,
 *      maxInside: 1, wallMs });
 * assertEquals(
 *   describeProtectionCosts([run("mutex", 100000, 100), run("bakery", 10000, 200), run("atomic", 100000, 10)]),
 *   "En esta corrida, cada incremento con la panadería costó 20 veces lo que con el lock, y con `Atomics.add` fue 10 veces más barato que con el lock.",
 * );
 * ```
 */
export function describeProtectionCosts(runs: readonly CounterRun[]): string {
  const perIncrement = (mode: CounterMode) => {
    const run = runs.find((r) => r.mode === mode);
    return run && run.expected > 0 ? run.wallMs / run.expected : null;
  };
  const mutex = perIncrement("mutex");
  if (mutex === null || mutex <= 0) return "";
  const parts: string[] = [];
  const compare = (name: string, cost: number | null) => {
    if (cost === null || cost <= 0) return;
    const ratio = cost / mutex;
    const digits = ratio < 10 ? 1 : 0;
    parts.push(
      ratio >= 1.1
        ? `${name} costó ${formatTimes(ratio, digits)} lo que con el lock`
        : ratio <= 1 / 1.1
        ? `${name} fue ${
          formatTimes(1 / ratio, 1 / ratio < 10 ? 1 : 0)
        } más barato que con el lock`
        : `${name} costó casi lo mismo que con el lock`,
    );
  };
  compare("cada incremento con la panadería", perIncrement("bakery"));
  compare("con `Atomics.add`", perIncrement("atomic"));
  return parts.length ? `En esta corrida, ${parts.join(", y ")}.` : "";
}
