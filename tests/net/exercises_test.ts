import { assertEquals } from "@std/assert";
import { checkExercise } from "../../lib/notebook/exercise.ts";
import {
  multiClientExercise,
  type ServeAll,
} from "../../lib/exercises/ch07_sockets_and_mpi.ts";
import { DuplexClosedError } from "../../lib/wire/errors.ts";

// The starter shipped in notebook 07 (kept identical to the cells).
const starterServeAll: ServeAll = async (listener, handle) => {
  while (true) {
    const connection = await listener.accept();
    await handle(connection);
  }
};

// Reference solutions.
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
