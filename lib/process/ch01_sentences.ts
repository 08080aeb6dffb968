/**
 * The sentences notebook 01 writes beside its measurements, generated from
 * the figures so that each holds for whatever the cell measured: a quiet
 * machine or a loaded one, a fast kernel or a slow one. Numbers in es-CL.
 *
 * @module
 */

import {
  formatNumber,
  formatRatio,
  formatTimes,
} from "../notebook/number_format.ts";

/**
 * Compares two costs in words: "N veces más rápido que" / "N veces más
 * lento que", or "prácticamente lo mismo que" within 10 %.
 *
 * @example
 * ```ts
 * import { compareCost } from "./ch01_sentences.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(compareCost(10, 42), "4,2 veces más rápido que");
 * assertEquals(compareCost(42, 10), "4,2 veces más lento que");
 * assertEquals(compareCost(10, 10.5), "prácticamente lo mismo que");
 * ```
 */
export function compareCost(ms: number, otherMs: number): string {
  if (!(ms > 0) || !(otherMs > 0)) {
    throw new RangeError(`Los tiempos deben ser positivos: ${ms}, ${otherMs}`);
  }
  const ratio = ms / otherMs;
  if (ratio > 1 / 1.1 && ratio < 1.1) return "prácticamente lo mismo que";
  return ratio < 1
    ? `${formatTimes(1 / ratio, 1)} más rápido que`
    : `${formatTimes(ratio, 1)} más lento que`;
}

/**
 * What the 1-minute load average says next to the number of cores. Load
 * counts tasks runnable (R) *and* in uninterruptible sleep (D, usually
 * waiting for disk), so only a load above the core count means that, on
 * average, something waited — and only if those tasks were runnable.
 *
 * @example Above and below the core count
 * ```ts
 * import { loadSentence } from "./ch01_sentences.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * assertStringIncludes(loadSentence(2.45, 2), "supera los 2 núcleos");
 * assertStringIncludes(loadSentence(0.5, 2), "no supera los 2 núcleos");
 * assertStringIncludes(loadSentence(2, 2), "no supera");
 * ```
 */
export function loadSentence(load1: number, cores: number): string {
  const load = formatNumber(load1, 2);
  if (load1 > cores) {
    return `La carga del último minuto (${load}) supera los ${cores} núcleos: en promedio hubo más tareas listas para correr o esperando al disco (estado D) que núcleos. Las que estaban listas para correr tuvieron que esperar su turno, y lo que midamos más abajo compite con ellas.`;
  }
  return `La carga del último minuto (${load}) no supera los ${cores} núcleos: en promedio cupo todo lo que estaba listo para correr, sin esperar turno. Igual puede haber picos justo mientras medimos.`;
}

/** Median creation costs, in ms, as notebook 01 measures them. */
export interface CreationFigures {
  /** Spawn to exit of `true`. */
  processTrue: number;
  /** Spawn to exit of `deno eval 0`. */
  processDeno: number;
  /** `new Worker` to first message, in a plain `deno run`. */
  workerPlain: number;
  /** `new Worker` to first message, in this Jupyter kernel. */
  workerKernel: number;
  /** Python: `threading.Thread` start to join. */
  pythonThread: number;
  /** Python: `os.fork()` to waitpid. */
  pythonFork: number;
}

/**
 * The paragraphs beside the creation-cost table, generated from the medians.
 *
 * @example Every comparison follows the figures
 * ```ts
 * import { creationSentences } from "./ch01_sentences.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * const text = creationSentences({
 *   processTrue: 4, processDeno: 200, workerPlain: 40, workerKernel: 580,
 *   pythonThread: 0.15, pythonFork: 2,
 * }).join("\n");
 * assertStringIncludes(text, "5,0 veces más rápido que crear un proceso Deno");
 * assertStringIncludes(text, "10,0 veces más lento que");
 * assertStringIncludes(text, "13,3 veces más rápido que un `os.fork()`");
 * assertStringIncludes(text, "14,5 veces más lento que");
 * ```
 */
