/**
 * Feedback stays readable without a colour emoji font: every non-ASCII
 * character of the quiz and exercise feedback is drawn by DejaVu Sans (the
 * font a fresh Debian has) as a real glyph, not as the missing-glyph box.
 * Checked by drawing each character on the kit's canvas and comparing it
 * with the drawing of a code point no font has.
 */
import { assert, assertNotEquals } from "@std/assert";
import { createCanvas } from "@napi-rs/canvas";
import { defineExercise, runExercise } from "../../lib/notebook/exercise.ts";
import { judgeAnswer } from "../../lib/notebook/quiz_judge.ts";
import { hintText } from "../../lib/notebook/hints.ts";
import {
  progressRows,
  progressTable,
} from "../../lib/notebook/progress_table.ts";
import { emptyProgress } from "../../lib/notebook/progress_format.ts";
import { bankedQuestion } from "../../lib/notebook/quiz_bank.ts";

const FONT = "DejaVu Sans";

function draw(char: string): string {
  const canvas = createCanvas(64, 64);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, 64, 64);
  ctx.fillStyle = "#000";
  ctx.font = `40px "${FONT}"`;
  ctx.fillText(char, 8, 48);
  const data = ctx.getImageData(0, 0, 64, 64).data;
  // A fingerprint of the ink: which pixels are dark.
  let bits = "";
  for (let i = 0; i < data.length; i += 4) bits += data[i] < 128 ? "1" : "0";
  return bits;
}

async function fontHas(codePoint: number): Promise<boolean> {
  const out = await new Deno.Command("fc-list", {
    args: [`:charset=${codePoint.toString(16)}`, "family"],
    stdout: "piped",
    stderr: "null",
  }).output();
  return new TextDecoder().decode(out.stdout).trim().length > 0;
}

async function feedbackTexts(): Promise<string> {
  const exercise = defineExercise<(n: number) => number>({
    id: "glifos",
    title: "El doble",
    hints: ["Multiplica."],
    worked: "`n * 2`",
    checks: [
      { name: "doble de 2", run: (f) => f(2), expected: 4 },
      {
        name: "lanza",
        run: () => {
          throw new Error("x");
        },
      },
      { name: "a tiempo", run: () => new Promise(() => {}), timeoutMs: 20 },
      { name: "pasa", run: (f) => f(1), expected: 1 },
    ],
  });
  const report = await runExercise(exercise, (n) => n);
  const q1 = bankedQuestion("00", "q1");
  return [
    report.markdown,
    judgeAnswer(q1, "b").message,
    judgeAnswer(q1, "a").message,
    judgeAnswer(q1, "c", 2).message,
    await hintText(exercise),
    progressTable(progressRows(emptyProgress())),
  ].join("\n");
}

Deno.test("every non-ASCII mark in quiz and exercise feedback has a DejaVu Sans glyph", async () => {
  const tofu = draw(String.fromCodePoint(0x10fffd));
  // The check can fail: a glyph no installed font has draws like the box.
  if (!(await fontHas(0x1f9ea))) {
    assert(draw("🧪") === tofu, "a missing emoji should draw as the box");
  }
  const blank = draw(" ");
  const chars = [...new Set(await feedbackTexts())]
    .filter((c) => c.codePointAt(0)! > 0x7e && c.trim() !== "");
  assert(chars.includes("✔") && chars.includes("✘"), chars.join(""));
  for (const char of chars) {
    const drawn = draw(char);
    assertNotEquals(
      drawn,
      tofu,
      `U+${
        char.codePointAt(0)!.toString(16)
      } "${char}" draws as a missing glyph`,
    );
    assertNotEquals(drawn, blank, `"${char}" draws nothing`);
  }
});
