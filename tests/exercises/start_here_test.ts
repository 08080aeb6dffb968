import { assertEquals } from "@std/assert";
import { checkExercise } from "../../lib/notebook/exercise.ts";
import { encodeFrame } from "../../lib/wire/frame.ts";
import { frameTextExercise } from "../../lib/exercises/ch00_start_here.ts";

Deno.test("frameTextExercise passes a correct hand-written framer", async () => {
  const reference = (text: string) => {
    const body = new TextEncoder().encode(text);
    const out = new Uint8Array(4 + body.length);
    new DataView(out.buffer).setUint32(0, body.length); // big-endian by default
    out.set(body, 4);
    return out;
  };
  const report = await checkExercise(frameTextExercise, reference, {
    display: false,
  });
  assertEquals(report.passed, report.total);
  // and the kit's own framer agrees
  const kit = await checkExercise(
    frameTextExercise,
    (t) => encodeFrame(new TextEncoder().encode(t)),
    {
      display: false,
    },
  );
  assertEquals(kit.passed, kit.total);
});

Deno.test("frameTextExercise fails the notebook's starter and the usual mistakes", async () => {
  const cases: [string, (text: string) => Uint8Array][] = [
    // the starter shipped in notebook 00: body only, no prefix
    ["starter", (text) => new TextEncoder().encode(text)],
    // counting characters instead of UTF-8 bytes
    ["characters", (text) => {
      const body = new TextEncoder().encode(text);
      const out = new Uint8Array(4 + body.length);
      new DataView(out.buffer).setUint32(0, text.length);
      out.set(body, 4);
      return out;
    }],
    // little-endian prefix
    ["little-endian", (text) => {
      const body = new TextEncoder().encode(text);
      const out = new Uint8Array(4 + body.length);
      new DataView(out.buffer).setUint32(0, body.length, true);
      out.set(body, 4);
      return out;
    }],
    // the length counts the prefix too
    ["length includes prefix", (text) => {
      const body = new TextEncoder().encode(text);
      const out = new Uint8Array(4 + body.length);
      new DataView(out.buffer).setUint32(0, out.length);
      out.set(body, 4);
      return out;
    }],
    // only the last byte of the prefix is written: fine below 256 bytes
    ["one-byte length", (text) => {
      const body = new TextEncoder().encode(text);
      const out = new Uint8Array(4 + body.length);
      out[3] = body.length;
      out.set(body, 4);
      return out;
    }],
    // a plain array, not a Uint8Array
    ["plain array", (text) =>
      [
        ...encodeFrame(new TextEncoder().encode(text)),
      ] as unknown as Uint8Array],
  ];
  for (const [name, solution] of cases) {
    const report = await checkExercise(frameTextExercise, solution, {
      display: false,
    });
    assertEquals(
      report.passed < report.total,
      true,
      `${name} should fail some check`,
    );
  }
});

Deno.test("frameTextExercise carries hints and a worked answer with the framing code", () => {
  assertEquals((frameTextExercise.hints?.length ?? 0) >= 2, true);
  const code = /```ts\n([\s\S]*?)```/.exec(frameTextExercise.worked ?? "");
  assertEquals(code !== null, true, "the worked answer shows its code");
  // The worked code is the same framer the first test proves correct; check
  // its key lines are there rather than evaluating text.
  for (const line of ["setUint32(0, body.length)", "out.set(body, 4)"]) {
    assertEquals(code![1].includes(line), true, line);
  }
});
