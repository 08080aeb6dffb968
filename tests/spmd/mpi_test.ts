/**
 * The MPI backend under real `mpiexec` jobs (Open MPI). Every job is bounded
 * by runMpiJob (mpiexec --timeout, then kill). When Open MPI is absent the
 * tests are ignored with a loud message instead of failing obscurely.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { fromFileUrl } from "@std/path";
import {
  denoRankCommand,
  mpiexecAvailable,
  runMpiJob,
} from "../../lib/spmd/mpi/launch.ts";
import { spmd } from "../../lib/spmd/workers.ts";
import { collectivesReference, resultsByRank } from "./reference.ts";

const HAS_MPI = await mpiexecAvailable();
if (!HAS_MPI) {
  console.error(
    "\n*** MPI TESTS IGNORED: mpiexec (Open MPI) not found. Install openmpi-bin libopenmpi-dev python3-mpi4py. ***\n",
  );
}
const PYTHON = "/usr/bin/python3";
const path = (relative: string) =>
  fromFileUrl(new URL(relative, import.meta.url));
const fixture = (name: string) => path(`../fixtures/mpi/${name}`);
const program = (name: string) => path(`../../lib/programs/${name}`);
const deno = (file: string, ranks = 1, args: string[] = []) => ({
  ranks,
  command: denoRankCommand(file, args),
});
const python = (file: string, ranks = 1) => ({
  ranks,
  command: [PYTHON, program(`python/${file}`)],
});
const BOUND_MS = 60_000;

function mpiTest(name: string, fn: () => Promise<void>) {
  Deno.test({ name, ignore: !HAS_MPI, fn });
}

function assertJobOk(
  job: { success: boolean; stdout: string; stderr: string },
) {
  assert(job.success, `mpiexec failed:\n${job.stdout}\n${job.stderr}`);
}

mpiTest("mpi: Waku Waku between two Deno ranks", async () => {
  const job = await runMpiJob([deno(program("waku_waku.ts"), 2)], {
    timeoutMs: BOUND_MS,
  });
  assertJobOk(job);
  assertStringIncludes(job.stdout, "Proceso 1 recibió: Waku Waku");
});

mpiTest(
  "mpi: every collective matches the local reference and the Worker backend",
  async () => {
    const job = await runMpiJob([deno(fixture("collectives.ts"), 3)], {
      timeoutMs: BOUND_MS,
    });
    assertJobOk(job);
    const mpiResults = resultsByRank(job.stdout);
    const run = await spmd(3, fixture("collectives.ts"), { timeoutMs: 20_000 });
    const workerResults = resultsByRank(
      run.lines.map((l) => l.text).join("\n"),
    );
    for (let rank = 0; rank < 3; rank++) {
      assertEquals(mpiResults[rank], collectivesReference(rank, 3));
    }
    assertEquals(mpiResults, workerResults);
  },
);

mpiTest(
  "mpi: wildcard receives report true source/tag and keep non-overtaking order",
  async () => {
    const job = await runMpiJob([deno(fixture("p2p.ts"), 3)], {
      timeoutMs: BOUND_MS,
    });
    assertJobOk(job);
    assertEquals(JSON.parse(job.stdout.trim()), {
      firstSelective: true,
      received: 80,
      inOrder: true,
      envelopesMatch: true,
    });
  },
);

mpiTest(
  "mpi: probe-sized receives allocate exactly, up to 16 MiB",
  async () => {
    const job = await runMpiJob([deno(fixture("big.ts"), 2)], {
      timeoutMs: BOUND_MS,
    });
    assertJobOk(job);
    const reports = job.stdout.trim().split("\n").map((l) => JSON.parse(l));
    assertEquals(reports.map((r) => r.length), [
      0,
      1,
      1000,
      65536,
      1 << 20,
      16 << 20,
    ]);
    assertEquals(reports.map((r) => r.tag), [0, 1, 2, 3, 4, 5]);
    assert(reports.every((r) => r.ok));
  },
);

mpiTest("mpi: a Python rank 0 sends, the Deno rank 1 prints it", async () => {
  const job = await runMpiJob(
    [python("waku_rank0.py"), deno(program("waku_waku.ts"))],
    { timeoutMs: BOUND_MS },
  );
  assertJobOk(job);
  assertStringIncludes(job.stdout, "Proceso 1 recibió: Waku Waku");
});

mpiTest("mpi: the Deno rank 0 sends, a Python rank 1 receives it", async () => {
  const job = await runMpiJob(
    [deno(program("waku_waku.ts")), python("waku_rank1.py")],
    { timeoutMs: BOUND_MS },
  );
  assertJobOk(job);
  assertStringIncludes(job.stdout, "Proceso 1 (Python) recibió: Waku Waku");
});

mpiTest(
  "mpi: reduce and allreduce of float64 across Python and Deno ranks",
  async () => {
    const job = await runMpiJob(
      [python("reduce_rank.py"), deno(program("reduce_mixed.ts"), 2)],
      { timeoutMs: BOUND_MS },
    );
    assertJobOk(job);
    // Ranks 0 (Python), 1 and 2 (Deno) contribute [r+1, (r+1)²].
    assertStringIncludes(job.stdout, "[python] rank 0: suma = [6.0, 14.0]");
    assertStringIncludes(job.stdout, "[deno] rank 1: máximo = [3,9]");
    assertStringIncludes(job.stdout, "[deno] rank 2: máximo = [3,9]");
  },
);

mpiTest(
  "mpi: a rank that throws makes mpiexec fail with that rank's error, in bounded time",
  async () => {
    const job = await runMpiJob([deno(fixture("throws.ts"), 2)], {
      timeoutMs: 30_000,
    });
    assertEquals(job.success, false);
    assertEquals(job.timedOut, false);
    assertStringIncludes(
      job.stderr,
      "El proceso de rank 1 falló: Error: el proceso 1 explota a propósito",
    );
  },
);

mpiTest(
  "mpi: a rank that exits early makes mpiexec fail, in bounded time",
  async () => {
    const job = await runMpiJob([deno(fixture("throws.ts"), 2, ["exit"])], {
      timeoutMs: 30_000,
    });
    assertEquals(job.success, false);
    assertEquals(job.timedOut, false);
    assertStringIncludes(job.stderr, "Exit code:    3");
  },
);

mpiTest(
  "mpi: a rank stuck in a receive is ended by its wait bound",
  async () => {
    const job = await runMpiJob([deno(fixture("stuck.ts"), 2)], {
      timeoutMs: 30_000,
      env: { KIT_SPMD_TIMEOUT_MS: "1000" },
    });
    assertEquals(job.success, false);
    assertStringIncludes(job.stderr, "Se agotó el plazo de 1.000 ms");
  },
);

mpiTest(
  "mpi: ranks talk over Open MPI's TCP transport (loopback), as between hosts",
  async () => {
    const job = await runMpiJob([deno(fixture("collectives.ts"), 2)], {
      timeoutMs: BOUND_MS,
      extra: [
        "--mca",
        "btl",
        "tcp,self",
        "--mca",
        "btl_tcp_if_include",
        "lo",
        "--mca",
        "btl_base_verbose",
        "30",
      ],
    });
    assertJobOk(job);
    // Shared memory (vader) is excluded, so these bytes crossed TCP sockets.
    assertStringIncludes(
      job.stdout + job.stderr,
      "btl: tcp: Using interface: lo",
    );
    const results = resultsByRank(job.stdout);
    for (let rank = 0; rank < 2; rank++) {
      assertEquals(results[rank], collectivesReference(rank, 2));
    }
  },
);

mpiTest(
  "mpi: the π program gives the same value on Workers and MPI ranks",
  async () => {
    const steps = "1000000";
    const job = await runMpiJob([deno(program("pi.ts"), 2, [steps])], {
      timeoutMs: BOUND_MS,
    });
    assertJobOk(job);
    const run = await spmd(2, program("pi.ts"), {
      timeoutMs: 20_000,
      args: [steps],
    });
    const onWorkers = run.ranks[0].lines[0].replace(/ en [\d.]+ ms$/, "");
    const onMpi = job.stdout.trim().replace(/ en [\d.]+ ms$/, "");
    assertEquals(onMpi, onWorkers);
  },
);
