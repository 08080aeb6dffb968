/**
 * The sentence notebook 07 writes under its π speed-up chart, generated
 * from the run's own times and this machine's core count, so that it holds
 * on a quiet machine and on a loaded one.
 *
 * @module
 */

import { formatNumber, formatRatio } from "../notebook/number_format.ts";

/** Speed-ups `t(1) / t(n)`, `null` where a time is missing. */
export function speedUps(
  times: readonly (number | null)[],
): (number | null)[] {
  const base = times[0];
  return times.map((t) => (base && t && t > 0 ? base / t : null));
}

function describeBackend(
  name: string,
  times: readonly (number | null)[],
  counts: readonly number[],
  cores: number,
): string[] {
  const s = speedUps(times);
  if (s.every((x) => x === null)) return [];
  const list = counts.map((n, i) =>
    s[i] === null ? `${n} → sin dato` : `${n} → ${formatRatio(s[i]!)}`
  ).join(", ");
  const out = [`${name}: ${list}.`];
  const slower = counts.filter((n, i) => n > 1 && s[i] !== null && s[i]! < 1);
  if (slower.length > 0) {
    out.push(
      `Con ${
        slower.join(" y ")
      } procesos el cálculo tardó más que con uno: en esta corrida repartir no ayudó. Pasa cuando la máquina está ocupada con otros programas (mira la carga al final) o cuando el trabajo de cada proceso es tan corto que coordinarse pesa tanto como calcular.`,
    );
  }
  const atCores = counts.indexOf(Math.min(cores, Math.max(...counts)));
  const beyond = counts.findIndex((n) => n > cores);
  if (atCores >= 0 && beyond >= 0 && s[atCores] && s[beyond]) {
    out.push(
      s[beyond]! <= s[atCores]! * 1.1
        ? `Pasar de ${counts[atCores]} a ${
          counts[beyond]
        } procesos no mejoró: con más procesos que núcleos, los procesos se turnan en los mismos ${cores}.`
        : `De ${counts[atCores]} a ${
          counts[beyond]
        } procesos mejoró, algo que con ${cores} núcleos no puede venir de más cómputo simultáneo: es variación entre corridas (otras cargas de la máquina cambiaron).`,
    );
  }
  const near = counts.filter((n, i) =>
    n > 1 && s[i] !== null && s[i]! >= 0.8 * Math.min(n, cores)
  );
  if (near.length > 0) {
    out.push(
      `Con ${near.join(" y ")} procesos llegó al menos al 80 % del ideal.`,
    );
  }
  return out;
}

/**
 * Describes the measured speed-ups of both backends against the ideal
 * `min(n, cores)`.
 *
 * @example A loaded run where two ranks were slower than one
 * ```ts
 * import { assertStringIncludes } from "@std/assert";
 * import { piSpeedUpSentence } from "./pi_sentences.ts";
 *
 * const text = piSpeedUpSentence([56, 235, 394], [67, 132, 329], [1, 2, 4], 2);
 * assertStringIncludes(text, "el ideal es min(n, 2)");
 * assertStringIncludes(text, "tardó más que con uno");
 * assertStringIncludes(
 *   piSpeedUpSentence([56, 235], [], [1, 2], 2, 8.5),
 *   "La carga del último minuto era 8,50, más que los 2 núcleos",
 * );
 * ```
 */
export function piSpeedUpSentence(
  workersMs: readonly (number | null)[],
  mpiMs: readonly (number | null)[],
  counts: readonly number[],
  cores: number,
  load1?: number,
): string {
  if (!(Number.isInteger(cores) && cores > 0)) {
    throw new RangeError(`Cantidad de núcleos inválida: ${cores}`);
  }
  const ideal = counts.map((n) =>
    `${n} → ${formatNumber(Math.min(n, cores), 0)}`
  )
    .join(", ");
  return [
    `Esta máquina tiene ${cores} ${
      cores === 1 ? "núcleo lógico" : "núcleos lógicos"
    }, así que el ideal es min(n, ${cores}): ${ideal}. Speed-up medido (tiempo con 1 proceso / tiempo con n):`,
    ...describeBackend("Workers", workersMs, counts, cores),
    ...describeBackend("Open MPI", mpiMs, counts, cores),
    ...(load1 === undefined ? [] : [
      `La carga del último minuto era ${formatNumber(load1, 2)}, ${
        load1 > cores ? "más" : "no más"
      } que los ${cores} núcleos${
        load1 > cores
          ? ": en promedio hubo más tareas listas para correr (o esperando al disco) que núcleos, y los procesos de π compitieron con ellas"
          : ""
      }.`,
    ]),
  ].join(" ");
}
