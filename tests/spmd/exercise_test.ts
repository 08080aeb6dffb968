import { assertEquals } from "@std/assert";
import { checkExercise } from "../../lib/notebook/exercise.ts";
import type { Communicator } from "../../lib/spmd/communicator.ts";
import { spmdPartialSumExercise } from "../../lib/exercises/ch07_sockets_and_mpi.ts";

async function reference(comm: Communicator): Promise<number | null> {
  const mine = (comm.rank + 1) * 10;
  if (comm.rank !== 0) {
    await comm.send(mine, 0, 0);
    return null;
  }
  let total = mine;
  for (let i = 1; i < comm.size; i++) total += (await comm.recv<number>()).data;
  return total;
}

// The starter shipped in the notebook: only the local partial, no messages.
function starter(comm: Communicator): Promise<number | null> {
  return Promise.resolve((comm.rank + 1) * 10);
}

Deno.test("partial-sum exercise passes on a correct reference solution", async () => {
  const report = await checkExercise(spmdPartialSumExercise, reference, {
    display: false,
  });
  assertEquals(report.passed, report.total);
});

Deno.test("partial-sum exercise fails on the notebook's starter", async () => {
  const report = await checkExercise(spmdPartialSumExercise, starter, {
    display: false,
  });
  assertEquals(report.passed, 1); // only the 1-rank case, where no messages are needed
});
