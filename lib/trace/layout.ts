/**
 * Where everything of a space-time diagram goes, as plain numbers: one
 * vertical line per process, time flowing down, one row per event in a
 * causal order that follows the timestamps, an arrow per message. Pure and
 * table-tested; `render.ts` only draws what this returns.
 *
 * A long trace is windowed (rows `firstRow`… `firstRow + maxRows - 1`, or a
 * time window) with a note saying which part is shown; arrows leaving or
 * entering the window are drawn to or from its edge.
 *
 * @module
 */

import { formatNumber } from "../notebook/number_format.ts";
import type { ClockedEvent, ClockedTrace } from "./clocks.ts";
import { clipLabel } from "./label.ts";
import { clockText, LEGEND } from "./layout_text.ts";

export { eventName } from "./layout_text.ts";

/** How an arrow is drawn. */
export type ArrowKind =
  | "message"
  | "lost"
  | "duplicate"
  | "retransmission"
  | "redelivery"
  | "unreceived";

/** Options of {@linkcode layoutDiagram}. */
export interface DiagramOptions {
  /** Title drawn on top. */
  title?: string;
  /** Pixel width (default 960, a notebook's width). */
  width?: number;
  /** First row shown (default 0). */
  firstRow?: number;
  /** Rows shown at most (default {@linkcode DEFAULT_MAX_ROWS}). */
  maxRows?: number;
  /** Show only events stamped in [fromMs, toMs] (overrides rows). */
  timeWindow?: { fromMs: number; toMs: number };
  /** Processes drawn first, left to right; the rest follow in order of appearance. */
  processOrder?: readonly string[];
  /** Text beside each event: Lamport clock, vector clock, name (`padre·3`) or nothing (default "name"). */
  clocks?: "lamport" | "vector" | "name" | "none";
}

/** Rows shown by default: readable at 960 px, about 1 000 px tall. */
export const DEFAULT_MAX_ROWS = 36;
/** Process lines drawn at most (beyond, lines are too close to read). */
export const MAX_LANES = 10;
/** Average width of a 12 px label character, for fitting labels. */
export const CHAR_PX = 7;

const ROW_PX = 26;
const TOP_PX = 86;
const SIDE_PX = 80;

/** The diagram's geometry. */
export interface DiagramLayout {
  width: number;
  height: number;
  title: string;
  lanes: { process: string; x: number; y0: number; y1: number }[];
  dots: {
    id: number;
    x: number;
    y: number;
    text: string;
    local?: string;
    died: boolean;
  }[];
  arrows: {
    kind: ArrowKind;
    x1: number;
    y1: number;
    x2: number;
    y2: number;
    label: string;
    /** The arrow starts above the window (its send is not shown). */
    fromAbove: boolean;
    /** The arrow ends below the window (its receive is not shown). */
    toBelow: boolean;
  }[];
  /** Where a lost message ends: a cross. */
  crosses: { x: number; y: number }[];
  legend: { kind: ArrowKind | "died"; text: string }[];
  notes: string[];
}

/**
 * Lays out a clocked trace.
 *
 * @example One message between two processes
 * ```ts
 * import { layoutDiagram } from "./layout.ts";
 * import { clockTrace } from "./clocks.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const t = clockTrace({ omitted: 0, cap: 9, events: [
 *   { process: "a", kind: "send", channel: "a→b", atMs: 1, label: "hola" },
 *   { process: "b", kind: "receive", channel: "a→b", atMs: 2, label: "hola" },
 * ] });
 * const layout = layoutDiagram(t);
 * assertEquals(layout.lanes.map((l) => l.process), ["a", "b"]);
 * assertEquals(layout.arrows.map((a) => [a.kind, a.label]), [["message", "hola"]]);
 * assertEquals(layout.arrows[0].y2 > layout.arrows[0].y1, true);
 * ```
 */
