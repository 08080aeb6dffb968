/**
 * Saving a trace: as a ShiViz log (https://bestchai.bitbucket.io/shiviz/,
 * the space-time diagram viewer of the DistributedClocks project) and as
 * JSON.
 *
 * ShiViz reads a log with a regular expression with named groups `event`,
 * `host` and `clock` (a JSON vector clock that includes the host itself).
 * The export uses ShiViz's default two-line format — a line of text, then a
 * line `host {"host":1,…}` — so the regex to paste is
 * {@linkcode SHIVIZ_REGEX}. Host names lose their spaces (`\S*` in the regex):
 * "proceso 0" becomes "proceso_0".
 *
 * @module
 */

import { formatNumber } from "../notebook/number_format.ts";
import { type ClockedTrace, clockTrace } from "./clocks.ts";
import type { Trace, TraceEvent } from "./events.ts";

/** The regular expression to paste in ShiViz for {@linkcode toShiViz}'s log. */
export const SHIVIZ_REGEX = "(?<event>.*)\\n(?<host>\\S*) (?<clock>{.*})";

/** A process name as a ShiViz host: no whitespace. */
export function shivizHost(process: string): string {
  return process.replace(/\s+/g, "_") || "_";
}

function describe(e: TraceEvent, peer: string): string {
  const mark = e.mark ? ` [${e.mark}]` : "";
  if (e.kind === "send") return `envía ${e.label} a ${peer}${mark}`;
  if (e.kind === "receive") return `recibe ${e.label} de ${peer}${mark}`;
  return `${e.label}${mark}`;
}

function peerOf(e: TraceEvent): string {
  const [from, to] = (e.channel ?? "").split("#")[0].split("→");
  return (e.kind === "send" ? to : from) ?? "?";
}

/**
 * The trace as a ShiViz log, events in causal order. A trace cut by its cap
 * says so in the first event's text.
 *
 * @example Parsed back with the regex ShiViz is given
 * ```ts
 * import { SHIVIZ_REGEX, toShiViz } from "./export.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const log = toShiViz({ omitted: 0, cap: 9, events: [
 *   { process: "proceso 0", kind: "send", channel: "proceso 0→proceso 1", atMs: 1, label: "x" },
 *   { process: "proceso 1", kind: "receive", channel: "proceso 0→proceso 1", atMs: 2, label: "x" },
 * ] });
 * const hosts = [...log.matchAll(new RegExp(SHIVIZ_REGEX, "g"))].map((m) => [m.groups!.host, JSON.parse(m.groups!.clock)]);
 * assertEquals(hosts, [["proceso_0", { proceso_0: 1 }], ["proceso_1", { proceso_0: 1, proceso_1: 1 }]]);
 * ```
 */
export function toShiViz(trace: Trace | ClockedTrace): string {
  const clocked = "processes" in trace ? trace : clockTrace(trace);
  const ordered = [...clocked.events].sort((a, b) => a.order - b.order);
  const lines: string[] = [];
  ordered.forEach((e, i) => {
    const cut = i === 0 && clocked.omitted > 0
      ? `[recortado: ${formatNumber(clocked.omitted)} eventos omitidos] `
      : "";
    const clock = Object.fromEntries(
      Object.entries(e.vector).map(([p, n]) => [shivizHost(p), n]),
    );
    lines.push(`${cut}${describe(e, peerOf(e))}`.replace(/[\r\n]/g, " "));
    lines.push(`${shivizHost(e.process)} ${JSON.stringify(clock)}`);
  });
  return lines.join("\n") + (lines.length ? "\n" : "");
}

/**
 * The trace as JSON: every event with its clocks, and the truncation note.
 *
 * @example
 * ```ts
 * import { toTraceJson } from "./export.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const json = JSON.parse(toTraceJson({ omitted: 3, cap: 1, events: [
 *   { process: "a", kind: "local", atMs: 1, label: "x" },
 * ] }));
 * assertEquals([json.omitted, json.note, json.events[0].lamport], [3, "recortado: 3 eventos omitidos", 1]);
 * ```
 */
export function toTraceJson(trace: Trace | ClockedTrace): string {
  const clocked = "processes" in trace ? trace : clockTrace(trace);
  return JSON.stringify(
    {
      format: "kit-trace/1",
      processes: clocked.processes,
      omitted: clocked.omitted,
      ...(clocked.omitted > 0
        ? {
          note: `recortado: ${formatNumber(clocked.omitted)} eventos omitidos`,
        }
        : {}),
      events: [...clocked.events].sort((a, b) => a.order - b.order),
    },
    null,
    1,
  );
}

/**
 * Writes both files (`<base>.shiviz.log`, `<base>.json`) and returns their
 * paths; the log's first line to paste in ShiViz is {@linkcode SHIVIZ_REGEX}.
 */
export async function saveTrace(
  trace: Trace | ClockedTrace,
  base: string,
): Promise<{ shiviz: string; json: string }> {
  const clocked = "processes" in trace ? trace : clockTrace(trace);
  const paths = { shiviz: `${base}.shiviz.log`, json: `${base}.json` };
  await Deno.writeTextFile(paths.shiviz, toShiViz(clocked));
  await Deno.writeTextFile(paths.json, toTraceJson(clocked));
  return paths;
}
