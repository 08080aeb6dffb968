/**
 * A trace as text lines, so a process that cannot share the parent's
 * recorder (a child process, an MPI rank) can hand its events back on a
 * side channel — stderr of a child whose stdout carries the data frames,
 * or stdout of a rank under `mpiexec` — without adding a byte to the data
 * wire. One event per line keeps each line short: `mpiexec` forwards every
 * rank's output, and short lines are less likely to be cut by another
 * rank's.
 *
 * Lines are read as data: parsed as JSON and checked field by field, never
 * evaluated; a line without the prefix is left for the caller.
 *
 * @module
 */

import type { Trace, TraceEvent, TraceMark } from "./events.ts";

/** What starts every line of a trace. */
export const TRACE_LINE_PREFIX = "[traza] ";

const KINDS = new Set(["send", "receive", "local"]);
const MARKS = new Set<TraceMark>([
  "lost",
  "duplicate",
  "retransmission",
  "redelivery",
  "died",
]);

/**
 * The lines of a trace: one per event, then one with the count left out
 * and the cap.
 *
 * @example
 * ```ts
 * import { traceLines } from "./lines.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const lines = traceLines({ omitted: 1, cap: 1, events: [
 *   { process: "hijo 0", kind: "local", atMs: 5, label: "fin" },
 * ] });
 * assertEquals(lines.length, 2);
 * assertEquals(lines.every((l) => l.startsWith("[traza] ")), true);
 * ```
 */
export function traceLines(trace: Trace): string[] {
  return [
    ...trace.events.map((e) => TRACE_LINE_PREFIX + JSON.stringify(e)),
    TRACE_LINE_PREFIX +
    JSON.stringify({ omitted: trace.omitted, cap: trace.cap }),
  ];
}

function checkEvent(value: Record<string, unknown>, line: number): TraceEvent {
  const bad = (what: string) =>
    new TypeError(`Línea ${line} de la traza: ${what}`);
  const { process, kind, channel, msg, atMs, bytes, label, mark } = value;
  if (typeof process !== "string" || process.length === 0) {
    throw bad("falta el proceso");
  }
  if (typeof kind !== "string" || !KINDS.has(kind)) {
    throw bad(`tipo de evento desconocido ${JSON.stringify(kind)}`);
  }
  if (typeof atMs !== "number" || !Number.isFinite(atMs)) {
    throw bad("el instante no es un número");
  }
  if (typeof label !== "string") throw bad("falta la etiqueta");
  if (kind !== "local" && typeof channel !== "string") {
    throw bad("un envío o una recepción necesita su canal");
  }
  if (msg !== undefined && !Number.isInteger(msg)) {
    throw bad("el número de mensaje no es entero");
  }
  if (
    bytes !== undefined && !(Number.isInteger(bytes) && bytes as number >= 0)
  ) {
    throw bad("el tamaño no es un entero ≥ 0");
  }
  if (mark !== undefined && !MARKS.has(mark as TraceMark)) {
    throw bad(`marca desconocida ${JSON.stringify(mark)}`);
  }
  return {
    process,
    kind: kind as TraceEvent["kind"],
    atMs,
    label,
    ...(typeof channel === "string" ? { channel } : {}),
    ...(msg !== undefined ? { msg: msg as number } : {}),
    ...(bytes !== undefined ? { bytes: bytes as number } : {}),
    ...(mark !== undefined ? { mark: mark as TraceMark } : {}),
  };
}

/**
 * Reads back the trace lines found in `text` (other lines are returned
 * apart, in order). A trace whose closing line is missing (a process that
 * died mid-way) still yields the events that came.
 *
 * @example Lines mixed with a program's own output
 * ```ts
 * import { parseTraceLines, traceLines } from "./lines.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 *
 * const trace = { omitted: 0, cap: 9, events: [
 *   { process: "a", kind: "send" as const, channel: "a→b", atMs: 1, bytes: 4, label: '"hola"' },
 * ] };
 * const text = ["hola", ...traceLines(trace), "chao"].join("\n");
 * const back = parseTraceLines(text);
 * assertEquals(back.trace, trace);
 * assertEquals(back.other, ["hola", "chao"]);
 * assertThrows(() => parseTraceLines('[traza] {"process":"a","kind":"x","atMs":1,"label":""}'), TypeError);
 * ```
 */
export function parseTraceLines(
  text: string,
): { trace: Trace; other: string[] } {
  const events: TraceEvent[] = [];
  const other: string[] = [];
  let omitted = 0;
  let cap = 0;
  let closed = false;
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/\r$/, "");
    if (!line.startsWith(TRACE_LINE_PREFIX)) {
      if (line.length > 0) other.push(line);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(line.slice(TRACE_LINE_PREFIX.length));
    } catch {
      throw new TypeError(`Línea ${i + 1} de la traza: no es JSON`);
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new TypeError(`Línea ${i + 1} de la traza: no es un objeto`);
    }
    const record = value as Record<string, unknown>;
    if ("cap" in record && !("process" in record)) {
      if (!Number.isInteger(record.cap) || !Number.isInteger(record.omitted)) {
        throw new TypeError(`Línea ${i + 1} de la traza: cierre inválido`);
      }
      omitted += record.omitted as number;
      cap += record.cap as number;
      closed = true;
      return;
    }
    events.push(checkEvent(record, i + 1));
  });
  return {
    trace: {
      events,
      omitted,
      cap: closed ? Math.max(cap, events.length) : Math.max(1, events.length),
    },
    other,
  };
}
