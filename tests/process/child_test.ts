import {
  assert,
  assertEquals,
  assertNotEquals,
  assertRejects,
} from "@std/assert";
import {
  JoinTimeoutError,
  readChildReports,
  readProcStat,
  runProcess,
  spawnProcess,
  spawnReportingChild,
  waitUntilEnded,
} from "../../lib/process/mod.ts";

Deno.test("join reports the child's own exit code", async () => {
  for (const code of [0, 3, 255]) {
    await using child = spawnProcess("sh", ["-c", `exit ${code}`]);
    const exit = await child.join();
    assertEquals([exit.code, exit.signal, exit.success], [
      code,
      null,
      code === 0,
    ]);
  }
});

Deno.test("terminate ends a child with SIGTERM and kill with SIGKILL", async () => {
  const cases: [string, "terminate" | "kill", number][] = [
    ["SIGTERM", "terminate", 143], // 128 + 15
    ["SIGKILL", "kill", 137], // 128 + 9
  ];
  for (const [signal, method, code] of cases) {
    await using child = spawnProcess("sleep", ["30"]);
    assert(child.alive);
    assert(child[method]());
    const exit = await child.join();
    assertEquals([exit.signal, exit.code], [signal, code]);
    assertEquals(child.alive, false);
    assertEquals(child[method](), false, "a second signal finds it ended");
  }
});

Deno.test("a child that handles SIGTERM exits cleanly, one that is killed cannot", async () => {
  await using graceful = spawnReportingChild({
    name: "amable",
    workMs: 20_000,
    graceful: true,
  });
  await using killed = spawnReportingChild({
    name: "matado",
    workMs: 20_000,
    graceful: true,
  });
  // each installs its SIGTERM listener before printing its report
  assert(await graceful.waitForOutput('"pid"'));
  assert(await killed.waitForOutput('"pid"'));
  graceful.terminate();
  killed.kill();
  const [g, k] = [await graceful.join(), await killed.join()];
  assertEquals([g.code, g.signal], [0, null]);
  assert(g.stdout.includes("SIGTERM recibido"));
  assertEquals([k.code, k.signal], [137, "SIGKILL"]);
});

Deno.test("join with a bound rejects while the child keeps running", async () => {
  await using child = spawnProcess("sleep", ["30"]);
  await assertRejects(() => child.join(50), JoinTimeoutError);
  assert(child.alive);
  assertEquals(readProcStat(child.pid)?.ppid, Deno.pid);
});

Deno.test("runProcess captures stdout and stderr and kills a child past its bound", async () => {
  const exit = await runProcess("sh", ["-c", "echo out; echo err >&2"]);
  assertEquals([exit.stdout, exit.stderr], ["out\n", "err\n"]);
  await assertRejects(
    () => runProcess("sleep", ["30"], { timeoutMs: 50 }),
    JoinTimeoutError,
  );
});

Deno.test("several Deno children started at once report distinct pids and this parent", async () => {
  const children = [1, 2, 3].map((i) =>
    spawnReportingChild({ name: `hijo ${i}`, workMs: 100 * i })
  );
  try {
    assertEquals(new Set(children.map((c) => c.pid)).size, 3);
    const reports = [];
    for (const child of children) {
      reports.push(...readChildReports(await child.join()));
      assertEquals(child.alive, false);
    }
    assertEquals(reports.map((r) => r.name), ["hijo 1", "hijo 2", "hijo 3"]);
    assertEquals(reports.map((r) => r.pid), children.map((c) => c.pid));
    for (const r of reports) assertEquals(r.ppid, Deno.pid);
    assertNotEquals(reports[0].pid, Deno.pid);
  } finally {
    for (const c of children) await c[Symbol.asyncDispose]();
  }
});

Deno.test("alive turns false once the child's end is observed", async () => {
  await using child = spawnReportingChild({ name: "breve", exitCode: 4 });
  assert(await waitUntilEnded(child, 10_000));
  assertEquals(child.exit?.code, 4);
});

Deno.test("write to a child without piped stdin is a TypeError", async () => {
  await using child = spawnProcess("true");
  await assertRejects(() => child.write("x"), TypeError);
  await child.join();
});
