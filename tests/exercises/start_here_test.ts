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
