/**
 * Notebook 03's exercise (reverse server over a Unix socket): the reference
 * passes every check, and each plausible wrong handler fails the check that
 * names its mistake, with a Spanish verdict that says what went wrong.
 */

import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { delay } from "@std/async/delay";
import { checkExercise } from "../../lib/notebook/exercise.ts";
import {
  type ReverseConnectionHandler,
  reverseOverUnixExercise,
} from "../../lib/exercises/ch03_pipes.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A handler that maps each text with `transform`, stopping as `stop` says. */
function handler(
  transform: (text: string, bytes: Uint8Array) => Uint8Array | null,
  onNull: () => Promise<void> = () => Promise.resolve(),
): ReverseConnectionHandler {
  return async (connection) => {
    while (true) {
      const message = await connection.receive();
      if (message === null) return await onNull();
      const reply = transform(decoder.decode(message), message);
      if (reply === null) return;
      await connection.send(reply);
    }
  };
}

const byChars = (t: string) => [...t].reverse().join("");

const reference = handler((text) =>
  text === "end" ? null : encoder.encode(byChars(text))
);

const wrong: [string, ReverseConnectionHandler, number, string][] = [
  [
    "the starter (echo, ignores end)",
    handler((_text, bytes) => bytes),
    0,
    "sin invertir",
  ],
  [
    "the class's s[::-1] on bytes",
    handler((text, bytes) => text === "end" ? null : bytes.slice().reverse()),
    1,
    "caracteres rotos",
  ],
  [
    "reversing UTF-16 code units (split(''))",
    handler((text) =>
      text === "end" ? null : encoder.encode(text.split("").reverse().join(""))
    ),
    1,
    "caracteres rotos",
  ],
  [
    'answering "end" before stopping',
    async (connection) => {
      while (true) {
        const message = await connection.receive();
        if (message === null) return;
        const text = decoder.decode(message);
        await connection.send(encoder.encode(byChars(text)));
        if (text === "end") return;
      }
    },
    3,
    "respondió o siguió esperando",
  ],
  [
    'reversing "end" too (never stops)',
    handler((text) => encoder.encode(byChars(text))),
    3,
    "respondió o siguió esperando",
  ],
  [
    "lingering a second after the client left",
    handler(
      (text) => text === "end" ? null : encoder.encode(byChars(text)),
      () => delay(1000),
    ),
    4,
    "no terminó",
  ],
];

Deno.test("Unix reverse exercise: the reference passes every check", async () => {
  const report = await checkExercise(reverseOverUnixExercise, reference, {
    display: false,
  });
  assertEquals(report.passed, report.total, report.markdown);
});

for (const [name, solution, failing, reason] of wrong) {
  Deno.test(`Unix reverse exercise: ${name} fails for the right reason`, async () => {
    const report = await checkExercise(reverseOverUnixExercise, solution, {
      display: false,
    });
    const outcome = report.outcomes[failing];
    if (outcome.status !== "failed") {
      throw new Error(
        `${name} should fail check ${failing}: ${report.markdown}`,
      );
    }
    assertStringIncludes(outcome.got, reason);
    // A handler that lingers keeps a timer: let it finish inside the test.
    await delay(1100);
  });
}

Deno.test("Unix reverse exercise: every spec has progressive hints and a worked answer", () => {
  assert((reverseOverUnixExercise.hints?.length ?? 0) >= 2);
  assertStringIncludes(reverseOverUnixExercise.worked ?? "", "```ts");
});
