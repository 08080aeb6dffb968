import { assertEquals } from "@std/assert";
import { checkExercise } from "../../lib/notebook/exercise.ts";
import {
  receiverExercise,
  type ReceiverFactory,
} from "../../lib/exercises/ch06_network_communication.ts";
import {
  multiClientExercise,
  type ServeAll,
} from "../../lib/exercises/ch07_sockets_and_mpi.ts";
import { DuplexClosedError } from "../../lib/wire/errors.ts";

// The starters shipped in notebooks 06 and 07 (kept identical to the cells).
const starterReceiver: ReceiverFactory = () => ({
  accept: (packet) => ({ deliver: [packet.payload] }),
});
const starterServeAll: ServeAll = async (listener, handle) => {
  while (true) {
    const connection = await listener.accept();
    await handle(connection);
  }
};

// Reference solutions.
const referenceReceiver: ReceiverFactory = () => {
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
const referenceServeAll: ServeAll = async (listener, handle) => {
  while (true) {
    let connection;
    try {
      connection = await listener.accept();
    } catch (error) {
      if (error instanceof DuplexClosedError) return;
      throw error;
    }
    handle(connection).catch(() => {});
  }
};

Deno.test("receiver exercise passes a correct solution and fails the starter", async () => {
  const good = await checkExercise(receiverExercise, referenceReceiver, {
    display: false,
  });
  assertEquals(good.passed, good.total);
  const starter = await checkExercise(receiverExercise, starterReceiver, {
    display: false,
  });
  assertEquals(starter.outcomes.map((o) => o.status), [
    "passed",
    "failed",
    "failed",
    "failed",
    "failed",
  ]);
});

Deno.test("multi-client exercise passes a non-blocking loop and fails the sequential starter", async () => {
  const good = await checkExercise(multiClientExercise, referenceServeAll, {
    display: false,
  });
  assertEquals(good.outcomes.map((o) => o.status), [
    "passed",
    "passed",
    "passed",
  ]);
  const starter = await checkExercise(multiClientExercise, starterServeAll, {
    display: false,
  });
  assertEquals(starter.outcomes.map((o) => o.status), [
    "passed",
    "failed",
    "failed",
  ]);
});
