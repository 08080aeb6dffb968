import { assertEquals, assertRejects } from "@std/assert";
import {
  renderTimelinePng,
  type TimelineSpec,
} from "../../lib/notebook/timeline_chart.ts";
import {
  renderTimelinesPng,
  sharedTimeScale,
  timelinesChart,
} from "../../lib/notebook/timeline_compare.ts";

const run = (title: string, end: number, lanes = 2): TimelineSpec => ({
  title,
  x: { label: "Tiempo desde el inicio", unit: "ms" },
  laneLabel: "Worker",
  lanes: Array.from({ length: lanes }, (_, i) => `hilo-${i}`),
  segments: [
    { lane: "hilo-0", start: 0, end, label: "T1" },
    // short bars side by side: their names must not run together ("T7T9")
    { lane: "hilo-1", start: 1, end: 2, label: "T7" },
    { lane: "hilo-1", start: 2, end: 3, label: "T9" },
    {
      lane: "hilo-1",
      start: 3,
      end: 9,
      label: "T3 (2º intento)",
      kind: "retry",
    },
  ],
});

function size(png: Uint8Array): [number, number] {
  const view = new DataView(png.buffer, png.byteOffset);
  return [view.getUint32(16), view.getUint32(20)];
}

Deno.test("sharedTimeScale puts every timeline on the longest one's axis", () => {
  const table: [TimelineSpec[], [number, number][]][] = [
    [[run("a", 40), run("b", 90)], [[0, 90], [0, 90]]],
    [[run("solo", 12)], [[0, 12]]],
    // bounds the caller set are kept
    [[
      { ...run("a", 40), x: { label: "t", unit: "ms", max: 500 } },
      run("b", 90),
    ], [
      [0, 500],
      [0, 90],
    ]],
  ];
  for (const [specs, bounds] of table) {
    assertEquals(
      sharedTimeScale(specs).map((s) => [s.x.min!, s.x.max!]),
      bounds,
    );
  }
});

Deno.test("renderTimelinesPng stacks the timelines into one PNG of their summed height", async () => {
  const specs = [run("Hilos", 30), run("Procesos", 90, 3)];
  const heights = [];
  for (const spec of sharedTimeScale(specs)) {
    heights.push(size(await renderTimelinePng({ ...spec, width: 640 }))[1]);
  }
  const png = await renderTimelinesPng(
    specs.map((s) => ({ ...s, width: 640 })),
  );
  assertEquals(size(png), [640, heights[0] + heights[1]]);
  await assertRejects(() => renderTimelinesPng([]), TypeError, "al menos una");
});

Deno.test("timelinesChart outside the kernel writes the PNG it renders when asked", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/t.png`;
    const specs = [run("a", 5), run("b", 9)];
    await timelinesChart(specs, path);
    assertEquals(await Deno.readFile(path), await renderTimelinesPng(specs));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
