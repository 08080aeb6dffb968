import { assert, assertEquals, assertRejects } from "@std/assert";
import {
  chart,
  type ChartSpec,
  renderChartPng,
  renderTimelinePng,
} from "../../lib/notebook/mod.ts";

const base: ChartSpec = {
  kind: "bar",
  title: "Latencia",
  x: { label: "Mecanismo", unit: "" },
  y: { label: "Ida y vuelta", unit: "µs" },
  labels: ["tcp", "unix"],
  series: [{ label: "mediana", data: [40, 25], ranges: [[30, 50], [20, 30]] }],
};

const PNG_SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

Deno.test("renderChartPng draws every chart kind as a PNG of the requested size", async () => {
  const specs: ChartSpec[] = [
    base, // bars with whiskers
    { ...base, kind: "line" }, // line over categories
    {
      ...base,
      kind: "scatter",
      labels: undefined,
      series: [{ label: "p", data: [{ x: 1, y: 2 }] }],
    }, // points
    { ...base, horizontal: true, stacked: true }, // horizontal stacked bars
    { ...base, y: { label: "Latencia", unit: "µs", log: true } }, // logarithmic axis
  ];
  for (const spec of specs) {
    const png = await renderChartPng({ ...spec, width: 640, height: 360 });
    assertEquals([...png.subarray(0, 8)], PNG_SIGNATURE);
    const view = new DataView(png.buffer, png.byteOffset);
    assertEquals([view.getUint32(16), view.getUint32(20)], [640, 360]);
  }
});

Deno.test("renderChartPng paints an opaque white background", async () => {
  const png = await renderChartPng(base);
  // IHDR colour type 6 is RGBA; decode one corner pixel through the canvas to be sure
  const { loadImage, createCanvas } = await import("@napi-rs/canvas");
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(image, 0, 0);
  assertEquals([...ctx.getImageData(1, 1, 1, 1).data], [255, 255, 255, 255]);
});

Deno.test("renderChartPng rejects a chart without a title or axis label", async () => {
  await assertRejects(
    () => renderChartPng({ ...base, title: " " }),
    TypeError,
    "title",
  );
  await assertRejects(
    () => renderChartPng({ ...base, y: { label: "", unit: "µs" } }),
    TypeError,
    "axis y",
  );
});

Deno.test("renderChartPng rejects ranges that do not match the data", async () => {
  await assertRejects(
    () =>
      renderChartPng({
        ...base,
        series: [{ label: "m", data: [1, 2], ranges: [[0, 1]] }],
      }),
    RangeError,
  );
});

Deno.test("chart outside the kernel returns the PNG and writes it when asked", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/latencia.png`;
    const result = await chart({ ...base, savePath: path });
    assertEquals(result.displayed, false);
    assertEquals(result.savedTo, path);
    assertEquals(await Deno.readFile(path), result.png);
    assert(result.png.length > 5000);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("renderTimelinePng draws lanes, including empty ones, as a PNG", async () => {
  const png = await renderTimelinePng({
    title: "Pool",
    x: { label: "Tiempo", unit: "ms" },
    laneLabel: "Worker",
    lanes: ["w0", "w1", "w2"], // w2 never got a task
    segments: [
      { lane: "w0", start: 0, end: 10, label: "T1" },
      { lane: "w1", start: 2, end: 4, label: "T2", kind: "failed" },
      { lane: "w0", start: 11, end: 20, label: "T2", kind: "retry" },
    ],
    width: 640,
  });
  assertEquals([...png.subarray(0, 8)], PNG_SIGNATURE);
  const view = new DataView(png.buffer, png.byteOffset);
  assertEquals(view.getUint32(16), 640);
});

Deno.test("renderTimelinePng rejects a segment that ends before it starts", async () => {
  await assertRejects(
    () =>
      renderTimelinePng({
        title: "Pool",
        x: { label: "Tiempo", unit: "ms" },
        laneLabel: "Worker",
        segments: [{ lane: "w0", start: 5, end: 1, label: "T1" }],
      }),
    RangeError,
    "invalid interval",
  );
});

Deno.test("renderTimelinePng rejects a timeline without a title or lane label", async () => {
  const base = {
    title: "t",
    x: { label: "Tiempo", unit: "ms" },
    laneLabel: "Worker",
    segments: [],
  };
  await assertRejects(
    () => renderTimelinePng({ ...base, title: "" }),
    TypeError,
    "title",
  );
  await assertRejects(
    () => renderTimelinePng({ ...base, laneLabel: " " }),
    TypeError,
    "lane label",
  );
});
