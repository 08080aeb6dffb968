/**
 * Sentences notebook 07 writes beside its measurements, generated from the
 * figures of THIS run so that each holds for any outcome: the attack demo
 * (each attack without and with the server's defences) and the TCP vs Unix
 * socket round trip.
 *
 * @module
 */

import type { AttackDemoRow } from "../net/attack_demo.ts";
import { formatNumber } from "./number_format.ts";

const NAMES: Record<AttackDemoRow["attack"], string> = {
  slowloris: "Contra slowloris",
  resets: "Contra la inundación de reinicios (RST)",
};

function served(row: AttackDemoRow): string {
  const slowest = row.slowestMs === null
    ? ""
    : ` (la más lenta en ${formatNumber(row.slowestMs, 0)} ms)`;
  return `${row.served} de ${row.probes} sondas${slowest}`;
}

/** Compares the two rows of one attack; `null` when a row is missing. */
function compare(off: AttackDemoRow, on: AttackDemoRow): string {
  const head = `${NAMES[on.attack]}, sin defensas se atendieron ${
    served(off)
  } y con defensas ${served(on)}`;
  if (on.served > off.served) {
    return `${head}: en esta corrida las defensas salvaron al cliente honesto.`;
  }
  if (on.served < off.served) {
    return `${head}: esta vez las defensas atendieron menos; con tan pocas sondas, una corrida puede salir así por otras cargas de la máquina — vuelve a ejecutar la celda.`;
  }
  const faster = off.slowestMs !== null && on.slowestMs !== null &&
    on.slowestMs < off.slowestMs / 2;
  if (faster) {
    return `${head}: las mismas sondas, pero con defensas la más lenta respondió mucho antes.`;
  }
  return `${head}: las dos filas se parecen, así que el ataque de esta corrida, de pocos segundos, no alcanzó a notarse.`;
}

/**
 * One sentence per attack found in `rows` (pairs by attack).
 *
 * @example Defences that saved the probes
 * ```ts
 * import { assertStringIncludes } from "@std/assert";
 * import { attackDemoSentence } from "./ch07_sentences.ts";
 *
 * const text = attackDemoSentence([
 *   { attack: "slowloris", defences: false, served: 0, probes: 4, slowestMs: null, hostile: 0 },
 *   { attack: "slowloris", defences: true, served: 4, probes: 4, slowestMs: 12.3, hostile: 9 },
 * ]);
 * assertStringIncludes(text, "sin defensas se atendieron 0 de 4 sondas");
 * assertStringIncludes(text, "salvaron");
 * ```
 */
export function attackDemoSentence(rows: readonly AttackDemoRow[]): string {
  const sentences: string[] = [];
  for (const attack of ["slowloris", "resets"] as const) {
    const off = rows.find((r) => r.attack === attack && !r.defences);
    const on = rows.find((r) => r.attack === attack && r.defences);
    if (off && on) sentences.push(compare(off, on));
  }
  return sentences.join(" ");
}

/**
 * Compares the median round trips of TCP on loopback and a Unix socket.
 *
 * @example Either order is described as measured
 * ```ts
 * import { assertStringIncludes } from "@std/assert";
 * import { socketLatencySentence } from "./ch07_sentences.ts";
 *
 * assertStringIncludes(socketLatencySentence(34.4, 69.2), "el socket Unix fue más lento");
 * assertStringIncludes(socketLatencySentence(60, 30), "el socket Unix fue más rápido");
 * assertStringIncludes(socketLatencySentence(50, 52), "prácticamente igual");
 * ```
 */
export function socketLatencySentence(tcpUs: number, unixUs: number): string {
  if (!(tcpUs > 0 && unixUs > 0)) {
    throw new RangeError(
      `Las medianas deben ser positivas: ${tcpUs}, ${unixUs}`,
    );
  }
  const figures = `mediana TCP ${formatNumber(tcpUs, 1)} µs, socket Unix ${
    formatNumber(unixUs, 1)
  } µs`;
  const ratio = tcpUs / unixUs;
  const verdict = ratio > 1.1
    ? `el socket Unix fue más rápido (${formatNumber(ratio, 1)} veces)`
    : ratio < 1 / 1.1
    ? `el socket Unix fue más lento (${
      formatNumber(1 / ratio, 1)
    } veces), así que en esta corrida el ahorro de la pila TCP/IP quedó tapado por otros costos`
    : "los dos salieron prácticamente igual";
  return `En esta corrida ${verdict} (${figures}). Con mensajes de 64 bytes, buena parte de cada ida y vuelta es el propio kit (el ciclo de eventos, despertar al otro lado), que es igual en los dos; y en una máquina cargada la variación entre corridas puede superar la diferencia entre mecanismos.`;
}
