/**
 * The limits that bound POSIX message queues on this Linux machine, read
 * when called, each with what it means (man 7 mq_overview, man 2
 * getrlimit). `msg_max` and `msgsize_max` are *ceilings* on what `mq_open`
 * may ask for; a queue's own capacity is fixed when it is created (the
 * `msg_default` × `msgsize_default` pair when `mq_open` gets no
 * attributes), and all of a user's queues share one byte quota,
 * RLIMIT_MSGQUEUE.
 *
 * @module
 */

import { formatNumber } from "../notebook/number_format.ts";

/** One limit, as a notebook table shows it (Spanish; a type, so it is a table row). */
export type QueueLimitRow = {
  /** Where it is read, e.g. `"msg_max"` or `"RLIMIT_MSGQUEUE"`. */
  "límite": string;
  /** Its value on this machine, es-CL, or "no disponible". */
  valor: string;
  /** What it bounds. */
  "qué limita": string;
};

const MQUEUE_DIR = "/proc/sys/fs/mqueue";

const MEANINGS: readonly [string, string][] = [
  [
    "msg_default",
    "capacidad (mq_maxmsg) de una cola creada con mq_open sin atributos",
  ],
  [
    "msgsize_default",
    "tamaño máximo de mensaje (mq_msgsize, bytes) de una cola creada sin atributos",
  ],
  [
    "msg_max",
    "techo de la capacidad que mq_open puede pedir (sin privilegios)",
  ],
  [
    "msgsize_max",
    "techo del tamaño de mensaje que mq_open puede pedir (bytes, sin privilegios)",
  ],
  ["queues_max", "cuántas colas puede haber en todo el sistema"],
];

/**
 * The soft RLIMIT_MSGQUEUE of a process in bytes, from the text of
 * `/proc/<pid>/limits`; `null` when the line is missing or unlimited.
 *
 * @example The line as Linux writes it
 * ```ts
 * import { parseMsgqueueLimit } from "./limits.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const text = "Limit  Soft Limit  Hard Limit  Units\n" +
 *   "Max msgqueue size         819200               819200               bytes\n";
 * assertEquals(parseMsgqueueLimit(text), 819200);
 * assertEquals(parseMsgqueueLimit("Max msgqueue size  unlimited  unlimited  bytes"), null);
 * assertEquals(parseMsgqueueLimit(""), null);
 * ```
 */
export function parseMsgqueueLimit(limitsText: string): number | null {
  const match = /^Max msgqueue size\s+(\S+)/m.exec(limitsText);
  if (!match) return null;
  const value = Number(match[1]);
  return Number.isFinite(value) ? value : null;
}

async function readNumber(path: string): Promise<number | null> {
  try {
    const value = Number((await Deno.readTextFile(path)).trim());
    return Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}

const shown = (value: number | null) =>
  value === null ? "no disponible" : formatNumber(value);

/**
 * Reads the queue limits of this machine (Linux; elsewhere every value is
 * "no disponible"), in the order a reader needs them: defaults, ceilings,
 * the system-wide count, then this user's byte quota.
 *
 * @example Five sysctl files and the per-user quota
 * ```ts
 * import { readQueueLimits } from "./limits.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const rows = await readQueueLimits();
 * assertEquals(rows.map((r) => r["límite"]), [
 *   "msg_default", "msgsize_default", "msg_max", "msgsize_max", "queues_max",
 *   "RLIMIT_MSGQUEUE",
 * ]);
 * ```
 */
export async function readQueueLimits(): Promise<QueueLimitRow[]> {
  const rows: QueueLimitRow[] = [];
  for (const [name, meaning] of MEANINGS) {
    rows.push({
      "límite": name,
      valor: shown(await readNumber(`${MQUEUE_DIR}/${name}`)),
      "qué limita": meaning,
    });
  }
  let quota: number | null = null;
  try {
    quota = parseMsgqueueLimit(await Deno.readTextFile("/proc/self/limits"));
  } catch {
    quota = null;
  }
  rows.push({
    "límite": "RLIMIT_MSGQUEUE",
    valor: quota === null
      ? "no disponible o sin límite"
      : `${shown(quota)} bytes`,
    "qué limita":
      "bytes que reservan, sumadas, las colas de tu usuario: cada una cuenta " +
      "capacidad × tamaño de mensaje (más una sobrecarga) desde mq_open hasta " +
      "que se borra",
  });
  return rows;
}
