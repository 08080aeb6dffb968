/**
 * The sentences notebook 06 writes beside its measurements, generated from
 * the figures so each holds for whatever the cell measured, on a quiet
 * machine or a loaded one. Numbers in es-CL.
 *
 * @module
 */

import { formatNumber, formatTimes } from "../notebook/number_format.ts";
import type { UdpFloodResult } from "./udp_limits.ts";
import type { HandshakeWatch } from "./tcp_handshake.ts";

const us = (v: number) => `${formatNumber(v, 1)} µs`;
const ms = (v: number) => `${formatNumber(v, 1)} ms`;

/**
 * What the TCP/UDP round trips showed, against the class's claim that UDP is
 * «mucho más rápido». Null medians are runs that did not finish in time.
 *
 * @example Either order is told as measured
 * ```ts
 * import { describeTcpVsUdp } from "./ch06_sentences.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * assertStringIncludes(describeTcpVsUdp(76.2, 127.1), "TCP fue 1,7 veces más rápido");
 * assertStringIncludes(describeTcpVsUdp(120, 40), "UDP fue 3,0 veces más rápido");
 * assertStringIncludes(describeTcpVsUdp(50, 52), "prácticamente iguales");
 * ```
 */
export function describeTcpVsUdp(
  tcpMedianUs: number | null,
  udpMedianUs: number | null,
): string {
  const claim =
    "La clase dice que UDP es «mucho más rápido» porque no verifica ni reenvía.";
  if (tcpMedianUs === null || udpMedianUs === null) {
    return `${claim} Esta vez una de las dos mediciones no terminó a tiempo ` +
      "(en UDP, un datagrama perdido detiene la ida y vuelta hasta el plazo): " +
      "vuelve a ejecutar la celda para comparar.";
  }
  const ratio = tcpMedianUs / udpMedianUs;
  const verdict = ratio >= 1.2
    ? `UDP fue ${formatTimes(ratio, 1)} más rápido que TCP`
    : ratio <= 1 / 1.2
    ? `TCP fue ${formatTimes(1 / ratio, 1)} más rápido que UDP`
    : "los dos fueron prácticamente iguales (menos de 20 % de diferencia)";
  return `${claim} Aquí, en loopback, la mediana de TCP fue ${
    us(tcpMedianUs)
  } ` +
    `y la de UDP ${
      us(udpMedianUs)
    }: ${verdict}. En rigor, sin pérdidas TCP no ` +
    "retransmite nada y su conexión ya está abierta, así que en una ida y " +
    "vuelta pequeña ninguno de los dos hace trabajo extra que se note: lo que " +
    "pesa es el costo de cada envío y recepción en el núcleo del sistema " +
    "operativo y en Deno, y el ruido de la máquina (vuelve a ejecutar la celda " +
    "y el orden puede cambiar). Donde UDP sí ahorra tiempo es en lo que TCP " +
    "agrega en una red real: el saludo antes del primer byte y la espera de " +
    "una retransmisión, que detiene también a los bytes que vienen detrás.";
}

/** One row of `measureSendModes`, as the sentence needs it. */
export interface SendModeRow {
  /** Messages each sender sent. */
  messages: number;
  /** The receiver's delay per message, in ms. */
  receiverDelayMs: number;
  /** How long the synchronous sender's loop took, in ms. */
  synchronousMs: number;
  /** How long the asynchronous sender's loop took, in ms. */
  asynchronousMs: number;
}

/**
 * What the synchronous and asynchronous senders paid, across receiver delays.
 *
 * @example
 * ```ts
 * import { describeSendModes } from "./ch06_sentences.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * const text = describeSendModes([
 *   { messages: 10, receiverDelayMs: 0, synchronousMs: 3, asynchronousMs: 0.4 },
 *   { messages: 10, receiverDelayMs: 20, synchronousMs: 236.6, asynchronousMs: 0.2 },
 * ]);
 * assertStringIncludes(text, "236,6 ms");
 * assertStringIncludes(text, "10 × 20 ms = 200 ms");
 * assertStringIncludes(text, "entre 0,2 ms y 0,4 ms");
 * ```
 */
export function describeSendModes(rows: readonly SendModeRow[]): string {
  if (rows.length === 0) throw new RangeError("No hay filas de modos de envío");
  const slowest = rows.reduce((a, b) =>
    b.receiverDelayMs > a.receiverDelayMs ? b : a
  );
  const floor = slowest.messages * slowest.receiverDelayMs;
  const asyncTimes = rows.map((r) => r.asynchronousMs);
  const lo = Math.min(...asyncTimes);
  const hi = Math.max(...asyncTimes);
  return `Con ${
    formatNumber(slowest.receiverDelayMs)
  } ms de demora, el emisor sincrónico ` +
    `estuvo bloqueado ${ms(slowest.synchronousMs)}: nunca puede bajar de ` +
    `${slowest.messages} × ${formatNumber(slowest.receiverDelayMs)} ms = ` +
    `${
      formatNumber(floor)
    } ms, porque espera cada confirmación (lo que sobra ` +
    "es el viaje por el socket y la carga de la máquina). El asincrónico " +
    `terminó su ciclo en todas las filas entre ${ms(lo)} y ${ms(hi)}, ` +
    "sin esperar al receptor: la demora del receptor no entra en su ciclo.";
}

