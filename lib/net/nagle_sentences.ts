/**
 * What notebook 08 says beside the Nagle measurement, generated from the
 * figures of `measureNagleSetups`, so every sentence holds for whatever the
 * run measured — a stall or none, a quiet machine or a loaded one. Numbers
 * in es-CL.
 *
 * @module
 */

import { formatNumber } from "../notebook/number_format.ts";
import type { NagleFigures, NagleSetup } from "./nagle.ts";

/**
 * A round trip at least this long counts as stalled: half of Linux's
 * shortest delayed ACK (`TCP_DELACK_MIN`, 40 ms), far above a loopback
 * round trip even on a loaded machine.
 */
export const STALL_MS = 20;

/** How the table names each setup (learner-visible). */
export const NAGLE_SETUP_LABELS: Readonly<Record<NagleSetup, string>> = {
  "nagle-both":
    "dos write() y un read(), conexión reutilizada, Nagle activo en ambos extremos",
  "server-nodelay": "lo mismo, con TCP_NODELAY solo en el servidor",
  "client-nodelay": "lo mismo, con TCP_NODELAY en el cliente (quien escribe)",
  "one-write": "un solo write() por mensaje, Nagle activo (como el kit)",
  "new-connection":
    "una conexión nueva por mensaje, dos write() (el cliente de la clase)",
};

const ms = (v: number) => `${formatNumber(v, v < 1 ? 3 : 1)} ms`;

function figureOf(
  figures: readonly NagleFigures[],
  setup: NagleSetup,
): number {
  const found = figures.find((f) => f.setup === setup);
  if (found === undefined) {
    throw new RangeError(`Falta la configuración «${setup}» en la medición`);
  }
  return found.medianMs;
}

/**
 * The table notebook 08 shows: one row per setup, its median in ms.
 *
 * @example
 * ```ts
 * import { nagleRows } from "./nagle_sentences.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const rows = nagleRows([{ setup: "one-write", samplesMs: [1, 2], medianMs: 2 }]);
 * assertEquals(rows[0]["mediana (ms)"], 2);
 * ```
 */
export function nagleRows(
  figures: readonly NagleFigures[],
): { configuración: string; "mediana (ms)": number }[] {
  return figures.map((f) => ({
    configuración: NAGLE_SETUP_LABELS[f.setup],
    "mediana (ms)": f.medianMs,
  }));
}

/**
 * Spanish paragraphs about the measured setups: whether two writes on a
 * reused connection stalled, whether `TCP_NODELAY` on the server or on the
 * client removed the stall, and whether the class's one-connection-per-
 * message client suffered it — each verdict read from the medians (a median
 * of {@linkcode STALL_MS} or more is a stall).
 *
 * @example A typical Linux run, and a run where nothing stalled
 * ```ts
 * import { describeNagle } from "./nagle_sentences.ts";
 * import type { NagleFigures, NagleSetup } from "./nagle.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * const run = (m: Record<NagleSetup, number>) =>
 *   Object.entries(m).map(([setup, medianMs]) =>
 *     ({ setup, samplesMs: [medianMs], medianMs }) as NagleFigures
 *   );
 * const typical = describeNagle(run({
 *   "nagle-both": 44, "server-nodelay": 44, "client-nodelay": 0.05,
 *   "one-write": 0.05, "new-connection": 0.6,
 * })).join(" ");
 * assertStringIncludes(typical, "no la quitó");
 * assertStringIncludes(typical, "sí la quitó");
 * const calm = describeNagle(run({
 *   "nagle-both": 0.2, "server-nodelay": 0.2, "client-nodelay": 0.1,
 *   "one-write": 0.1, "new-connection": 0.6,
 * })).join(" ");
 * assertStringIncludes(calm, "no apareció");
 * ```
 */
export function describeNagle(figures: readonly NagleFigures[]): string[] {
  const both = figureOf(figures, "nagle-both");
  const server = figureOf(figures, "server-nodelay");
  const client = figureOf(figures, "client-nodelay");
  const oneWrite = figureOf(figures, "one-write");
  const fresh = figureOf(figures, "new-connection");
  const stalled = (v: number) => v >= STALL_MS;
  const paragraphs: string[] = [];
  if (stalled(both)) {
    paragraphs.push(
      `Con Nagle activo en ambos extremos, prefijo y cuerpo en dos write() ` +
        `y la respuesta leída después, cada ida y vuelta en una conexión ` +
        `reutilizada tardó ${ms(both)} (mediana, sin contar la primera); ` +
        `con un solo write() por mensaje, ${ms(oneWrite)}. El cliente ` +
        `retiene el cuerpo (Nagle: hay un segmento pequeño sin confirmar, ` +
        `el prefijo) hasta que llegue el ACK del prefijo, y el servidor, que ` +
        `aún no tiene nada que responder, retrasa ese ACK (ACK retrasado). ` +
        `En Linux ese retraso es de unos 40 ms como mínimo; el RFC 1122 ` +
        `solo exige que sea menor que 500 ms.`,
    );
  } else {
    paragraphs.push(
      `En esta ejecución la espera no apareció: dos write() en una ` +
        `conexión reutilizada tardaron ${ms(both)} por ida y vuelta ` +
        `(mediana) y un solo write() ${ms(oneWrite)}. Depende de cuándo ` +
        `el servidor envía sus ACK; en Linux lo habitual es que el ACK ` +
        `retrasado agregue unos 40 ms: vuelve a ejecutar la celda.`,
    );
  }
  paragraphs.push(
    `TCP_NODELAY solo en el servidor: ${ms(server)}; ` +
      (stalled(both) && stalled(server)
        ? `no la quitó. Nagle actúa en el socket que envía, y quien envía ` +
          `los dos segmentos pequeños es el cliente. `
        : stalled(both)
        ? `esta vez no se notó la espera, aunque Nagle actúa en el socket ` +
          `que envía (el cliente): la espera depende de que el ACK se ` +
          `retrase, y eso varía. `
        : `sin espera que quitar. `) +
      `TCP_NODELAY en el cliente: ${ms(client)}; ` +
      (stalled(both) && !stalled(client)
        ? `sí la quitó: el cuerpo sale sin esperar el ACK del prefijo.`
        : stalled(client)
        ? `en esta ejecución también fue lento, algo que Nagle no explica ` +
          `(¿la máquina estaba cargada?): vuelve a ejecutar la celda.`
        : `sin espera, como debe ser sin Nagle.`),
  );
  paragraphs.push(
    `El cliente de la clase abre una conexión por mensaje y escribe prefijo ` +
      `y cuerpo por separado: así tardó ${ms(fresh)} por mensaje (mediana, ` +
      `de conectar a cerrar). ` +
      (stalled(fresh)
        ? `Esta vez sí esperó: con la máquina cargada conectar también ` +
          `puede tardar; compara con las filas de arriba.`
        : `No esperó el ACK retrasado: al comienzo de una conexión Linux ` +
          `confirma los segmentos de inmediato (modo «quickack»), y solo ` +
          `cuando la conexión se vuelve interactiva —el servidor ya ` +
          `respondió— retrasa los ACK para enviarlos junto con la respuesta. ` +
          `La espera aparece desde el segundo mensaje de una conexión ` +
          `reutilizada, no en el cliente tal como lo escribe la clase.`),
  );
  return paragraphs;
}
