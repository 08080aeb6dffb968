/**
 * The IPC chapter's exercises: the checks pass on correct reference solutions
 * and fail on the starters the notebooks ship (same code as in the cells).
 */

import { assert, assertEquals } from "@std/assert";
import { checkExercise } from "../../lib/notebook/exercise.ts";
import {
  type ReverseConnectionHandler,
  reverseOverUnixExercise,
} from "../../lib/exercises/ch03_pipes.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const referenceHandler: ReverseConnectionHandler = async (connection) => {
  while (true) {
    const message = await connection.receive();
    if (message === null) return;
    const text = decoder.decode(message);
    if (text === "end") return;
    await connection.send(encoder.encode([...text].reverse().join("")));
  }
};

// The notebook 03 starter: echoes instead of reversing and ignores "end".
const starterHandler: ReverseConnectionHandler = async (connection) => {
  while (true) {
    const message = await connection.receive();
    if (message === null) return;
    const text = decoder.decode(message);
    await connection.send(encoder.encode(text)); // TODO: invertir y detenerse con "end"
  }
};

Deno.test("Exercise 1 (Unix socket): the reference passes every check", async () => {
  const report = await checkExercise(
    reverseOverUnixExercise,
    referenceHandler,
    {
      display: false,
    },
  );
  assertEquals(report.passed, report.total, report.markdown);
});

Deno.test("Exercise 1 (Unix socket): the starter fails", async () => {
  const report = await checkExercise(reverseOverUnixExercise, starterHandler, {
    display: false,
  });
  assert(report.passed < report.total);
});
