import { assert, assertEquals, assertRejects, assertThrows } from "@std/assert";
import { dirname } from "@std/path";
import { runBenchmark } from "../../lib/bench/benchmark.ts";
import {
  mpiResultToRuns,
  pingPongRun,
  runMpiBench,
} from "../../lib/bench/mpi_bench.ts";
import {
  aggregateRuns,
  validateBenchRecords,
} from "../../lib/bench/records.ts";
import { selectComparisons } from "../../lib/bench/comparisons.ts";
import type {
  MpiBenchResult,
  MpiBenchRow,
} from "../../lib/bench/mpi_compare.ts";

const row = (
  backend: MpiBenchRow["backend"],
  sizeBytes: number,
  latencyUs: number,
): MpiBenchRow => ({
  backend,
  sizeBytes,
  iterations: 10,
  latencyUs,
  bandwidthMBps: sizeBytes / latencyUs,
});

Deno.test("a ping-pong row becomes a round-trip latency and ping-pong throughput", () => {
  const run = pingPongRun(row("mpi4py", 1 << 20, 100));
  assertEquals([run.mechanism, run.runtime, run.size], [
    "mpi",
    "python",
    1 << 20,
  ]);
  assertEquals(run.latency.median, 200); // round trip = 2 × one way
  assertEquals(run.messagesPerSecond, 10_000); // 1 / 100 µs
  assertEquals(run.megabytesPerSecond, (1 << 20) / 100);
  assertThrows(() => pingPongRun(row("workers", 8, 0)), RangeError);
});

Deno.test("ping-pong records say their method, have no p99 and pass the schema", () => {
  const records = validateBenchRecords(JSON.parse(JSON.stringify(
    aggregateRuns([
      pingPongRun(row("deno-mpi", 64, 2)),
      pingPongRun(row("deno-mpi", 64, 4)),
    ]),
  )));
  assertEquals(
    records.map((r) => [r.metric, r.method, r.p99, r.min, r.median, r.max]),
    [
      ["latency", "ping-pong", undefined, 4, 6, 8],
      ["throughput", "ping-pong", undefined, 250_000, 375_000, 500_000],
    ],
  );
});

Deno.test("without mpiexec the MPI rows are missing, never invented", () => {
  const result: MpiBenchResult = {
    rows: [row("workers", 64, 30), row("workers", 4096, 40)],
    ffiCallNs: null,
    skipped: ["deno-mpi, mpi4py: Open MPI (mpiexec) no está instalado"],
  };
  const { runs, missing } = mpiResultToRuns(
    result,
    ["mpi", "mpi-alloc", "spmd-workers"],
    [64, 4096],
  );
  assertEquals(runs.map((r) => `${r.mechanism}/${r.size}`), [
    "spmd-workers/64",
    "spmd-workers/4096",
  ]);
  assertEquals(
    missing.map((m) => [m.runtime, m.mechanism, m.reason]),
    [
      ["deno", "mpi", "Open MPI (mpiexec) no está instalado"],
      // deno-mpi-alloc is not named by the skipped line: a generic reason.
      [
        "deno",
        "mpi-alloc",
        "el ping-pong no entregó cifras para deno-mpi-alloc",
      ],
      ["python", "mpi", "Open MPI (mpiexec) no está instalado"],
    ],
  );
});

Deno.test("sizes the ping-pong does not measure are reported missing", () => {
  const { runs, missing } = mpiResultToRuns(
    {
      rows: [row("deno-mpi", 64, 2), row("mpi4py", 64, 1)],
      ffiCallNs: 50,
      skipped: [],
    },
    ["mpi"],
    [64, 100],
  );
  assertEquals(runs.map((r) => `${r.runtime}/${r.size}`), [
    "deno/64",
    "python/64",
  ]);
  assertEquals(missing.map((m) => `${m.runtime} ${m.mechanism}`), [
    "deno mpi",
    "python mpi",
  ]);
  assert(missing[0].reason.includes("100 B"), missing[0].reason);
});