/**
 * What the UDP burst showed: how many arrived, where the rest went, and
 * what the system-wide counter says (allowing for other programs).
 *
 * @example A burst that overflowed the buffer
 * ```ts
 * import { describeUdpFlood } from "./ch06_sentences.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * const text = describeUdpFlood({
 *   sent: 5000, received: 256, sizeBytes: 64, sendMs: 200,
 *   rcvbufErrors: 4744, receiveBufferBytes: 212992,
 * });
 * assertStringIncludes(text, "llegaron 256 (5,1 %)");
 * assertStringIncludes(text, "justo los 4.744 que faltan");
 * ```
 */
export function describeUdpFlood(r: UdpFloodResult): string {
  const lost = r.sent - r.received;
  const pct = formatNumber((100 * r.received) / r.sent, 1);
  const head = `Se enviaron ${formatNumber(r.sent)} datagramas de ` +
    `${formatNumber(r.sizeBytes)} bytes en ${ms(r.sendMs)} y cada envío ` +
    `respondió sin error; al receptor, que no leyó hasta el final, le ` +
    `llegaron ${formatNumber(r.received)} (${pct} %).`;
  if (lost === 0) {
    return `${head} Esta vez no se perdió ninguno: el búfer de recepción ` +
      "alcanzó a guardarlos todos. Vuelve a ejecutar con más datagramas.";
  }
  const buffer = r.receiveBufferBytes && r.received > 0
    ? ` (por omisión ${formatNumber(r.receiveBufferBytes)} bytes, según ` +
      "`net.core.rmem_default`; cada datagrama ocupó ahí unos " +
      `${formatNumber(Math.round(r.receiveBufferBytes / r.received))} bytes, ` +
      "porque el núcleo del sistema operativo cuenta también sus estructuras)"
    : "";
  const counter = r.rcvbufErrors === null
    ? ""
    : r.rcvbufErrors === lost
    ? ` El contador \`RcvbufErrors\` de /proc/net/snmp subió en ` +
      `${formatNumber(r.rcvbufErrors)}: justo los ${
        formatNumber(lost)
      } que faltan.`
    : r.rcvbufErrors > lost
    ? ` El contador \`RcvbufErrors\` de /proc/net/snmp subió en ` +
      `${formatNumber(r.rcvbufErrors)}, más que los ${
        formatNumber(lost)
      } que ` +
      "faltan: cuenta toda la máquina, y otro programa también perdió datagramas en ese rato."
    : ` El contador \`RcvbufErrors\` de /proc/net/snmp subió solo en ` +
      `${formatNumber(r.rcvbufErrors)} de los ${
        formatNumber(lost)
      } que faltan: ` +
      "el resto se perdió por otra causa.";
  return `${head} Los otros ${formatNumber(lost)} los descartó el núcleo del ` +
    `sistema operativo al llenarse el búfer de recepción del socket${buffer}.` +
    `${counter} UDP no tiene control de flujo: nadie frena al emisor ni le ` +
    "avisa de la pérdida.";
}

/**
 * What the handshake watch showed, worded for a quiet window or a busy one.
 *
 * @example
 * ```ts
 * import { describeHandshake } from "./ch06_sentences.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * const text = describeHandshake({
 *   afterOpen: [], afterClose: [], quiet: true, attempts: 1,
 *   open: { ActiveOpens: 1, PassiveOpens: 1, OutSegs: 3 },
 *   close: { ActiveOpens: 0, PassiveOpens: 0, OutSegs: 4 },
 * });
 * assertStringIncludes(text, "exactamente los 3 del saludo");
 * ```
 */
export function describeHandshake(w: HandshakeWatch): string {
  if (w.open === null || w.close === null) {
    return "Esta máquina no tiene /proc/net/snmp: solo se ven los estados.";
  }
  const o = w.open.OutSegs;
  const c = w.close.OutSegs;
  if (!w.quiet) {
    return `En ${
      formatNumber(w.attempts)
    } intentos siempre se abrieron otras ` +
      "conexiones en la máquina a la vez que la nuestra: los contadores " +
      `(que son de todo el sistema) subieron ${formatNumber(o)} segmentos al ` +
      `abrir y ${formatNumber(c)} al cerrar, más de lo que explica una sola ` +
      "conexión. La tabla de estados sí es solo nuestra (filtrada por puerto).";
  }
  const openText = o === 3
    ? "exactamente los 3 del saludo (SYN, SYN-ACK y ACK)"
    : `${formatNumber(o)}: los 3 del saludo (SYN, SYN-ACK, ACK) más ` +
      `${formatNumber(o - 3)} de otras conexiones ya abiertas de la máquina`;
  const closeText = c === 3 || c === 4
    ? `${formatNumber(c)}, un FIN en cada sentido con su ACK (el ACK del ` +
      "primer FIN puede viajar junto al segundo FIN: entonces son 3 y no 4)"
    : `${formatNumber(c)} (un FIN en cada sentido con su ACK, más tráfico ` +
      "de otros programas)";
  return "En la ventana que se midió, la única conexión nueva de la máquina " +
    "fue la nuestra (los contadores de conexiones activas y pasivas subieron " +
    "en 1; cliente y servidor están en esta máquina, así que se cuentan los " +
    `segmentos de ambos). Segmentos enviados al abrir: ${openText}. Al ` +
    `cerrar: ${closeText}.`;
}
