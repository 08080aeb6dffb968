/**
 * Notebook 07's exercises: each keeps its reference solution passing and
 * rejects plausible wrong solutions, each for the reason it is wrong.
 */
import { assertEquals, assertStringIncludes } from "@std/assert";
import {
  checkExercise,
  type CheckOutcome,
  type ExerciseReport,
} from "../../lib/notebook/exercise.ts";
import {
  multiClientExercise,
  type PartialSumProgram,
  type ServeAll,
  spmdPartialSumExercise,
} from "../../lib/exercises/ch07_sockets_and_mpi.ts";
import { DuplexClosedError } from "../../lib/wire/errors.ts";

const statuses = (r: ExerciseReport) => r.outcomes.map((o) => o.status);
const got = (o: CheckOutcome) =>
  o.status === "failed" ? o.got : o.status === "threw" ? o.error : o.status;

async function acceptOrEnd(listener: Parameters<ServeAll>[0]) {
  try {
    return await listener.accept();
  } catch (error) {
    if (error instanceof DuplexClosedError) return null;
    throw error;
  }
}

const serveAllCases: Record<string, ServeAll> = {
  reference: async (listener, handle) => {
    while (true) {
      const connection = await acceptOrEnd(listener);
      if (connection === null) return;
      handle(connection).catch(() => {});
    }
  },
  sequential: async (listener, handle) => {
    while (true) await handle(await listener.accept());
  },
  noCatch: async (listener, handle) => {
    while (true) {
      const connection = await acceptOrEnd(listener);
      if (connection === null) return;
      handle(connection); // a rejection nobody handles
    }
  },
  neverEnds: async (listener, handle) => {
    while (true) {
      try {
        handle(await listener.accept()).catch(() => {});
      } catch {
        continue; // swallows DuplexClosedError too
      }
    }
  },
  throwsOnClose: async (listener, handle) => {
    while (true) handle(await listener.accept()).catch(() => {});
  },
};

const serveAllExpected: Record<string, string[]> = {
  reference: ["passed", "passed", "passed", "passed"],
  sequential: ["passed", "failed", "failed", "failed"],
  noCatch: ["passed", "passed", "passed", "failed"],
  neverEnds: ["passed", "passed", "failed", "passed"],
  throwsOnClose: ["passed", "passed", "failed", "passed"],
};

for (const [name, solution] of Object.entries(serveAllCases)) {
  Deno.test(`multi-client exercise: ${name}`, async () => {
    const report = await checkExercise(multiClientExercise, solution, {
      display: false,
    });
    assertEquals(statuses(report), serveAllExpected[name]);
    if (name === "noCatch") {
      assertStringIncludes(String(got(report.outcomes[3])), "sin capturar");
    }
    if (name === "neverEnds") {
      assertStringIncludes(String(got(report.outcomes[2])), "no terminó");
    }
    if (name === "throwsOnClose") {
      assertStringIncludes(
        String(got(report.outcomes[2])),
        "DuplexClosedError",
      );
    }
  });
}

const partialSumCases: Record<string, PartialSumProgram> = {
  reference: async (comm) => {
    const mine = (comm.rank + 1) * 10;
    if (comm.rank !== 0) {
      await comm.send(mine, 0);
      return null;
    }
    let total = mine;
    for (let i = 1; i < comm.size; i++) {
      total += (await comm.recv<number>()).data;
    }
    return total;
  },
  starter: (comm) => Promise.resolve((comm.rank + 1) * 10),
  usesReduce: (comm) => comm.reduce((comm.rank + 1) * 10, "sum", 0),
  othersReturnTheirPart: async (comm) => {
    const mine = (comm.rank + 1) * 10;
    if (comm.rank !== 0) {
      await comm.send(mine, 0);
      return mine;
    }
    let total = mine;
    for (let i = 1; i < comm.size; i++) {
      total += (await comm.recv<number>()).data;
    }
    return total;
  },
  forgetsRootPart: async (comm) => {
    if (comm.rank !== 0) {
      await comm.send((comm.rank + 1) * 10, 0);
      return null;
    }
    let total = 0;
    for (let i = 1; i < comm.size; i++) {
      total += (await comm.recv<number>()).data;
    }
    return total;
  },
  receivesOnce: async (comm) => {
    const mine = (comm.rank + 1) * 10;
    if (comm.rank !== 0) {
      await comm.send(mine, 0);
      return null;
    }
    return comm.size > 1 ? mine + (await comm.recv<number>()).data : mine;
  },
};

const partialSumExpected: Record<string, string[]> = {
  reference: ["passed", "passed", "passed", "passed"],
  starter: ["passed", "failed", "failed", "failed"],
  usesReduce: ["threw", "threw", "threw", "threw"],
  othersReturnTheirPart: ["passed", "failed", "failed", "failed"],
  forgetsRootPart: ["failed", "failed", "failed", "failed"],
  receivesOnce: ["passed", "passed", "failed", "failed"],
};

for (const [name, solution] of Object.entries(partialSumCases)) {
  Deno.test(`partial-sum exercise: ${name}`, async () => {
    const report = await checkExercise(spmdPartialSumExercise, solution, {
      display: false,
    });
    assertEquals(statuses(report), partialSumExpected[name]);
    if (name === "usesReduce") {
      assertStringIncludes(String(got(report.outcomes[0])), "comm.reduce");
    }
  });
}

Deno.test("both exercises carry progressive hints and a worked answer", () => {
  for (const spec of [multiClientExercise, spmdPartialSumExercise]) {
    assertEquals((spec.hints?.length ?? 0) >= 2, true);
    assertStringIncludes(spec.worked ?? "", "```ts");
  }
});
