/**
 * How much of the kit's distance to C is strategy and how much is runtime,
 * from one bench result. A mixed ratio (the kit ÷ C that sends one call per
 * message and sleeps in the kernel) factors exactly into
 *
 *   (kit ÷ C with the kit's strategy) × (C with that strategy ÷ plain C)
 *
 * — the first factor is the runtime, the second the strategy. Every
 * sentence is built from the figures, so it holds for any run.
 *
 * @module
 */

import { formatNumber, formatTimes } from "../notebook/number_format.ts";
import { BUSY_POLL_WAIT } from "../fast/wait_policy.ts";
import type { BenchRecord } from "./records.ts";
import { type ComparisonRow, formatSize } from "./report.ts";
import { BENCH_COMPARISONS } from "./comparisons.ts";
import { betterBy, figureOf } from "./figure_words.ts";
import { explainWaitCosts } from "./wait_costs.ts";

/**
 * A factor of the split with at least two significant digits (two decimals
 * from 0,1 up), so a small factor never prints as "0,00" and the product
 * stays readable: "0,30 = 33,46 × 0,0090".
 */
function formatFactor(value: number): string {
  if (!(Number.isFinite(value) && value > 0)) return formatNumber(value, 2);
  const digits = Math.max(2, 1 - Math.floor(Math.log10(value)));
  return formatNumber(value, Math.min(digits, 8));
}

/** The kit rows split: the busy-poll stream and the plain C row it is read against. */
const SPLITS = [
  { label: "TCP", kit: "tcp", same: "tcp-batch-spin", plain: "tcp" },
  { label: "socket Unix", kit: "unix", same: "unix-batch-spin", plain: "unix" },
  { label: "tubería", kit: "pipe", same: "pipe-batch-spin", plain: "pipe" },
  { label: "FIFO", kit: "fifo", same: "fifo-batch-spin", plain: "fifo" },
] as const;

/**
 * Spanish paragraphs (es-CL numbers) that split, per byte stream measured,
 * the kit's distance to plain C (one call per message, asleep in the
 * kernel) into strategy and runtime, at the smallest size measured, then say
 * which strategy suits latency, throughput or a spare core, from the same
 * figures. Mechanisms without the three figures are left out; with none, one
 * paragraph says so.
 *
 * @example A made-up result: batching is worth 10×, the runtime costs 2×
 * ```ts
 * import { explainStrategyGap } from "./strategy_gap.ts";
 * import { aggregateRuns, runFromRaw } from "./records.ts";
 * import { assert } from "@std/assert";
 *
 * const records = aggregateRuns([
 *   runFromRaw("tcp", "deno", 64, [20], 500_000, 1),
 *   runFromRaw("tcp-batch-spin", "c", 64, [10], 1_000_000, 1),
 *   runFromRaw("tcp", "c", 64, [30], 100_000, 1),
 * ]);
 * const text = explainStrategyGap(records).join("\n");
 * assert(text.includes("5,0 veces mejor")); // kit vs plain C
 * assert(text.includes("10,0 veces")); // strategy
 * assert(text.includes("2,0 veces peor")); // runtime
 * ```
 */
