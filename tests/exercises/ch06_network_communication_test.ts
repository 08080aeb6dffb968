/**
 * Notebook 06's exercise (the reliable receiver): the reference passes every
 * check; the notebook's starter and plausible wrong receivers each fail, on
 * the checks that name their mistake, with Spanish messages.
 */

import { assertEquals, assertStringIncludes } from "@std/assert";
import { checkExercise } from "../../lib/notebook/exercise.ts";
import {
  receiverExercise,
  type ReceiverFactory,
} from "../../lib/exercises/ch06_network_communication.ts";

const reference: ReceiverFactory = () => {
  let expected = 0;
  const early = new Map<number, string>();
  return {
    accept({ seq, payload }) {
      if (seq >= expected) early.set(seq, payload);
      const deliver: string[] = [];
      while (early.has(expected)) {
        deliver.push(early.get(expected)!);
        early.delete(expected++);
      }
      return { deliver };
    },
  };
};

// The notebook's starter: delivers whatever arrives (what UDP gives you).
const starter: ReceiverFactory = () => ({
  accept: (packet) => ({ deliver: [packet.payload] }),
});

// Drops duplicates but delivers early packets at once: no ordering.
const dedupOnly: ReceiverFactory = () => {
  const seen = new Set<number>();
  return {
    accept({ seq, payload }) {
      if (seen.has(seq)) return { deliver: [] };
      seen.add(seq);
      return { deliver: [payload] };
    },
  };
};

// Delivers only the expected seq and throws early packets away.
const dropsEarly: ReceiverFactory = () => {
  let expected = 0;
  return {
    accept({ seq, payload }) {
      if (seq !== expected) return { deliver: [] };
      expected++;
      return { deliver: [payload] };
    },
  };
};

// Buffers early packets, but delivers anything older than expected again.
const redeliversOld: ReceiverFactory = () => {
  let expected = 0;
  const early = new Map<number, string>();
  return {
    accept({ seq, payload }) {
      if (seq < expected) return { deliver: [payload] };
      early.set(seq, payload);
      const deliver: string[] = [];
      while (early.has(expected)) {
        deliver.push(early.get(expected)!);
        early.delete(expected++);
      }
      return { deliver };
    },
  };
};

// Buffers early packets in a list and hands out every copy of the next seq.
const listBuffer: ReceiverFactory = () => {
  let expected = 0;
  let early: { seq: number; payload: string }[] = [];
  return {
    accept(packet) {
      if (packet.seq < expected) return { deliver: [] };
      early.push(packet);
      const deliver: string[] = [];
      while (early.some((p) => p.seq === expected)) {
        for (const p of early) if (p.seq === expected) deliver.push(p.payload);
        early = early.filter((p) => p.seq !== expected);
        expected++;
      }
      return { deliver };
    },
  };
};

// Keeps early packets but never goes back to them once the gap fills.
const noDrain: ReceiverFactory = () => {
  let expected = 0;
  const early = new Map<number, string>();
  return {
    accept({ seq, payload }) {
      if (seq > expected) early.set(seq, payload);
      if (seq !== expected) return { deliver: [] };
      expected++;
      return { deliver: [payload] };
    },
  };
};

// Correct logic, but its memory lives outside makeReceiver: shared by all.
let sharedExpected = 0;
const sharedEarly = new Map<number, string>();
const sharedState: ReceiverFactory = () => ({
  accept({ seq, payload }) {
    if (seq >= sharedExpected) sharedEarly.set(seq, payload);
    const deliver: string[] = [];
    while (sharedEarly.has(sharedExpected)) {
      deliver.push(sharedEarly.get(sharedExpected)!);
      sharedEarly.delete(sharedExpected++);
    }
    return { deliver };
  },
});

// Returns the list itself instead of { deliver: [...] }.
const bareList: ReceiverFactory = () => ({
  accept: (packet) => [packet.payload] as never,
});

async function failed(solution: ReceiverFactory) {
  const report = await checkExercise(receiverExercise, solution, {
    display: false,
  });
  return report.outcomes.flatMap((o, i) => o.status === "passed" ? [] : [i]);
}

Deno.test("receiver: the reference passes every check", async () => {
  assertEquals(await failed(reference), []);
});

Deno.test("receiver: the starter fails every check but the in-order one and the separate-memory one", async () => {
  assertEquals(await failed(starter), [1, 2, 3, 4, 6]);
});

Deno.test("receiver: dropping duplicates without ordering fails the early-packet checks", async () => {
  assertEquals(await failed(dedupOnly), [2, 4, 6]);
});

Deno.test("receiver: throwing early packets away fails where they should wait", async () => {
  assertEquals(await failed(dropsEarly), [2, 4, 6]);
});

Deno.test("receiver: keeping early packets without draining them fails the same checks", async () => {
  assertEquals(await failed(noDrain), [2, 4, 6]);
});

Deno.test("receiver: delivering old packets again fails the old-duplicate check", async () => {
  assertEquals(await failed(redeliversOld), [1, 3, 6]);
});

Deno.test("receiver: a list as buffer delivers a repeated early packet twice", async () => {
  assertEquals(await failed(listBuffer), [4, 6]);
});

Deno.test("receiver: memory shared between receivers fails the separate-memory check", async () => {
  sharedExpected = 0;
  sharedEarly.clear();
  const report = await checkExercise(receiverExercise, sharedState, {
    display: false,
  });
  assertEquals(report.outcomes[0].status, "passed");
  assertEquals(report.outcomes[5].status, "failed");
});

Deno.test("receiver: a malformed answer is reported in Spanish, naming the call", async () => {
  const report = await checkExercise(receiverExercise, bareList, {
    display: false,
  });
  const first = report.outcomes[0];
  assertEquals(first.status, "threw");
  if (first.status === "threw") {
    assertStringIncludes(first.error, 'accept({ seq: 0, payload: "m0" })');
    assertStringIncludes(
      first.error,
      "se esperaba un objeto { deliver: [...] }",
    );
  }
});
