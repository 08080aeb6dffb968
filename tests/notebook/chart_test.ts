import { assert, assertEquals, assertRejects } from "@std/assert";
import {
  chart,
  type ChartSpec,
  renderChartPng,
  renderTimelinePng,
} from "../../lib/notebook/mod.ts";
import { chartConfig } from "../../lib/notebook/chart.ts";
import { MECHANISM_COLORS } from "../../lib/bench/mechanism_labels.ts";

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
    "título",
  );
  await assertRejects(
    () => renderChartPng({ ...base, y: { label: "", unit: "µs" } }),
    TypeError,
    "eje y",
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

Deno.test("chart outside the kernel writes the PNG it renders when asked", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/latencia.png`;
    await chart({ ...base, savePath: path });
    const written = await Deno.readFile(path);
    assertEquals(written, await renderChartPng(base));
    assert(written.length > 5000);
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
    "intervalo inválido",
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
    "título",
  );
  await assertRejects(
    () => renderTimelinePng({ ...base, laneLabel: " " }),
    TypeError,
    "laneLabel",
  );
});

type Scale = {
  type?: string;
  title?: { text?: string };
  ticks?: {
    callback?: (
      v: number | string,
      i: number,
      t: { value: number }[],
    ) => string;
  };
};
const scalesOf = (spec: ChartSpec) =>
  chartConfig(spec).options?.scales as unknown as Record<"x" | "y", Scale>;

Deno.test("numeric categories: a line spaces them as numbers, bars say 'no a escala'", () => {
  const speedUp: ChartSpec = {
    kind: "line",
    title: "Aceleración",
    x: { label: "workers", unit: "" },
    y: { label: "aceleración", unit: "×" },
    labels: [1, 2, 4, 8],
    series: [{ label: "medida", data: [1, 1.8, 2, 2] }],
  };
  const table: [ChartSpec, string, boolean][] = [
    [speedUp, "linear", false],
    [{ ...speedUp, labels: ["1", "2", "4", "8"] }, "linear", false],
    [{ ...speedUp, x: { ...speedUp.x, scale: "category" } }, "category", true],
    [{ ...speedUp, kind: "bar" }, "category", true],
    [
      { ...speedUp, kind: "bar", x: { ...speedUp.x, scale: "numeric" } },
      "linear",
      false,
    ],
    [base, "category", false], // named categories are just categories
  ];
  for (const [spec, type, noted] of table) {
    const x = scalesOf(spec).x;
    assertEquals(x.type, type, `${spec.kind} ${spec.x.scale}`);
    assertEquals(x.title?.text?.includes("no a escala"), noted);
  }
  // a line over numeric categories becomes points at those numbers
  const data = chartConfig(speedUp).data.datasets[0].data;
  assertEquals(data, [{ x: 1, y: 1 }, { x: 2, y: 1.8 }, { x: 4, y: 2 }, {
    x: 8,
    y: 2,
  }]);
});

Deno.test("tick labels read es-CL on linear, log and numeric category axes", () => {
  const y = scalesOf({ ...base, labels: [64, 65536] }).y;
  const ticks = [0, 500, 1000, 1500].map((value) => ({ value }));
  assertEquals(
    ticks.map((t, i) => y.ticks!.callback!(t.value, i, ticks)),
    ["0", "500", "1.000", "1.500"],
  );
  const x = scalesOf({ ...base, labels: [64, 65536] }).x;
  assertEquals(x.ticks!.callback!(1, 1, []), "65.536");
  const log = scalesOf({ ...base, y: { ...base.y, log: true } }).y;
  const logTicks = [1, 2, 3, 5, 10, 20].map((value) => ({ value }));
  assertEquals(
    logTicks.map((t, i) => log.ticks!.callback!(t.value, i, logTicks)),
    ["1", "2", "", "5", "10", "20"],
  );
});

Deno.test("a mechanism keeps its colour; backticks never reach the canvas", () => {
  const config = chartConfig({
    ...base,
    title: "Latencia de `send()`",
    labels: ["64"],
    series: [{ label: "`ideal`", data: [1] }, { mechanism: "unix", data: [2] }],
  });
  const [ideal, unix] = config.data.datasets;
  assertEquals(unix.label, "socket Unix");
  assertEquals(unix.borderColor, MECHANISM_COLORS.unix);
  assertEquals(ideal.label, "ideal");
  const title = (config.options?.plugins?.title as { text: string }).text;
  assertEquals(title, "Latencia de send()");
  // one series over mechanism categories: each bar in its mechanism's colour
  const bars = chartConfig({ ...base, labels: ["tcp", "socket Unix"] });
  assertEquals(bars.data.datasets[0].borderColor, [
    MECHANISM_COLORS.tcp,
    MECHANISM_COLORS.unix,
  ]);
});

Deno.test("value labels change the drawing; a nameless series is refused", async () => {
  const tiny: ChartSpec = {
    ...base,
    series: [{ label: "a", data: [1000, 0.5] }],
    width: 480,
    height: 320,
  };
  const off = await renderChartPng({ ...tiny, valueLabels: false });
  const auto = await renderChartPng(tiny); // the 0,5 bar is too short to see: labelled
  const all = await renderChartPng({ ...tiny, valueLabels: true });
  assert(!equalBytes(off, auto), "auto mode labels the invisible bar");
  assert(!equalBytes(auto, all), "true labels every bar");
  await assertRejects(
    () => renderChartPng({ ...base, series: [{ data: [1, 2] }] }),
    TypeError,
    "nombre",
  );
});

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
