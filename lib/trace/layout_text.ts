/**
 * The words of a diagram: the legend's entries and the text beside each
 * event (its number on its line, or a clock).
 *
 * @module
 */

import type { ClockedEvent } from "./clocks.ts";
import type { ArrowKind, DiagramOptions } from "./layout.ts";

/** Legend text of each kind of arrow (and of a death). */
export const LEGEND: Record<ArrowKind | "died", string> = {
  message: "mensaje (envío → recepción)",
  lost: "perdido (termina en ✕)",
  duplicate: "copia duplicada",
  retransmission: "retransmisión",
  redelivery: "reentrega a otro worker",
  unreceived: "sin recepción en la traza",
  died: "el proceso murió",
};

/**
 * Short name of an event: its process and its position on that line.
 *
 * @example
 * ```ts
 * import { eventName } from "./layout_text.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(eventName({ process: "padre", step: 3 }), "padre·3");
 * ```
 */
export function eventName(e: Pick<ClockedEvent, "process" | "step">): string {
  return `${e.process}·${e.step}`;
}

/** What is written beside an event. */
export function clockText(
  e: ClockedEvent,
  mode: DiagramOptions["clocks"],
  order: string[],
): string {
  if (mode === "none") return "";
  if (mode === "lamport") return String(e.lamport);
  if (mode === "vector") {
    return `[${order.map((p) => e.vector[p] ?? 0).join(",")}]`;
  }
  return String(e.step);
}