export function explainStrategyGap(records: readonly BenchRecord[]): string[] {
  const sizes = [...new Set(records.map((r) => r.size))].filter((s) => s > 0)
    .sort((a, b) => a - b);
  const paragraphs: string[] = [];
  const spinGains: number[] = [];
  const batchGains: { gain: number; largest: number | null }[] = [];
  for (const split of SPLITS) {
    for (const size of sizes.slice(0, 1)) {
      const get = (
        runtime: "deno" | "c",
        name: string,
        metric: "latency" | "throughput",
      ) => figureOf(records, runtime, name, size, metric);
      const kit = get("deno", split.kit, "throughput");
      const same = get("c", split.same, "throughput");
      const plain = get("c", split.plain, "throughput");
      if (kit === null || same === null || plain === null) continue;
      const at = formatSize(size).replace(" ", " ");
      const strategy = same / plain;
      const runtime = kit / same;
      paragraphs.push(
        `${split.label}, mensajes de ${at}: el kit envía ${
          formatNumber(kit, 0)
        } mensajes/s, ${
          betterBy(
            kit / plain,
            `C con una llamada por mensaje (${formatNumber(plain, 0)})`,
          )
        }. De esa distancia, la estrategia explica un factor de ${
          formatTimes(strategy, 1)
        } (C con la misma estrategia que el kit: ${
          formatNumber(same, 0)
        } mensajes/s) y el entorno de ejecución el resto: el kit queda ${
          betterBy(runtime, "C del mismo tipo")
        } (${formatFactor(kit / plain)} = ${formatFactor(strategy)} × ${
          formatFactor(runtime)
        }).`,
      );
      const largest = sizes.at(-1)!;
      const bigSame = figureOf(
        records,
        "c",
        `${split.plain}-batch`,
        largest,
        "throughput",
      );
      const bigPlain = figureOf(
        records,
        "c",
        split.plain,
        largest,
        "throughput",
      );
      batchGains.push({
        gain: (get("c", `${split.plain}-batch`, "throughput") ?? same) / plain,
        largest: bigSame !== null && bigPlain !== null && largest !== size
          ? bigSame / bigPlain
          : null,
      });
      const spinRt = get("c", `${split.plain}-batch-spin`, "latency");
      const sleepRt = get("c", `${split.plain}-batch`, "latency");
      if (spinRt !== null && sleepRt !== null) spinGains.push(sleepRt / spinRt);
    }
  }
  if (paragraphs.length === 0) {
    return [
      "No hay cifras suficientes para separar estrategia y entorno de ejecución: hace falta medir el kit y C con y sin su estrategia.",
    ];
  }
  const best = Math.max(...batchGains.map((b) => b.gain));
  const bigs = batchGains.flatMap((b) => b.largest === null ? [] : [b.largest]);
  paragraphs.push(
    `Tasa (throughput): agrupar mensajes multiplicó los mensajes/s de C hasta ${
      formatTimes(best, 1)
    } con mensajes pequeños, porque el costo de cada llamada al sistema se reparte entre muchos mensajes${
      bigs.length === 0 || sizes.at(-1)! < 1 << 16
        ? "."
        : `; con mensajes de ${formatSize(sizes.at(-1)!)} el factor fue de ${
          formatNumber(Math.min(...bigs), 2)
        } a ${formatNumber(Math.max(...bigs), 2)}${
          Math.max(...bigs) < 1.5
            ? ", casi nada: un mensaje así de grande ya ocupa sus propias llamadas."
            : "."
        }`
    } Conviene agrupar cuando se envían muchos mensajes seguidos y nadie espera cada uno; no cambia la latencia de un mensaje que espera su respuesta.`,
  );
  if (spinGains.length > 0) {
    const gain = Math.max(...spinGains);
    paragraphs.push(
      `Latencia: en esta medición la espera activa ${
        gain >= 1.05
          ? `acortó la ida y vuelta de C hasta ${formatTimes(gain, 1)}`
          : "no acortó la ida y vuelta de C de forma apreciable"
      } respecto de esperar en el núcleo del sistema operativo. Esperar activamente ahorra el despertar de un proceso dormido, pero mantiene un núcleo ocupado mientras espera (en el kit, hasta ${
        formatNumber(BUSY_POLL_WAIT.maxSpinMs, 1)
      } ms por lectura antes de dormir); conviene solo si hay núcleos libres y la respuesta llega pronto. ${
        navigator.hardwareConcurrency <= 2
          ? `Esta máquina tiene ${
            formatNumber(navigator.hardwareConcurrency, 0)
          } núcleos: un proceso que espera activamente puede quitarle el núcleo al que tiene que responder.`
          : `Esta máquina tiene ${
            formatNumber(navigator.hardwareConcurrency, 0)
          } núcleos: hay margen para que ambos extremos esperen activamente, mientras otros programas no los ocupen.`
      }`,
    );
  }
  paragraphs.push(...explainWaitCosts(records, sizes[0]));
  return paragraphs;
}

/** One mechanism's worst distance to C of the same strategy. */
export interface WorstRatio {
  /** The row's label, e.g. `"tcp"`. */
  mechanism: string;
  /** How many times slower than C the kit was where it trailed most (below
   * 1: faster everywhere). */
  factor: number;
  /** Where: metric, strategy and size, in Spanish. */
  where: string;
}

/**
 * Per mechanism, the row where the kit is furthest behind C of the same
 * strategy: a latency ratio kit ÷ C, or a throughput ratio C ÷ kit (both
 * read "times slower than C"). Rows without a C figure are skipped.
 *
 * @example
 * ```ts
 * import { worstRatioByMechanism } from "./strategy_gap.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const row = (denoOverC: number) => ({
 *   mechanism: "tcp", strategy: "agrupado; espera activa", size: "64 B",
 *   deno: 1, python: null, c: 1, denoOverPython: null, denoOverC,
 * });
 * const [worst] = worstRatioByMechanism([row(1.5)], [row(0.25)]);
 * assertEquals(worst.factor, 4); // throughput at a quarter of C's
 * ```
 */
export function worstRatioByMechanism(
  latency: readonly ComparisonRow[],
  throughput: readonly ComparisonRow[],
): WorstRatio[] {
  const worst = new Map<string, WorstRatio>();
  const consider = (
    rows: readonly ComparisonRow[],
    invert: boolean,
    what: string,
  ) => {
    for (const row of rows) {
      if (row.denoOverC === null || row.denoOverC <= 0) continue;
      const factor = invert ? 1 / row.denoOverC : row.denoOverC;
      const current = worst.get(row.mechanism);
      if (current === undefined || factor > current.factor) {
        worst.set(row.mechanism, {
          mechanism: row.mechanism,
          factor,
          where: `${what}, ${row.strategy}, ${row.size}`,
        });
      }
    }
  };
  consider(latency, false, "latencia");
  consider(throughput, true, "tasa (throughput)");
  const order = BENCH_COMPARISONS.map((c) => c.label);
  return [...worst.values()].sort((a, b) =>
    order.indexOf(a.mechanism) - order.indexOf(b.mechanism)
  );
}
