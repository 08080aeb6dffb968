import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { clockTrace } from "../../lib/trace/clocks.ts";
import type { Trace, TraceEvent } from "../../lib/trace/events.ts";
import { layoutDiagram, MAX_LANES } from "../../lib/trace/layout.ts";
import { drawDiagramPng } from "../../lib/trace/render.ts";
import { SHIVIZ_REGEX, toShiViz, toTraceJson } from "../../lib/trace/export.ts";
import { traceStopAndWait, traceUnreliable } from "../../lib/trace/lossy.ts";
import { traceFromPoolReport } from "../../lib/trace/pool.ts";
import { happensBeforeQuiz } from "../../lib/trace/quiz.ts";
import { traceBcastReduce } from "../../lib/trace/scenarios.ts";

/** A ping-pong of `n` messages between a and b. */
function pingPong(n: number, omitted = 0): Trace {
  const events: TraceEvent[] = [];
  for (let i = 0; i < n; i++) {
    const [from, to] = i % 2 === 0 ? ["a", "b"] : ["b", "a"];
    events.push({
      process: from,
      kind: "send",
      channel: `${from}→${to}`,
      atMs: 2 * i,
      label: `m${i}`,
    });
    events.push({
      process: to,
      kind: "receive",
      channel: `${from}→${to}`,
      atMs: 2 * i + 1,
      label: `m${i}`,
    });
  }
  return { events, omitted, cap: events.length };
}

Deno.test("layout: counts and windowing, table-driven", () => {
  const table = [
    { n: 3, maxRows: 36, arrows: 3, cut: 0, window: false },
    { n: 30, maxRows: 36, arrows: 18, cut: 0, window: true }, // 60 events, 36 rows: 18 whole messages
    { n: 30, maxRows: 10, arrows: 5, cut: 0, window: true },
    { n: 30, maxRows: 9, arrows: 5, cut: 1, window: true },
  ];
  for (const row of table) {
    const layout = layoutDiagram(clockTrace(pingPong(row.n)), {
      maxRows: row.maxRows,
    });
    assertEquals(layout.arrows.length, row.arrows, JSON.stringify(row));
    assertEquals(
      layout.arrows.filter((a) => a.toBelow).length,
      row.cut,
      JSON.stringify(row),
    );
    assertEquals(
      layout.notes.some((n) => n.startsWith("ventana:")),
      row.window,
    );
    assertEquals(layout.dots.length, Math.min(2 * row.n, row.maxRows));
  }
});

Deno.test("layout: a later window draws arrows entering from above", () => {
  const layout = layoutDiagram(clockTrace(pingPong(10)), {
    firstRow: 3,
    maxRows: 4,
  });
  assertEquals(layout.arrows.filter((a) => a.fromAbove).length, 1);
  assertStringIncludes(layout.notes[0], "eventos 4 a 7 de 20");
});

Deno.test("layout: the cap's note, in the diagram and the exports", () => {
  const trace = pingPong(2, 1234);
  assert(
    layoutDiagram(clockTrace(trace)).notes.includes(
      "recortado: 1.234 eventos omitidos (tope de la traza)",
    ),
  );
  assertStringIncludes(
    toShiViz(trace).split("\n")[0],
    "[recortado: 1.234 eventos omitidos]",
  );
  assertEquals(
    JSON.parse(toTraceJson(trace)).note,
    "recortado: 1.234 eventos omitidos",
  );
});

Deno.test("layout: labels fit the arrow, lanes are capped", () => {
  const long: Trace = {
    omitted: 0,
    cap: 9,
    events: [
      {
        process: "a",
        kind: "send",
        channel: "a→b",
        atMs: 1,
        label: "x".repeat(400),
      },
      { process: "b", kind: "receive", channel: "a→b", atMs: 2, label: "x" },
    ],
  };
  const layout = layoutDiagram(clockTrace(long), { width: 400 });
  const arrow = layout.arrows[0];
  assert([...arrow.label].length * 7 <= arrow.x2 - arrow.x1);
  const many: Trace = {
    omitted: 0,
    cap: 99,
    events: Array.from(
      { length: 14 },
      (_, i) => ({
        process: `p${i}`,
        kind: "local" as const,
        atMs: i,
        label: "x",
      }),
    ),
  };
  const wide = layoutDiagram(clockTrace(many));
  assertEquals(wide.lanes.length, MAX_LANES);
  assert(wide.notes.some((n) => n.includes("primeros 10 de 14 procesos")));
});

