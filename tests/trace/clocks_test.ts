import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  clockTrace,
  concurrent,
  happenedBefore,
} from "../../lib/trace/clocks.ts";
import type { TraceEvent } from "../../lib/trace/events.ts";

const send = (
  p: string,
  to: string,
  atMs: number,
  label = "m",
): TraceEvent => ({
  process: p,
  kind: "send",
  channel: `${p}→${to}`,
  atMs,
  label,
});
const recv = (
  p: string,
  from: string,
  atMs: number,
  label = "m",
): TraceEvent => ({
  process: p,
  kind: "receive",
  channel: `${from}→${p}`,
  atMs,
  label,
});
const local = (p: string, atMs: number): TraceEvent => ({
  process: p,
  kind: "local",
  atMs,
  label: "x",
});

// The classic three-process figure: a sends to b, c works alone, b sends to c.
const known = clockTrace({
  omitted: 0,
  cap: 99,
  events: [
    send("a", "b", 1), // 0
    local("c", 2), // 1
    recv("b", "a", 3), // 2
    send("b", "c", 4), // 3
    local("a", 5), // 4
    recv("c", "b", 6), // 5
  ],
});

Deno.test("vector clocks of a known trace", () => {
  assertEquals(known.events.map((e) => e.vector), [
    { a: 1 },
    { c: 1 },
    { a: 1, b: 1 },
    { a: 1, b: 2 },
    { a: 2 },
    { a: 1, b: 2, c: 2 },
  ]);
  assertEquals(known.events.map((e) => e.lamport), [1, 1, 2, 3, 2, 4]);
});

Deno.test("happened-before and concurrency, exactly", () => {
  const e = known.events;
  const table: [number, number, "before" | "after" | "concurrent"][] = [
    [0, 2, "before"],
    [0, 5, "before"], // transitive through b
    [1, 5, "before"], // same process
    [4, 5, "concurrent"], // a's second event never reaches c
    [1, 0, "concurrent"],
    [4, 2, "concurrent"],
    [5, 3, "after"],
  ];
  for (const [i, j, want] of table) {
    const got = happenedBefore(e[i], e[j])
      ? "before"
      : happenedBefore(e[j], e[i])
      ? "after"
      : "concurrent";
    assertEquals(got, want, `${i} vs ${j}`);
    assertEquals(concurrent(e[i], e[j]), want === "concurrent");
  }
});

Deno.test("Lamport: a send before its receive, monotonic per process", () => {
  for (const r of known.events.filter((e) => e.kind === "receive")) {
    assert(known.events[r.sendId!].lamport < r.lamport);
    assert(known.events[r.sendId!].order < r.order);
  }
  for (const p of known.processes) {
    const mine = known.events.filter((e) => e.process === p).map((e) =>
      e.lamport
    );
    assertEquals(mine, [...mine].sort((x, y) => x - y));
  }
});

Deno.test("FIFO pairing skips lost sends; explicit ids pair duplicates", () => {
  const t = clockTrace({
    omitted: 0,
    cap: 9,
    events: [
      { ...send("a", "b", 1, "x"), mark: "lost" },
      send("a", "b", 2, "y"),
      recv("b", "a", 3, "y"),
      { ...send("a", "b", 4, "z"), msg: 7 },
      { ...recv("b", "a", 5, "z"), msg: 7 },
      { ...recv("b", "a", 6, "z"), msg: 7, mark: "duplicate" },
    ],
  });
  assertEquals(t.messages.map((m) => [m.label, m.receives.length]), [["x", 0], [
    "y",
    1,
  ], ["z", 2]]);
});

Deno.test("a receive recorded before its send (merged traces) still pairs", () => {
  const t = clockTrace({
    omitted: 0,
    cap: 9,
    events: [recv("b", "a", 2), send("a", "b", 1)],
  });
  assertEquals(t.events[0].sendId, 1);
  assertEquals(t.events[0].vector, { a: 1, b: 1 });
});

Deno.test("an impossible trace is a RangeError, not a hang", () => {
  // Each waits for a message the other sends only after its own receive.
  const events: TraceEvent[] = [
    { ...recv("a", "b", 1), msg: 2 },
    { ...send("a", "b", 2), msg: 1 },
    { ...recv("b", "a", 1), msg: 1 },
    { ...send("b", "a", 2), msg: 2 },
  ];
  assertThrows(
    () => clockTrace({ omitted: 0, cap: 9, events }),
    RangeError,
    "inconsistente",
  );
});