Deno.test("runMpiBench scales the ping-pong with the duration and keeps the FFI figure", async () => {
  const seen: number[] = [];
  const rep = await runMpiBench({
    mechanisms: ["mpi"],
    sizes: [8],
    durationMs: 200,
    pingPong: (options) => {
      seen.push(options.scale ?? -1);
      return Promise.resolve({
        rows: [row("deno-mpi", 8, 1.5), row("mpi4py", 8, 1)],
        ffiCallNs: 42,
        skipped: [],
      });
    },
  });
  assertEquals(seen, [0.5]);
  assertEquals(rep.ffiCallNs, 42);
  assertEquals(rep.runs.map((r) => r.latency.median), [3, 2]);
});

Deno.test("runMpiBench asks only for the backends the mechanisms need", async () => {
  const asked: (readonly string[] | undefined)[] = [];
  const pingPong = (options: { backends?: readonly string[] }) => {
    asked.push(options.backends);
    return Promise.resolve({ rows: [], ffiCallNs: null, skipped: [] });
  };
  for (
    const mechanisms of [["mpi"], ["mpi-alloc", "spmd-workers"], [
      "spmd-workers",
    ]]
  ) {
    await runMpiBench({ mechanisms, sizes: [8], durationMs: 1, pingPong });
  }
  assertEquals(asked, [
    ["deno-mpi", "mpi4py"],
    ["deno-mpi-alloc", "mpi4py", "workers"],
    ["mpi4py", "workers"],
  ]);
  await assertRejects(
    () =>
      runMpiBench({ mechanisms: ["tcp"], sizes: [8], durationMs: 1, pingPong }),
    RangeError,
  );
  assertEquals(asked.length, 3);
});

Deno.test("mpi4py counterparts are not handed to the Python baseline script", () => {
  const selection = selectComparisons(["mpi", "spmd-workers", "tcp"]);
  // TCP brings the Python rows its strategy split needs; MPI brings none.
  assertEquals(selection.python.toSorted(), ["tcp", "tcp-batch"]);
  const labels = selection.comparisons.map((c) => c.label);
  assertEquals(labels.filter((l) => l !== "tcp"), ["mpi", "spmd workers"]);
});

Deno.test("runBenchmark measures MPI for real or reports it missing", async () => {
  const result = await runBenchmark({
    mechanisms: ["mpi", "spmd-workers"],
    sizes: [64],
    durationMs: 4,
    repetitions: 1,
    python: false,
    c: false,
  });
  const has = (runtime: string, mechanism: string) =>
    result.records.some((r) =>
      r.runtime === runtime && r.mechanism === mechanism
    );
  const lacks = (runtime: string, mechanism: string) =>
    result.missing.some((m) =>
      m.runtime === runtime && m.mechanism === mechanism
    );
  for (const [runtime, mechanism] of [["deno", "mpi"], ["python", "mpi"]]) {
    // Exactly one of the two: measured, or missing with a reason.
    assert(has(runtime, mechanism) !== lacks(runtime, mechanism));
  }
  assert(has("deno", "spmd-workers"));
  validateBenchRecords(JSON.parse(JSON.stringify(result.records)));
});

Deno.test("deno task bench --only mpi without mpiexec prints the MPI rows as missing", async () => {
  // A PATH holding only deno: mpiexec cannot be found.
  const bin = await Deno.makeTempDir();
  try {
    await Deno.symlink(Deno.execPath(), `${bin}/deno`);
    const file = `${bin}/bench.json`;
    const output = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        new URL("../../lib/programs/bench.ts", import.meta.url).pathname,
        "--only",
        "mpi,spmd-workers",
        "--sizes",
        "64",
        "--duration",
        "4",
        "--reps",
        "1",
        "--json",
        file,
      ],
      cwd: dirname(new URL("../../deno.json", import.meta.url).pathname),
      env: { PATH: bin },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(output.stdout);
    assert(output.success, new TextDecoder().decode(output.stderr));
    assert(text.includes("[FALTA] deno mpi: Open MPI"), text);
    assert(text.includes("[FALTA] python mpi: Open MPI"), text);
    assert(text.includes("Costo de una llamada FFI"), text);
    const records = validateBenchRecords(
      JSON.parse(await Deno.readTextFile(file)),
    );
    assertEquals(
      [...new Set(records.map((r) => `${r.runtime}/${r.mechanism}`))],
      ["deno/spmd-workers"],
    );
  } finally {
    await Deno.remove(bin, { recursive: true });
  }
});