Deno.test("lossy link: lost messages end in crosses, duplicates and retransmissions are marked", async () => {
  const udp = layoutDiagram(
    clockTrace(traceUnreliable(["a", "b", "c", "d", "e", "f", "g", "h"], {
      loss: 0.3,
      duplicate: 0.3,
      seed: 11,
    })),
  );
  const kinds = (l: typeof udp) => l.arrows.map((a) => a.kind);
  assertEquals(
    udp.crosses.length,
    kinds(udp).filter((k) => k === "lost").length,
  );
  const sw = traceStopAndWait(["uno", "dos", "tres", "cuatro"], {
    loss: 0.3,
    seed: 5,
  });
  assertEquals(sw.delivered, ["uno", "dos", "tres", "cuatro"]);
  const swLayout = layoutDiagram(clockTrace(sw.trace), { maxRows: 200 });
  assertEquals(
    kinds(swLayout).filter((k) => k === "retransmission" || k === "lost")
      .length >= sw.retransmissions,
    true,
  );
  assert(sw.retransmissions > 0, "seed 5 at 30 % loss retransmits");
  const png = await drawDiagramPng(swLayout);
  assertEquals([...png.subarray(1, 4)], [80, 78, 71]);
  assertEquals(new DataView(png.buffer, png.byteOffset).getUint32(16), 960);
});

Deno.test("pool report: death, redelivery and FIN drawn", () => {
  const t = clockTrace(traceFromPoolReport({
    results: [
      {
        id: 1,
        name: "T1",
        worker: "proceso-1",
        attempt: 1,
        startMs: 5,
        endMs: 30,
        output: "",
      },
      {
        id: 2,
        name: "T2",
        worker: "proceso-1",
        attempt: 2,
        startMs: 40,
        endMs: 60,
        output: "",
      },
    ],
    finishedWorkers: [{ worker: "proceso-1", handled: 2 }],
    deaths: [{
      worker: "proceso-0",
      redelivered: [2],
      diedAtMs: 20,
      inFlight: { name: "T2", sentAtMs: 7 },
      cause: "gone",
    }],
    restarts: 1,
    elapsedMs: 70,
  }));
  const layout = layoutDiagram(t);
  assertEquals(layout.arrows.map((a) => a.kind).sort(), [
    "message",
    "message",
    "message",
    "message",
    "message",
    "redelivery",
    "unreceived",
  ]);
  assertEquals(layout.dots.filter((d) => d.died).length, 1);
  assertEquals(layout.legend.map((l) => l.kind), [
    "message",
    "redelivery",
    "unreceived",
    "died",
  ]);
});

Deno.test("ShiViz export parses with the documented regex; clocks include the host", async () => {
  const { trace } = await traceBcastReduce(3);
  const log = toShiViz(trace);
  const matches = [...log.matchAll(new RegExp(SHIVIZ_REGEX, "g"))];
  assertEquals(matches.length, trace.events.length);
  for (const m of matches) {
    const clock = JSON.parse(m.groups!.clock);
    assert(clock[m.groups!.host] >= 1, m[0]);
  }
  assertEquals(log.split("\n").length, 2 * trace.events.length + 1);
});

Deno.test("quiz: seeded, one right answer matching the clocks", () => {
  const t = clockTrace(pingPong(6));
  const a = happensBeforeQuiz(t, { id: "q", seed: 3 });
  const b = happensBeforeQuiz(t, { id: "q", seed: 3 });
  assertEquals(a, b);
  // A strict ping-pong has no concurrent pair: the right answer is never "∥".
  for (let seed = 1; seed <= 20; seed++) {
    const spec = happensBeforeQuiz(t, { id: "q", seed, prefer: "concurrent" });
    assert(!spec.options.find((o) => o.correct)!.text.includes("∥"));
  }
  const parallel: Trace = {
    omitted: 0,
    cap: 9,
    events: [
      { process: "a", kind: "local", atMs: 1, label: "x" },
      { process: "b", kind: "local", atMs: 2, label: "y" },
    ],
  };
  const spec = happensBeforeQuiz(clockTrace(parallel), {
    id: "q",
    seed: 1,
    prefer: "concurrent",
  });
  assert(spec.options.find((o) => o.correct)!.text.includes("∥"));
});
