/**
 * benchMpiPingPong with its real mpiexec jobs (the JSDoc example runs only
 * the Worker backend, to stay cheap). Jobs are bounded by runMpiJob; without
 * Open MPI the real-job test is ignored with a loud message.
 */
import { assert, assertEquals, assertRejects } from "@std/assert";
import {
  benchMpiPingPong,
  PING_PONG_BACKENDS,
  type PingPongBackend,
} from "../../lib/bench/mpi_compare.ts";
import { PING_PONG_SIZES } from "../../lib/bench/pingpong.ts";
import { mpiexecAvailable } from "../../lib/spmd/mpi/launch.ts";

const HAS_MPI = await mpiexecAvailable();
if (!HAS_MPI) {
  console.error(
    "\n*** MPI PING-PONG TEST IGNORED: mpiexec (Open MPI) not found. ***\n",
  );
}
const BOUND_MS = 60_000;

Deno.test({
  name: "the MPI backends measure every size under real mpiexec jobs",
  ignore: !HAS_MPI,
  fn: async () => {
    const mpiBackends: PingPongBackend[] = [
      "deno-mpi",
      "deno-mpi-alloc",
      "mpi4py",
    ];
    const result = await benchMpiPingPong({
      scale: 0.02,
      timeoutMs: BOUND_MS,
      backends: mpiBackends,
    });
    assertEquals(result.skipped, []);
    for (const backend of mpiBackends) {
      const rows = result.rows.filter((r) => r.backend === backend);
      assertEquals(rows.map((r) => r.sizeBytes), [...PING_PONG_SIZES]);
      assert(rows.every((r) => r.latencyUs > 0 && r.bandwidthMBps > 0));
    }
    // The Worker backend was not asked for: no rows of it.
    assert(result.rows.every((r) => r.backend !== "workers"));
    assert(result.ffiCallNs !== null && result.ffiCallNs > 0);
  },
});

Deno.test("without mpiexec the MPI backends are skipped by name, not invented", async () => {
  const bin = await Deno.makeTempDir();
  const path = Deno.env.get("PATH");
  // A PATH with nothing on it: mpiexec cannot be found.
  Deno.env.set("PATH", bin);
  try {
    const result = await benchMpiPingPong({
      scale: 0.02,
      backends: ["deno-mpi", "mpi4py"],
    });
    assertEquals(result.rows, []);
    assertEquals(result.skipped, [
      "deno-mpi, mpi4py: Open MPI (mpiexec) no está instalado",
    ]);
  } finally {
    if (path === undefined) Deno.env.delete("PATH");
    else Deno.env.set("PATH", path);
    await Deno.remove(bin);
  }
});

Deno.test("unknown or no backends are refused before anything runs", async () => {
  await assertRejects(
    () => benchMpiPingPong({ backends: ["tcp" as PingPongBackend] }),
    RangeError,
    "tcp",
  );
  await assertRejects(
    () => benchMpiPingPong({ backends: [] }),
    RangeError,
  );
  assertEquals(PING_PONG_BACKENDS, [
    "deno-mpi",
    "deno-mpi-alloc",
    "mpi4py",
    "workers",
  ]);
});
