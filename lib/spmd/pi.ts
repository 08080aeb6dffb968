/**
 * π by numerical integration, split across SPMD ranks — the parallel
 * computation of the SPMD section (∫₀¹ 4/(1+x²) dx = π, midpoint rule).
 *
 * @module
 */

/**
 * The sum of 4/(1+x²) over this rank's contiguous block of the `steps`
 * midpoints (block decomposition: rank r gets steps/size points, the first
 * `steps % size` ranks one more). Multiply the total over all ranks by
 * 1/steps to get π. Pure, so ranks of any backend compute the same partials.
 *
 * @example One rank, then two ranks, give the same π
 * ```ts
 * import { assertAlmostEquals } from "@std/assert";
 * import { piPartialSum } from "./pi.ts";
 *
 * const steps = 1000;
 * const whole = piPartialSum(steps, 0, 1) / steps;
 * const halves = (piPartialSum(steps, 0, 2) + piPartialSum(steps, 1, 2)) / steps;
 * assertAlmostEquals(whole, Math.PI, 1e-6);
 * assertAlmostEquals(halves, whole, 1e-12);
 * ```
 */
export function piPartialSum(
  steps: number,
  rank: number,
  size: number,
): number {
  if (!Number.isInteger(steps) || steps < 1) {
    throw new RangeError(`Número de pasos inválido: ${steps}`);
  }
  if (!Number.isInteger(size) || size < 1 || rank < 0 || rank >= size) {
    throw new RangeError(`Rank inválido: ${rank} de ${size}`);
  }
  const base = Math.floor(steps / size);
  const extra = steps % size;
  const start = rank * base + Math.min(rank, extra);
  const end = start + base + (rank < extra ? 1 : 0);
  const h = 1 / steps;
  let sum = 0;
  for (let i = start; i < end; i++) {
    const x = (i + 0.5) * h;
    sum += 4 / (1 + x * x);
  }
  return sum;
}

/** What rank 0 of lib/programs/pi.ts reports. */
export interface PiReport {
  /** The value of π computed. */
  pi: number;
  /** How many ranks shared the work. */
  ranks: number;
  /** Midpoints of the integration (more: closer to π). */
  steps: number;
  /** Compute time of the slowest rank (barrier to reduce), in ms. */
  ms: number;
}

/**
 * Formats rank 0's report line of the π program (Spanish, like the class).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { formatPiReport, parsePiReport } from "./pi.ts";
 *
 * const report = { pi: 3.14159, ranks: 2, steps: 100, ms: 1.5 };
 * assertEquals(parsePiReport(formatPiReport(report)), { ...report, pi: 3.14159 });
 * ```
 */
export function formatPiReport(report: PiReport): string {
  return `π ≈ ${report.pi.toPrecision(15)} (error ${
    Math.abs(report.pi - Math.PI).toExponential(1)
  }) con ${report.ranks} procesos y ${report.steps} pasos en ${
    report.ms.toFixed(2)
  } ms`;
}

/**
 * Finds the π report in captured output (e.g. an mpiexec job's stdout).
 * Returns null when there is none.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { parsePiReport } from "./pi.ts";
 *
 * assertEquals(parsePiReport("nada"), null);
 * ```
 */
export function parsePiReport(output: string): PiReport | null {
  const match = output.match(
    /π ≈ ([\d.e+-]+) \(error [^)]*\) con (\d+) procesos y (\d+) pasos en ([\d.]+) ms/,
  );
  if (!match) return null;
  return {
    pi: Number(match[1]),
    ranks: Number(match[2]),
    steps: Number(match[3]),
    ms: Number(match[4]),
  };
}
