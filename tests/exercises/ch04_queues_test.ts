/**
 * Notebook 04's exercise 2 (reverse server over queues): the reference
 * passes every check; the notebook's starter and plausible wrong servers
 * each fail, and fail on the check that names their mistake.
 */

import { assertEquals, assertStringIncludes } from "@std/assert";
import { checkExercise } from "../../lib/notebook/exercise.ts";
import {
  type QueueReverseServer,
  reverseOverQueueExercise,
} from "../../lib/exercises/ch04_queues.ts";

const flip = (text: string) => [...text].reverse().join("");

const reference: QueueReverseServer = async (requests, replies) => {
  while (true) {
    const text = await requests.get(2000);
    if (text === null || text === "end") return;
    await replies.put(flip(text));
  }
};

// The cell's starter: answers the first request only, unreversed.
const starter: QueueReverseServer = async (requests, replies) => {
  const text = await requests.get(2000);
  if (text !== null) await replies.put(text);
};

/** Which checks (by index) a server fails. */
async function failedChecks(server: QueueReverseServer): Promise<number[]> {
  const report = await checkExercise(reverseOverQueueExercise, server, {
    display: false,
  });
  return report.outcomes.flatMap((o, i) => o.status === "passed" ? [] : [i]);
}

Deno.test("exercise 2: the reference passes every check", async () => {
  assertEquals(await failedChecks(reference), []);
});

Deno.test("exercise 2: every spec has hints and a worked answer", () => {
  assertEquals((reverseOverQueueExercise.hints ?? []).length >= 2, true);
  assertStringIncludes(reverseOverQueueExercise.worked ?? "", "reverse()");
});

Deno.test("exercise 2: the starter fails the reversal and the loop", async () => {
  const failed = await failedChecks(starter);
  assertEquals(failed.includes(0), true, "echoes instead of reversing");
  assertEquals(failed.includes(1), true, "answers one request only");
});

Deno.test("exercise 2: an echo server fails only on reversing", async () => {
  const echo: QueueReverseServer = async (requests, replies) => {
    while (true) {
      const text = await requests.get(2000);
      if (text === null || text === "end") return;
      await replies.put(text);
    }
  };
  // "" and "end"/close pass; every check with a non-empty word fails.
  assertEquals(await failedChecks(echo), [0, 1, 2, 3, 4, 5]);
});

Deno.test('exercise 2: split("") breaks emojis and fails the Unicode check only', async () => {
  const byUnits: QueueReverseServer = async (requests, replies) => {
    while (true) {
      const text = await requests.get(2000);
      if (text === null || text === "end") return;
      await replies.put(text.split("").reverse().join(""));
    }
  };
  assertEquals(await failedChecks(byUnits), [2]);
});

Deno.test('exercise 2: a loop that stops at "" fails the empty-text check', async () => {
  const truthy: QueueReverseServer = async (requests, replies) => {
    for (
      let text = await requests.get(2000);
      text && text !== "end";
      text = await requests.get(2000)
    ) {
      await replies.put(flip(text));
    }
  };
  assertEquals(await failedChecks(truthy), [3]);
});

Deno.test('exercise 2: replying to "end" before stopping fails the "end" check', async () => {
  const chatty: QueueReverseServer = async (requests, replies) => {
    while (true) {
      const text = await requests.get(2000);
      if (text === null) return;
      await replies.put(flip(text));
      if (text === "end") return;
    }
  };
  const report = await checkExercise(reverseOverQueueExercise, chatty, {
    display: false,
  });
  const end = report.outcomes[4];
  assertEquals(end.status, "failed");
  if (end.status === "failed") assertStringIncludes(end.got, "dne");
  assertEquals(report.passed, report.total - 1);
});

Deno.test('exercise 2: a server that ignores "end" fails the "end" check', async () => {
  const endless: QueueReverseServer = async (requests, replies) => {
    while (true) {
      const text = await requests.get(2000);
      if (text === null) return;
      if (text !== "end") await replies.put(flip(text));
    }
  };
  assertEquals(await failedChecks(endless), [4]);
});

Deno.test("exercise 2: a server without the null check fails when the queue closes, saying what it threw", async () => {
  const noNull: QueueReverseServer = async (requests, replies) => {
    while (true) {
      const text = await requests.get(2000);
      if (text === "end") return;
      await replies.put(flip(text as string));
    }
  };
  const report = await checkExercise(reverseOverQueueExercise, noNull, {
    display: false,
  });
  const closed = report.outcomes[5];
  assertEquals(closed.status, "failed");
  if (closed.status === "failed") assertStringIncludes(closed.got, "TypeError");
  assertEquals(report.passed, report.total - 1);
});
