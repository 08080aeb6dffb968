import { assertEquals, assertRejects } from "@std/assert";
import { Mailbox } from "../../lib/spmd/mailbox.ts";
import { SpmdClosedError, SpmdTimeoutError } from "../../lib/spmd/errors.ts";
import {
  decodeFloat64s,
  decodeValue,
  encodeFloat64s,
  encodeValue,
  reduceValues,
} from "../../lib/spmd/codec.ts";

Deno.test("Mailbox keeps each sender's messages in order under wildcards", async () => {
  const box = new Mailbox<number>();
  for (let i = 0; i < 5; i++) {
    box.deliver({ source: 1, tag: 0, data: i });
    box.deliver({ source: 2, tag: 0, data: 100 + i });
  }
  const fromOne: number[] = [];
  const fromTwo: number[] = [];
  for (let i = 0; i < 10; i++) {
    const m = await box.take(-1, -1, 100);
    (m.source === 1 ? fromOne : fromTwo).push(m.data);
  }
  assertEquals(fromOne, [0, 1, 2, 3, 4]);
  assertEquals(fromTwo, [100, 101, 102, 103, 104]);
  box.close();
});

Deno.test("Mailbox selective receive skips non-matching messages without losing them", async () => {
  const box = new Mailbox<string>();
  box.deliver({ source: 0, tag: 1, data: "a" });
  box.deliver({ source: 0, tag: 2, data: "b" });
  box.deliver({ source: 3, tag: 1, data: "c" });
  // Rows: (source, tag) asked → data expected.
  const cases: [number, number, string][] = [
    [0, 2, "b"], // specific tag skips the earlier tag-1 message
    [3, -1, "c"], // specific source, any tag
    [-1, -1, "a"], // the skipped message is still there
  ];
  for (const [source, tag, data] of cases) {
    assertEquals((await box.take(source, tag, 100)).data, data);
  }
  assertEquals(box.pendingMessages, 0);
  box.close();
});

Deno.test("Mailbox gives an arriving message to the earliest posted matching receive", async () => {
  const box = new Mailbox<string>();
  const anyFirst = box.take(-1, -1, 1000);
  const specific = box.take(0, 7, 1000);
  box.deliver({ source: 0, tag: 7, data: "x" });
  box.deliver({ source: 0, tag: 7, data: "y" });
  assertEquals((await anyFirst).data, "x");
  assertEquals((await specific).data, "y");
  box.close();
});

Deno.test("Mailbox receive times out and close fails pending receives", async () => {
  const box = new Mailbox<string>();
  await assertRejects(() => box.take(0, 0, 20), SpmdTimeoutError);
  assertEquals(box.pendingReceives, 0);
  const pending = box.take(0, 0, 10_000);
  box.close();
  await assertRejects(() => pending, SpmdClosedError);
  await assertRejects(() => box.take(0, 0, 10), SpmdClosedError);
});

Deno.test("codec round-trips JSON values and little-endian float64", () => {
  assertEquals(decodeValue(encodeValue({ a: "ñ", b: [1, null] })), {
    a: "ñ",
    b: [1, null],
  });
  const bytes = encodeFloat64s([1]);
  assertEquals([...bytes], [0, 0, 0, 0, 0, 0, 0xf0, 0x3f]); // 1.0 little-endian
  assertEquals(decodeFloat64s(encodeFloat64s([Math.PI, -0.5])), [
    Math.PI,
    -0.5,
  ]);
});

Deno.test("reduceValues applies every operator element-wise against a direct fold", () => {
  const operands = [[3, -1], [5, 2], [-2, 4]];
  // Rows: operator → expected element-wise result.
  const cases: [("sum" | "min" | "max" | "prod"), number[]][] = [
    ["sum", [6, 5]],
    ["min", [-2, -1]],
    ["max", [5, 4]],
    ["prod", [-30, -8]],
  ];
  for (const [op, expected] of cases) {
    assertEquals(reduceValues(operands, op), expected);
  }
});
