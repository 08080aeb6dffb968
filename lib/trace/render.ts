/**
 * Draws a diagram laid out by `layout.ts` onto the kit's canvas and shows
 * it as a PNG. Only strokes and text: crosses and arrowheads are lines, so
 * no emoji font is needed.
 *
 * @module
 */

import { createCanvas, type SKRSContext2D } from "@napi-rs/canvas";
import { presentChart } from "../notebook/chart_canvas.ts";
import { PALETTE } from "../notebook/chart_canvas.ts";
import { type ClockedTrace, clockTrace } from "./clocks.ts";
import type { Trace } from "./events.ts";
import {
  type ArrowKind,
  type DiagramLayout,
  type DiagramOptions,
  layoutDiagram,
} from "./layout.ts";

const STYLE: Record<ArrowKind, { color: string; dash: number[] }> = {
  message: { color: PALETTE[0], dash: [] },
  lost: { color: PALETTE[3], dash: [] },
  duplicate: { color: PALETTE[4], dash: [6, 4] },
  retransmission: { color: PALETTE[1], dash: [] },
  redelivery: { color: PALETTE[2], dash: [] },
  unreceived: { color: "#777777", dash: [3, 4] },
};
const FONT = "DejaVu Sans, sans-serif";

function cross(
  ctx: SKRSContext2D,
  x: number,
  y: number,
  r: number,
  color: string,
) {
  ctx.save();
  ctx.strokeStyle = color;
  ctx.lineWidth = 3;
  ctx.setLineDash([]);
  ctx.beginPath();
  ctx.moveTo(x - r, y - r);
  ctx.lineTo(x + r, y + r);
  ctx.moveTo(x + r, y - r);
  ctx.lineTo(x - r, y + r);
  ctx.stroke();
  ctx.restore();
}

function arrow(
  ctx: SKRSContext2D,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  kind: ArrowKind,
  head: boolean,
) {
  const { color, dash } = STYLE[kind];
  ctx.save();
  ctx.strokeStyle = color;
  ctx.lineWidth = 2;
  ctx.setLineDash(dash);
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x2, y2);
  ctx.stroke();
  if (head) {
    const angle = Math.atan2(y2 - y1, x2 - x1);
    ctx.setLineDash([]);
    ctx.beginPath();
    for (const side of [-1, 1]) {
      ctx.moveTo(x2, y2);
      ctx.lineTo(
        x2 - 10 * Math.cos(angle + side * 0.4),
        y2 - 10 * Math.sin(angle + side * 0.4),
      );
    }
    ctx.stroke();
  }
  ctx.restore();
}

function boxedText(
  ctx: SKRSContext2D,
  text: string,
  x: number,
  y: number,
  color: string,
) {
  const w = ctx.measureText(text).width;
  ctx.fillStyle = "rgba(255,255,255,0.85)";
  ctx.fillRect(x - w / 2 - 2, y - 8, w + 4, 15);
  ctx.fillStyle = color;
  ctx.fillText(text, x - w / 2, y + 4);
}

/**
 * Draws a layout as PNG bytes.
 *
 * @example
 * ```ts
 * import { drawDiagramPng } from "./render.ts";
 * import { layoutDiagram } from "./layout.ts";
 * import { clockTrace } from "./clocks.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const t = clockTrace({ omitted: 0, cap: 9, events: [
 *   { process: "a", kind: "send", channel: "a→b", atMs: 1, label: "hola", mark: "lost" },
 * ] });
 * const png = await drawDiagramPng(layoutDiagram(t));
 * assertEquals([...png.subarray(1, 4)], [80, 78, 71]);
 * ```
 */
export async function drawDiagramPng(
  layout: DiagramLayout,
): Promise<Uint8Array> {
  const canvas = createCanvas(layout.width, layout.height);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, layout.width, layout.height);
  ctx.fillStyle = "#222222";
  ctx.font = `bold 19px ${FONT}`;
  ctx.fillText(layout.title, 16, 28);
  ctx.font = `bold 13px ${FONT}`;
  for (const lane of layout.lanes) {
    const w = ctx.measureText(lane.process).width;
    ctx.fillStyle = "#222222";
    ctx.fillText(lane.process, lane.x - w / 2, lane.y0 - 14);
    ctx.strokeStyle = "#999999";
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(lane.x, lane.y0 - 6);
    ctx.lineTo(lane.x, lane.y1);
    ctx.stroke();
  }
  ctx.font = `12px ${FONT}`;
  for (const a of layout.arrows) {
    arrow(ctx, a.x1, a.y1, a.x2, a.y2, a.kind, a.kind !== "lost");
  }
  for (const c of layout.crosses) cross(ctx, c.x, c.y, 7, STYLE.lost.color);
  for (const a of layout.arrows) {
    boxedText(
      ctx,
      a.label,
      (a.x1 + a.x2) / 2,
      (a.y1 + a.y2) / 2,
      STYLE[a.kind].color,
    );
  }
  ctx.font = `11px ${FONT}`;
  for (const d of layout.dots) {
    if (d.died) cross(ctx, d.x, d.y, 9, "#000000");
    else {
      ctx.fillStyle = "#222222";
      ctx.beginPath();
      ctx.arc(d.x, d.y, 4, 0, 2 * Math.PI);
      ctx.fill();
    }
    ctx.fillStyle = "#444444";
    if (d.text) ctx.fillText(d.text, d.x + 7, d.y - 4);
    if (d.local) ctx.fillText(d.local, d.x + 12, d.y + 12);
  }
  let y = Math.max(...layout.lanes.map((l) => l.y1), 90) + 24;
  ctx.font = `12px ${FONT}`;
  layout.legend.forEach((item, i) => {
    const x = 16 + (i % 3) * 310;
    if (i > 0 && i % 3 === 0) y += 22;
    if (item.kind === "died") cross(ctx, x + 15, y - 4, 6, "#000000");
    else {
      arrow(ctx, x, y - 4, x + 34, y - 4, item.kind, item.kind !== "lost");
      if (item.kind === "lost") cross(ctx, x + 34, y - 4, 5, STYLE.lost.color);
    }
    ctx.fillStyle = "#222222";
    ctx.fillText(item.text, x + 44, y);
  });
  y += 24;
  ctx.fillStyle = "#444444";
  for (const note of layout.notes) {
    ctx.fillText(note, 16, y);
    y += 18;
  }
  return new Uint8Array(await canvas.encode("png"));
}

/**
 * Computes clocks, lays out, draws and shows a trace in the notebook
 * (outside the kernel prints a one-line note). Resolves to nothing, so a
 * cell ending with it shows no `Out[n]`.
 *
 * @example Outside the kernel it only prints a note
 * ```ts
 * import { showTrace } from "./render.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(await showTrace({ omitted: 0, cap: 1, events: [] }), undefined);
 * ```
 */
export async function showTrace(
  trace: Trace | ClockedTrace,
  options: DiagramOptions & { savePath?: string } = {},
): Promise<void> {
  const clocked = "processes" in trace ? trace : clockTrace(trace);
  const layout = layoutDiagram(clocked, options);
  await presentChart(
    await drawDiagramPng(layout),
    layout.title,
    options.savePath,
  );
}
