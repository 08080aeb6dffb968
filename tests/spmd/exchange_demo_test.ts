import {
  assert,
  assertEquals,
  assertRejects,
  assertStringIncludes,
} from "@std/assert";
import {
  classifyExchange,
  DEADLOCK_AFTER_MS,
  type ExchangeRow,
  exchangeSentence,
  runExchangeDemo,
} from "../../lib/spmd/exchange_demo.ts";
import { mpiexecAvailable } from "../../lib/spmd/mpi/launch.ts";

const BOTH = "proceso 1: empieza (send-send)\nproceso 0: empieza (send-send)\n";
const STOPPED = { success: false, timedOut: false };

Deno.test("a deadlock needs both ranks in the exchange for the whole bound", () => {
  assertEquals(
    classifyExchange(BOTH, { ...STOPPED, waitedMs: 2000 }, 2000),
    "deadlocked",
  );
  // Stopped too soon, or with no time known: never called a deadlock.
  assertEquals(
    classifyExchange(BOTH, { ...STOPPED, waitedMs: 1999 }, 2000),
    "failed",
  );
  assertEquals(classifyExchange(BOTH, STOPPED, 2000), "failed");
  // Only one rank got there.
  const one = "proceso 0: empieza (send-send)\n";
  assertEquals(
    classifyExchange(one, { ...STOPPED, waitedMs: 9000 }, 2000),
    "failed",
  );
  assertEquals(
    classifyExchange(one, { success: false, timedOut: true }),
    "not-started",
  );
  // A rank that received is no deadlock, whatever the clock says.
  const half = `${BOTH}proceso 0: recibió 1048576 bytes del proceso 1\n`;
  assertEquals(
    classifyExchange(half, { ...STOPPED, waitedMs: 9000 }, 2000),
    "failed",
  );
  const done = `${half}proceso 1: recibió 1048576 bytes del proceso 0\n`;
  assertEquals(
    classifyExchange(done, { success: true, timedOut: false, waitedMs: 50 }),
    "finished",
  );
  assertEquals(
    classifyExchange(done, { ...STOPPED, waitedMs: 9000 }),
    "failed",
  );
});

Deno.test("a non-positive deadlock bound is refused", async () => {
  await assertRejects(
    () => runExchangeDemo({ deadlockAfterMs: 0, mpiTimeoutMs: 1 }),
    RangeError,
  );
});

Deno.test("the deadlock sentence compares with exchanges that finished only when some did", () => {
  const big: ExchangeRow = {
    backend: "mpi",
    mode: "send-send",
    bytes: 1048576,
    outcome: "deadlocked",
    ms: 5000,
    waitedMs: 3100,
  };
  const alone = exchangeSentence([big]);
  assertStringIncludes(alone, "3,1 s después de que ambos procesos empezaran");
  assertEquals(alone.includes("que sí terminaron"), false);
  const withFix = exchangeSentence([big, {
    backend: "mpi",
    mode: "ordered",
    bytes: 1048576,
    outcome: "finished",
    ms: 3000,
    waitedMs: 400,
  }]);
  assertStringIncludes(withFix, "que sí terminaron a la vez");
});

Deno.test({
  name: "under mpiexec only the large send-send deadlocks, after the bound",
  ignore: !await mpiexecAvailable(),
  fn: async () => {
    const rows = await runExchangeDemo();
    assertEquals(
      rows.map((r) => `${r.backend} ${r.mode} ${r.bytes} ${r.outcome}`),
      [
        "workers send-send 1048576 finished",
        "mpi send-send 1024 finished",
        "mpi send-send 1048576 deadlocked",
        "mpi ordered 1048576 finished",
        "mpi overlap 1048576 finished",
      ],
    );
    const stuck = rows[2].waitedMs!;
    assert(stuck >= DEADLOCK_AFTER_MS, `stopped after ${stuck} ms`);
  },
});
