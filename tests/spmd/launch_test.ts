import { assert, assertEquals, assertThrows } from "@std/assert";
import { fromFileUrl } from "@std/path";
import {
  buildMpiexecArgs,
  denoRankCommand,
  mpiexecAvailable,
  runMpiJob,
} from "../../lib/spmd/mpi/launch.ts";

const app = { ranks: 2, command: ["deno", "run", "x.ts"] };

Deno.test("mpiexec flags are added only when needed", () => {
  // Rows: root?, cores, ranks → expected leading flags.
  const cases: [boolean, number, number, string[]][] = [
    [false, 2, 2, []], // ordinary user, fits the cores
    [true, 2, 2, ["--allow-run-as-root"]], // root only
    [false, 2, 3, ["--oversubscribe"]], // more ranks than cores
    [true, 1, 2, ["--allow-run-as-root", "--oversubscribe"]], // both
  ];
  for (const [isRoot, cores, ranks, flags] of cases) {
    const args = buildMpiexecArgs([{ ...app, ranks }], { isRoot, cores });
    assertEquals(args, [...flags, "-n", String(ranks), "deno", "run", "x.ts"]);
  }
});

Deno.test("mpiexec arguments join app contexts with ':' and reject empty jobs", () => {
  const args = buildMpiexecArgs(
    [{ ranks: 1, command: ["python3", "a.py"] }, app],
    { isRoot: false, cores: 8, timeoutSeconds: 2.5 },
  );
  assertEquals(args, [
    "--timeout",
    "3",
    "-n",
    "1",
    "python3",
    "a.py",
    ":",
    "-n",
    "2",
    "deno",
    "run",
    "x.ts",
  ]);
  assertThrows(
    () => buildMpiexecArgs([], { isRoot: false, cores: 2 }),
    RangeError,
  );
  assertThrows(
    () =>
      buildMpiexecArgs([{ ranks: 0, command: ["x"] }], {
        isRoot: false,
        cores: 2,
      }),
    RangeError,
  );
});

Deno.test("a Deno rank runs the program by absolute path", () => {
  const command = denoRankCommand("lib/programs/pi.ts", ["10"]);
  assertEquals(command[0], Deno.execPath());
  assert(
    command[3].endsWith("/lib/programs/pi.ts") && command[3].startsWith("/"),
  );
  assertEquals(command.slice(4), ["10"]);
});

const HAS_MPI = await mpiexecAvailable();
Deno.test({
  name: "a failing MPI call becomes an MpiError with MPI's own text",
  ignore: !HAS_MPI,
  fn: async () => {
    const file = fromFileUrl(
      new URL("../fixtures/mpi/mpi_error.ts", import.meta.url),
    );
    const job = await runMpiJob(
      [{ ranks: 1, command: denoRankCommand(file) }],
      {
        timeoutMs: 30_000,
      },
    );
    assert(job.success, job.stderr);
    const report = JSON.parse(job.stdout.trim());
    assertEquals(report.name, "MpiError");
    assertEquals(report.call, "MPI_Isend");
    assertEquals(report.text, "MPI_ERR_COUNT: invalid count argument");
  },
});

Deno.test({
  name: "a job's output is seen as it arrives, and a signal stops the job",
  ignore: !HAS_MPI,
  fn: async () => {
    const stop = new AbortController();
    const seen: string[] = [];
    const script = "echo listo; sleep 30; echo nunca";
    const job = await runMpiJob([{ ranks: 1, command: ["sh", "-c", script] }], {
      timeoutMs: 60_000,
      signal: stop.signal,
      onStdout: (stdout) => {
        seen.push(stdout);
        if (stdout.includes("listo")) stop.abort();
      },
    });
    assertEquals(seen[0], "listo\n");
    assertEquals(job.stdout.includes("nunca"), false);
    assertEquals([job.stopped, job.success, job.timedOut], [
      true,
      false,
      false,
    ]);
    assert(job.elapsedMs < 30_000);
  },
});

Deno.test({
  name: "a job that is not stopped says so",
  ignore: !HAS_MPI,
  fn: async () => {
    const job = await runMpiJob([{ ranks: 1, command: ["echo", "hola"] }], {
      timeoutMs: 30_000,
      signal: new AbortController().signal,
    });
    assertEquals([job.stdout, job.stopped, job.success], [
      "hola\n",
      false,
      true,
    ]);
  },
});