export function creationSentences(f: CreationFigures): string[] {
  const ms = (v: number) => `${formatNumber(v, v < 10 ? 2 : 0)} ms`;
  const threadWins = f.pythonThread < f.pythonFork;
  const workerBeatsDeno = f.workerPlain < f.processDeno;
  const workerBeatsTrue = f.workerPlain < f.processTrue;
  const kernelSlower = f.workerKernel > f.workerPlain * 1.1;
  return [
    `**En Python, como en la clase:** crear y esperar un \`threading.Thread\` (${
      ms(f.pythonThread)
    }) fue ${compareCost(f.pythonThread, f.pythonFork)} un \`os.fork()\` (${
      ms(f.pythonFork)
    }). ${
      threadWins
        ? "Un hilo de Python es un hilo desnudo del sistema operativo; el proceso nuevo necesita su propio espacio de direcciones (copiado al escribir) y su entrada en la tabla de procesos."
        : "Es raro: un proceso nuevo necesita su propio espacio de direcciones y un hilo no. Con la máquina muy ocupada, esperar a que el hijo o el hilo alcancen a correr puede pesar más que crearlos: vuelve a ejecutar la celda."
    }`,
    `**En un programa Deno normal**, crear un Worker (${
      ms(f.workerPlain)
    }) fue ${
      compareCost(f.workerPlain, f.processDeno)
    } crear un proceso Deno (${ms(f.processDeno)})${
      workerBeatsDeno
        ? ": el hilo no necesita un espacio de direcciones nuevo ni arrancar otra vez el runtime completo."
        : ". Ambos arrancan un motor de JavaScript; el proceso además necesita un espacio de direcciones nuevo, así que con otra medición el orden puede cambiar."
    }`,
    `Frente al proceso mínimo \`true\` (${
      ms(f.processTrue)
    }), el mismo Worker fue ${compareCost(f.workerPlain, f.processTrue)} él${
      workerBeatsTrue
        ? "."
        : ": un Worker no es un hilo desnudo, trae un *isolate* de V8 nuevo, con su heap y su bucle de eventos, y carga su módulo."
    }`,
    `**Dentro de este kernel** cada Worker costó ${ms(f.workerKernel)}, ${
      compareCost(f.workerKernel, f.workerPlain)
    } en \`deno run\`.${
      kernelSlower
        ? " El hilo del sistema operativo es el mismo en ambos casos; la diferencia la pone lo que el kernel de Jupyter de Deno hace al arrancar cada Worker. No es un costo de «los hilos»: es de esta herramienta."
        : ""
    }`,
  ];
}

/**
 * The paragraph beside the parallelism charts, generated from the medians
 * (`parallelMs[i]` and `interleavedMs[i]` for `parts[i]`; parts[0] is 1).
 *
 * @example Near the ceiling, and a loaded machine
 * ```ts
 * import { speedUpSentence } from "./ch01_sentences.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * const quiet = speedUpSentence([200, 104, 105], [150, 151, 152], [1, 2, 4], 2);
 * assertStringIncludes(quiet, "**1,9×** con 2 Workers");
 * assertStringIncludes(quiet, "cerca del techo ideal de 2×");
 * assertStringIncludes(quiet, "prácticamente 1×");
 * const loaded = speedUpSentence([165, 198, 178], [152, 168, 338], [1, 2, 4], 2);
 * assertStringIncludes(loaded, "ningún reparto en Workers aceleró el trabajo");
 * assertStringIncludes(loaded, "lejos del techo ideal de 2×");
 * assertStringIncludes(loaded, "con 4 tareas quedaron en 0,4×");
 * ```
 */
export function speedUpSentence(
  parallelMs: readonly number[],
  interleavedMs: readonly number[],
  parts: readonly number[],
  cores: number,
): string {
  if (parts[0] !== 1 || parallelMs.length !== parts.length) {
    throw new RangeError("Se espera una medición por parte, empezando por 1");
  }
  const speedUps = parallelMs.map((t) => parallelMs[0] / t);
  const bestAt = speedUps.indexOf(Math.max(...speedUps));
  const best = speedUps[bestAt];
  const ceiling = Math.min(cores, Math.max(...parts));
  let verdict: string;
  if (best > ceiling * 1.05) {
    verdict =
      `más que el techo ideal de ${ceiling}×: eso no puede ser paralelismo, es ruido (la corrida con 1 Worker salió lenta)`;
  } else if (best >= ceiling * 0.85) {
    verdict = `cerca del techo ideal de ${ceiling}×`;
  } else if (best >= 1 + (ceiling - 1) / 2) {
    verdict =
      `bajo el techo ideal de ${ceiling}×: lo que falta suele venir de otros procesos que usan los núcleos (mira la carga de la sección 1) y del costo de repartir y juntar el trabajo`;
  } else {
    verdict =
      `lejos del techo ideal de ${ceiling}×: lo más probable es que otros procesos ocuparan los núcleos mientras medíamos (mira la carga de la sección 1), y los Workers no alcanzaron a correr a la vez`;
  }
  const last = parts.length - 1;
  const interleaved = interleavedMs[0] / interleavedMs[last];
  const n = parts[last];
  let turnTaking: string;
  if (interleaved > 1 / 1.1 && interleaved < 1.1) {
    turnTaking = `con ${n} tareas quedaron en prácticamente 1× (${
      formatRatio(interleaved)
    }), como se espera de un solo hilo`;
  } else if (interleaved < 1) {
    turnTaking = `con ${n} tareas quedaron en ${
      formatRatio(interleaved)
    }: en un solo hilo no hay nada que ganar, y en una máquina ocupada el ruido pesa`;
  } else {
    turnTaking = `con ${n} tareas quedaron en ${
      formatRatio(interleaved)
    }: más de 1× en un solo hilo no viene del paralelismo, es ruido de la máquina`;
  }
  const headline = bestAt === 0
    ? `ningún reparto en Workers aceleró el trabajo (la mejor aceleración, **${
      formatRatio(best)
    }**, es la de 1 Worker), ${verdict}`
    : `la mejor aceleración en paralelo fue **${formatRatio(best)}** con ${
      parts[bestAt]
    } Workers, ${verdict}`;
  return `En esta máquina, con **${cores} núcleos**, ${headline}. Con más Workers que núcleos, los sobrantes solo se turnan: no hay más procesadores para correrlos a la vez. Las tareas intercaladas corren en un solo hilo, turnándose: ${turnTaking}. Es concurrencia sin paralelismo, útil para esperar E/S, no para calcular más rápido.`;
}
