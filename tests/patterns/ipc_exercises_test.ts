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
import {
  bestMechanismExercise,
  type QueueReverseServer,
  reverseOverQueueExercise,
} from "../../lib/exercises/ch04_queues.ts";

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

const referenceQueueServer: QueueReverseServer = async (requests, replies) => {
  while (true) {
    const text = await requests.get(2000);
    if (text === null || text === "end") return;
    await replies.put([...text].reverse().join(""));
  }
};

// The notebook 04 starter: answers only the first request, never stops at "end".
const starterQueueServer: QueueReverseServer = async (requests, replies) => {
  const text = await requests.get(2000);
  if (text !== null) await replies.put(text);
};

const referenceEssay =
  "Para este servidor prefiero el socket Unix: es bidireccional, enmarca cada mensaje, atiende a varios clientes y en mi máquina la ida y vuelta midió 25 µs, cerca de la tubería, mientras la cola solo sirve dentro de un mismo programa.";

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

Deno.test("Exercise 2 (queues): the reference passes every check", async () => {
  const report = await checkExercise(
    reverseOverQueueExercise,
    referenceQueueServer,
    {
      display: false,
    },
  );
  assertEquals(report.passed, report.total, report.markdown);
});

Deno.test("Exercise 2 (queues): the starter fails", async () => {
  const report = await checkExercise(
    reverseOverQueueExercise,
    starterQueueServer,
    {
      display: false,
    },
  );
  assert(report.passed < report.total);
});

Deno.test("Exercise 3 (written answer): a reasoned answer passes, the empty starter fails", async () => {
  const good = await checkExercise(bestMechanismExercise, referenceEssay, {
    display: false,
  });
  assertEquals(good.passed, good.total, good.markdown);
  const starter = await checkExercise(bestMechanismExercise, "", {
    display: false,
  });
  assertEquals(starter.passed, 0);
});
