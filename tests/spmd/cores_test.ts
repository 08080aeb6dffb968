import { assertEquals, assertThrows } from "@std/assert";
import { parseCpuList } from "../../lib/spmd/mpi/cores.ts";
import { buildMpiexecArgs } from "../../lib/spmd/mpi/launch.ts";
import {
  classifyExchange,
  DEADLOCK_AFTER_MS,
} from "../../lib/spmd/exchange_demo.ts";
import { piSpeedUpSentence } from "../../lib/spmd/pi_sentences.ts";

Deno.test("CPU lists parse as Linux writes them", () => {
  assertEquals(parseCpuList("0-3,8,10-11\n"), [0, 1, 2, 3, 8, 10, 11]);
  assertThrows(() => parseCpuList("3-1"), RangeError);
});

Deno.test("--oversubscribe follows Open MPI's slots, not hardware threads", () => {
  // 4 hardware threads but 2 cores: 4 ranks oversubscribe Open MPI's 2 slots.
  const args = buildMpiexecArgs([{ ranks: 4, command: ["x"] }], {
    isRoot: false,
    cores: 2,
  });
  assertEquals(args[0], "--oversubscribe");
});

Deno.test("an exchange is a deadlock only when both ranks started and none received", () => {
  const started =
    "proceso 0: empieza (send-send)\nproceso 1: empieza (send-send)\n";
  assertEquals(
    classifyExchange(started, {
      success: false,
      timedOut: true,
      waitedMs: DEADLOCK_AFTER_MS,
    }),
    "deadlocked",
  );
  // Stuck, but not yet for the bound: not called a deadlock.
  assertEquals(
    classifyExchange(started, {
      success: false,
      timedOut: true,
      waitedMs: DEADLOCK_AFTER_MS - 1,
    }),
    "failed",
  );
  assertEquals(
    classifyExchange("proceso 0: empieza (send-send)\n", {
      success: false,
      timedOut: true,
    }),
    "not-started",
  );
  const done = started +
    "proceso 0: recibió 8 bytes del proceso 1\nproceso 1: recibió 8 bytes del proceso 0\n";
  assertEquals(
    classifyExchange(done, { success: true, timedOut: false }),
    "finished",
  );
  assertEquals(
    classifyExchange(started, { success: false, timedOut: false }),
    "failed",
  );
});

Deno.test("the π sentence never claims a speed-up the run did not measure", () => {
  const quiet = piSpeedUpSentence([100, 52, 51], [100, 51, 50], [1, 2, 4], 2);
  assertEquals(quiet.includes("tardó más que con uno"), false);
  assertEquals(quiet.includes("no mejoró"), true);
  assertEquals(quiet.includes("80 % del ideal"), true);
  const loaded = piSpeedUpSentence(
    [56, 235, 394],
    [67, 132, 329],
    [1, 2, 4],
    2,
  );
  assertEquals(loaded.includes("80 % del ideal"), false);
});
