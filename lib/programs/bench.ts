/**
 * `deno task bench`: every transport of the kit beside the class's Python
 * and the C floor, the MPI ping-pong (Deno ranks, mpi4py ranks, Workers) and
 * the workshop's task patterns, measured in one run on this machine.
 *
 * Usage:
 *   deno task bench [--only tcp,ring,mpi,queue-workers] [--sizes 64,4k,1m]
 *                   [--duration 200] [--reps 3] [--json FILE]
 *                   [--no-python] [--no-c]
 *
 * Repetitions are interleaved (Deno, Python, C, then again), so a burst of
 * machine noise hits every runtime alike; tables show medians across them.
 *
 * @module
 */

import { parseArgs } from "@std/cli/parse-args";
import { type BenchmarkOptions, runBenchmark } from "../bench/benchmark.ts";
import { MPI_BENCH_MECHANISMS } from "../bench/mpi_bench.ts";
import {
  comparisonRows,
  formatComparisonText,
  formatTextTable,
} from "../bench/report.ts";
import {
  explainStrategyGap,
  worstRatioByMechanism,
} from "../bench/strategy_gap.ts";
import { parseSizeList } from "../bench/sizes.ts";
import { formatTaskPatternText } from "../bench/task_patterns.ts";
import { formatNumber } from "../notebook/number_format.ts";

const HELP = `Uso: deno task bench [opciones]
  --only LISTA      mecanismos del kit (tcp,unix,pipe,fifo,channel,ring;
                    tcp-async,unix-async = sin espera activa (busy
                    polling), dormidos en el event loop (Deno.Conn);
                    pipe-async,fifo-async = dormidos en un hilo auxiliar;
                    tcp-block,unix-block,pipe-block,fifo-block = dormidos
                    en su propia llamada, como C y Python;
                    tcp-async-each,unix-async-each,pipe-each,fifo-each,
                    tcp-block-each,unix-block-each,pipe-block-each,
                    fifo-block-each = una llamada por mensaje),
                    de MPI (mpi,mpi-alloc,spmd-workers) y patrones de
                    tareas (farm-sockets,pipe-children,queue-workers)
  --sizes LISTA     tamaños de mensaje (p. ej. 64,4k,1m)
  --duration MS     duración de cada medición en ms (200)
  --reps N          repeticiones intercaladas (3)
  --json ARCHIVO    escribe todas las cifras como JSON
  --no-python       sin la línea base de Python
  --no-c            sin la línea base de C`;

function progress(text: string): void {
  const line = text.length > 78 ? text.slice(0, 77) + "…" : text;
  Deno.stderr.writeSync(new TextEncoder().encode(`\r\x1b[2K${line}`));
}

async function main(): Promise<number> {
  const args = parseArgs(Deno.args, {
    string: ["only", "sizes", "duration", "reps", "json"],
    boolean: ["help", "python", "c"],
    default: { python: true, c: true },
    negatable: ["python", "c"],
  });
  if (args.help) {
    console.log(HELP);
    return 0;
  }
  const only = args.only as string | undefined;
  const sizes = args.sizes as string | undefined;
  const duration = args.duration as string | undefined;
  const reps = args.reps as string | undefined;
  const options: BenchmarkOptions = {
    mechanisms: only?.split(",").map((s) => s.trim()).filter(Boolean),
    sizes: sizes ? parseSizeList(sizes) : undefined,
    durationMs: duration ? Number(duration) : undefined,
    repetitions: reps ? Number(reps) : undefined,
    python: args.python as boolean,
    c: args.c as boolean,
    onProgress: progress,
  };
  const started = performance.now();
  const result = await runBenchmark(options);
  progress("");
  Deno.stderr.writeSync(new TextEncoder().encode("\r"));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `Máquina: ${Deno.build.os}/${Deno.build.arch}, ${navigator.hardwareConcurrency} núcleos, ` +
      `Deno ${Deno.version.deno}; ${result.repetitions} repeticiones, ${seconds} s en total.\n`,
  );
  const latency = comparisonRows(result.records, "latency", result.comparisons);
  const throughput = comparisonRows(
    result.records,
    "throughput",
    result.comparisons,
  );
  console.log(
    "Cada fila compara el kit con Python y C que usan la MISMA estrategia " +
      "(envío: una llamada por mensaje o agrupado; espera: en el núcleo del " +
      "sistema operativo, en el núcleo a través de un hilo auxiliar, o " +
      "activa). — = ese entorno no tiene esa variante.\n",
  );
  console.log(formatComparisonText(
    "Latencia de ida y vuelta, mediana (µs; menos es mejor)",
    latency,
  ));
  console.log();
  console.log(formatComparisonText(
    "Rendimiento en un sentido (mensajes/s; más es mejor)",
    throughput,
  ));
  const worst = worstRatioByMechanism(latency, throughput);
  if (worst.length > 0) {
    console.log();
    console.log(formatTextTable(
      "Qué tan cerca está el kit de C del mismo tipo: el peor caso por " +
        "mecanismo (veces más lento que C; ≤ 1 = a la par o mejor; meta ≤ 2)",
      ["mecanismo", "dónde", "peor factor"],
      worst.map((w) => [w.mechanism, w.where, formatNumber(w.factor, 2)]),
      2,
    ));
    console.log();
    for (const paragraph of explainStrategyGap(result.records)) {
      console.log(paragraph + "\n");
    }
  }
  if (result.comparisons.some((c) => MPI_BENCH_MECHANISMS.includes(c.deno))) {
    console.log(
      "\nmpi, mpi (recv alloc), spmd workers: ping-pong entre los rangos 0 y 1 " +
        "(columna Python = rangos de mpi4py). Latencia = mediana de ida y vuelta; " +
        "mensajes/s = 1 / tiempo de ida y MB/s = tamaño / tiempo de ida " +
        "(no es un flujo en un sentido).",
    );
    console.log(
      `Costo de una llamada FFI a libmpi (MPI_Initialized): ${
        result.ffiCallNs === null
          ? "no medido (sin libmpi)"
          : `${result.ffiCallNs.toFixed(1)} ns (mediana de las repeticiones)`
      }`,
    );
  }
  if (result.records.some((r) => r.metric === "tasks")) {
    console.log();
    console.log(formatTaskPatternText(
      "Patrones de distribución de tareas (tareas/s con el arranque incluido; " +
        "aceleración respecto de 1 worker)",
      result.records,
    ));
  }
  for (const missing of result.missing) {
    console.log(
      `[FALTA] ${missing.runtime}${
        missing.mechanism ? ` ${missing.mechanism}` : ""
      }: ${missing.reason}`,
    );
  }
  const jsonPath = args.json as string | undefined;
  if (jsonPath) {
    await Deno.writeTextFile(
      jsonPath,
      JSON.stringify(result.records, null, 1) + "\n",
    );
    console.log(`\n[JSON] ${result.records.length} registros en ${jsonPath}`);
  }
  return 0;
}

if (import.meta.main) {
  try {
    Deno.exit(await main());
  } catch (error) {
    console.error(`[ERROR] ${error instanceof Error ? error.message : error}`);
    Deno.exit(1);
  }
}