export function layoutDiagram(
  trace: ClockedTrace,
  options: DiagramOptions = {},
): DiagramLayout {
  const width = options.width ?? 960;
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  if (!(Number.isInteger(maxRows) && maxRows >= 1)) {
    throw new RangeError(`maxRows debe ser un entero ≥ 1, no ${maxRows}`);
  }
  if (!(width >= 320)) {
    throw new RangeError(`El ancho debe ser ≥ 320 px, no ${width}`);
  }
  const notes: string[] = [];
  const byOrder = [...trace.events].sort((a, b) => a.order - b.order);
  let shown: ClockedEvent[];
  if (options.timeWindow) {
    const { fromMs, toMs } = options.timeWindow;
    shown = byOrder.filter((e) => e.atMs >= fromMs && e.atMs <= toMs);
  } else {
    const first = Math.max(0, options.firstRow ?? 0);
    shown = byOrder.slice(first, first + maxRows);
  }
  if (shown.length > maxRows) shown = shown.slice(0, maxRows);
  if (shown.length < byOrder.length) {
    const a = shown.length ? byOrder.indexOf(shown[0]) + 1 : 0;
    const b = shown.length ? byOrder.indexOf(shown[shown.length - 1]) + 1 : 0;
    notes.push(
      `ventana: eventos ${formatNumber(a)} a ${formatNumber(b)} de ${
        formatNumber(byOrder.length)
      } (las flechas cortadas siguen fuera de la ventana)`,
    );
  }
  if (trace.omitted > 0) {
    notes.push(
      `recortado: ${
        formatNumber(trace.omitted)
      } eventos omitidos (tope de la traza)`,
    );
  }
  const first = (options.processOrder ?? []).filter((p) =>
    trace.processes.includes(p)
  );
  let processes = [
    ...first,
    ...trace.processes.filter((p) => !first.includes(p)),
  ];
  if (processes.length > MAX_LANES) {
    notes.push(
      `solo se dibujan los primeros ${MAX_LANES} de ${
        formatNumber(processes.length)
      } procesos`,
    );
    processes = processes.slice(0, MAX_LANES);
  }
  const laneX = new Map<string, number>();
  const span = width - 2 * SIDE_PX;
  processes.forEach((p, i) =>
    laneX.set(
      p,
      processes.length === 1
        ? width / 2
        : SIDE_PX + (span * i) / (processes.length - 1),
    )
  );
  const row = new Map<number, number>();
  shown.forEach((e, i) => row.set(e.id, i));
  const yOf = (i: number) => TOP_PX + ROW_PX * (i + 0.5);
  const bottom = TOP_PX + ROW_PX * Math.max(1, shown.length);
  const mode = options.clocks ?? "name";
  const dots: DiagramLayout["dots"] = [];
  const deathY = new Map<string, number>();
  for (const e of shown) {
    const x = laneX.get(e.process);
    if (x === undefined) continue;
    const y = yOf(row.get(e.id)!);
    const died = e.mark === "died";
    if (died && !deathY.has(e.process)) deathY.set(e.process, y);
    dots.push({
      id: e.id,
      x,
      y,
      text: clockText(e, mode, processes),
      ...(e.kind === "local" ? { local: clipLabel(e.label, 18) } : {}),
      died,
    });
  }
  const lanes = processes.map((process) => ({
    process,
    x: laneX.get(process)!,
    y0: TOP_PX,
    y1: deathY.get(process) ?? bottom,
  }));
  const arrows: DiagramLayout["arrows"] = [];
  const crosses: DiagramLayout["crosses"] = [];
  const fit = (label: string, x1: number, x2: number) =>
    clipLabel(label, Math.max(4, Math.floor(Math.abs(x2 - x1) / CHAR_PX) - 1));
  const byId = new Map(trace.events.map((e) => [e.id, e]));
  for (const m of trace.messages) {
    const send = byId.get(m.send)!;
    const x1 = laneX.get(m.from);
    const x2 = laneX.get(m.to);
    if (x1 === undefined || x2 === undefined) continue;
    const sRow = row.get(send.id);
    const sendKind: ArrowKind = m.mark === "retransmission"
      ? "retransmission"
      : m.mark === "redelivery"
      ? "redelivery"
      : "message";
    if (m.receives.length === 0) {
      if (sRow === undefined) continue;
      const y1 = yOf(sRow);
      const lost = m.mark === "lost";
      const x2end = lost ? x1 + (x2 - x1) * 0.6 : x2;
      const y2 = y1 + ROW_PX * (lost ? 0.8 : 1);
      arrows.push({
        kind: lost ? "lost" : "unreceived",
        x1,
        y1,
        x2: x2end,
        y2,
        label: fit(send.label, x1, x2end),
        fromAbove: false,
        toBelow: false,
      });
      if (lost) crosses.push({ x: x2end, y: y2 });
      continue;
    }
    for (const r of m.receives) {
      const receive = byId.get(r)!;
      const rRow = row.get(r);
      if (sRow === undefined && rRow === undefined) {
        // Both ends outside: drawn only if the window lies between them.
        const first = shown[0]?.order ?? 0;
        const last = shown[shown.length - 1]?.order ?? -1;
        if (!(send.order < first && receive.order > last)) continue;
      }
      const kind: ArrowKind = receive.mark === "duplicate"
        ? "duplicate"
        : sendKind;
      const y1 = sRow === undefined ? TOP_PX : yOf(sRow);
      const y2 = rRow === undefined ? bottom : yOf(rRow);
      arrows.push({
        kind,
        x1,
        y1,
        x2,
        y2,
        label: fit(
          kind === "duplicate" ? `${send.label} (dup.)` : send.label,
          x1,
          x2,
        ),
        fromAbove: sRow === undefined,
        toBelow: rRow === undefined,
      });
    }
  }
  const used = new Set<ArrowKind | "died">([
    "message",
    ...arrows.map((a) => a.kind),
  ]);
  if (deathY.size > 0) used.add("died");
  const legend = (Object.keys(LEGEND) as (ArrowKind | "died")[])
    .filter((k) => used.has(k))
    .map((kind) => ({ kind, text: LEGEND[kind] }));
  const clockNote = {
    name: "junto a cada evento: su número en la línea de su proceso",
    lamport: "junto a cada evento: su reloj de Lamport",
    vector: `junto a cada evento: su reloj vectorial [${processes.join(", ")}]`,
    none: "",
  }[mode];
  if (clockNote) notes.push(clockNote);
  notes.push(
    "dos eventos son concurrentes si ningún camino de líneas (hacia abajo) y flechas lleva de uno al otro",
  );
  const legendRows = Math.ceil(legend.length / 3);
  const height = bottom + 20 + legendRows * 22 + notes.length * 18 + 16;
  return {
    width,
    height,
    title: options.title ?? "Diagrama espacio-tiempo",
    lanes,
    dots,
    arrows,
    crosses,
    legend,
    notes,
  };
}
