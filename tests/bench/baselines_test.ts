import { assert, assertEquals, assertRejects } from "@std/assert";
import { runPythonBaseline } from "../../lib/bench/baselines/python_runner.ts";
import { runCBaseline } from "../../lib/bench/baselines/c_runner.ts";
import { BaselineUnavailableError } from "../../lib/bench/baselines/runner.ts";
import { runBenchmark } from "../../lib/bench/benchmark.ts";
import { runInOwnProcess } from "../own_process.ts";

const MISSING = "/nonexistent/kit-test/executable";

Deno.test("the Python baseline fails clearly without python3", async () => {
  const error = await assertRejects(
    () => runPythonBaseline({ python: MISSING, sizes: [64], durationMs: 5 }),
    BaselineUnavailableError,
  );
  assertEquals(error.runtime, "python");
  assert(error.message.includes(MISSING));
});

Deno.test("the C baseline fails clearly without cc, and leaves no temp dir", async () => {
  const error = await assertRejects(
    () => runCBaseline({ cc: MISSING, sizes: [64], durationMs: 5 }),
    BaselineUnavailableError,
  );
  assertEquals(error.runtime, "c");
});

Deno.test("KIT_PYTHON and KIT_CC override the executables", async () => {
  // In a child: the variables are process-wide and other modules run beside this one.
  await runInOwnProcess(new URL("./baselines_case.ts", import.meta.url), {
    KIT_PYTHON: MISSING,
    KIT_CC: MISSING,
  });
});

Deno.test("a benchmark reports missing baselines as missing, with no figures", async () => {
  const result = await runBenchmark({
    mechanisms: ["memory"],
    sizes: [64],
    durationMs: 5,
    repetitions: 2,
    python: { python: MISSING },
    c: { cc: MISSING },
  });
  assertEquals(result.records.filter((r) => r.runtime !== "deno"), []);
  // memory has no counterpart, so no baseline was even asked for.
  assertEquals(result.missing, []);
  const tcp = await runBenchmark({
    mechanisms: ["unknown-mechanism"],
    sizes: [64],
    durationMs: 5,
    repetitions: 1,
    python: false,
    c: false,
  });
  assertEquals(tcp.missing.map((m) => [m.runtime, m.mechanism]), [
    ["deno", "unknown-mechanism"],
  ]);
});

Deno.test("missing python3 and cc are reported once each in a benchmark with counterparts", async () => {
  const result = await runBenchmark({
    mechanisms: ["memory", "tcp"],
    sizes: [64],
    durationMs: 5,
    repetitions: 2,
    python: { python: MISSING },
    c: { cc: MISSING },
  });
  assertEquals(
    result.missing.map((m) => m.runtime).sort(),
    ["c", "python"],
  );
  assert(
    result.records.some((r) => r.runtime === "deno" && r.mechanism === "tcp"),
  );
});

const hasPython = await Deno.stat("/usr/bin/python3").then(
  () => true,
  () => false,
);
const hasCc = await new Deno.Command("cc", {
  args: ["--version"],
  stdout: "null",
  stderr: "null",
})
  .output().then((o) => o.success, () => false);

Deno.test({
  name: "the Python baseline speaks the bench protocol on every mechanism",
  ignore: !hasPython,
  async fn() {
    const result = await runPythonBaseline({
      sizes: [64, 5000],
      durationMs: 5,
    });
    assertEquals(result.missing, []);
    assertEquals(
      result.runs.map((r) => `${r.mechanism}:${r.size}`),
      ["pipe", "pipe-bytes", "queue", "tcp", "unix", "shm"].flatMap((
        m,
      ) => [`${m}:64`, `${m}:5000`]),
    );
  },
});

Deno.test({
  name: "the C baseline speaks the bench protocol on every mechanism",
  ignore: !hasCc,
  async fn() {
    const result = await runCBaseline({ sizes: [64, 5000], durationMs: 5 });
    assertEquals(result.missing, []);
    assertEquals(
      result.runs.map((r) => `${r.mechanism}:${r.size}`),
      ["pipe", "fifo", "unix", "tcp", "shm"].flatMap((
        m,
      ) => [`${m}:64`, `${m}:5000`]),
    );
  },
});

Deno.test("missing cc and python3 are still missing when only strategy modes are asked for", async () => {
  await assertRejects(
    () =>
      runCBaseline({
        cc: MISSING,
        mechanisms: ["tcp-batch-spin", "pipe-batch"],
        sizes: [64],
        durationMs: 5,
      }),
    BaselineUnavailableError,
  );
  await assertRejects(
    () =>
      runPythonBaseline({
        python: MISSING,
        mechanisms: ["tcp-batch", "fifo-batch"],
        sizes: [64],
        durationMs: 5,
      }),
    BaselineUnavailableError,
  );
});

const C_STRATEGY_MODES = ["tcp", "unix", "pipe", "fifo"].flatMap((m) => [
  `${m}-batch`,
  `${m}-spin`,
  `${m}-batch-spin`,
  `${m}-helper`,
  `${m}-batch-helper`,
]);

Deno.test({
  name:
    "the C baseline's batched, busy-poll and helper-thread modes speak the bench protocol",
  ignore: !hasCc,
  async fn() {
    // The C side checks every ack count and every echoed byte and exits
    // non-zero on a mismatch, which rejects here.
    const result = await runCBaseline({
      mechanisms: [
        ...C_STRATEGY_MODES,
        "shm-batch",
        "tcp-spin-batch",
        "pipe-spin-helper",
        "shm-helper",
      ],
      sizes: [64, 5000],
      durationMs: 5,
    });
    assertEquals(
      result.runs.map((r) => `${r.mechanism}:${r.size}`),
      C_STRATEGY_MODES.flatMap((m) => [`${m}:64`, `${m}:5000`]),
    );
    // A strategy the C baseline does not have is missing, not guessed.
    assertEquals(result.missing.map((m) => m.mechanism), [
      "shm-batch",
      "tcp-spin-batch",
      "pipe-spin-helper",
      "shm-helper",
    ]);
    assert(result.runs.every((r) => r.messagesPerSecond > 0));
  },
});

const PYTHON_STRATEGY_MODES = [
  "tcp-batch",
  "unix-batch",
  "pipe-os",
  "pipe-os-batch",
  "fifo",
  "fifo-batch",
];

Deno.test({
  name:
    "the Python baseline's raw pipes, FIFOs and batched modes speak the bench protocol",
  ignore: !hasPython,
  async fn() {
    // The Python side checks every ack count and echo length and reports a
    // mismatch as the mechanism's error (which would land in `missing`).
    const result = await runPythonBaseline({
      mechanisms: PYTHON_STRATEGY_MODES,
      sizes: [64, 5000],
      durationMs: 5,
    });
    assertEquals(result.missing, []);
    assertEquals(
      result.runs.map((r) => `${r.mechanism}:${r.size}`),
      PYTHON_STRATEGY_MODES.flatMap((m) => [`${m}:64`, `${m}:5000`]),
    );
  },
});
