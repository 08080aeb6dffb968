/** Shell pipelines over real OS pipes: output, every stage's status, SIGPIPE, timeouts. */

import { assert, assertEquals, assertThrows } from "@std/assert";
import { parsePipeline, runPipeline } from "../../lib/transports/pipeline.ts";

Deno.test("parsePipeline rejects empty stages", () => {
  // Each row is a pipeline with a missing program somewhere.
  for (const bad of ["", "ls |", "| wc", "ls || wc"]) {
    assertThrows(() => parsePipeline(bad), SyntaxError);
  }
});

Deno.test("ls -l | wc -l counts the lines ls prints (total line included)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (const name of ["a", "b", "c"]) {
      await Deno.writeTextFile(`${dir}/${name}`, name);
    }
    const result = await runPipeline(parsePipeline("ls -l | wc -l"), {
      cwd: dir,
    });
    assertEquals(result.stdout.trim(), "4"); // "total 12" + three files
    assert(result.stages.every((s) => s.success));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("A stage that exits early sends SIGPIPE upstream instead of hanging", async () => {
  const result = await runPipeline(parsePipeline("yes | head -n 2"));
  assertEquals(result.stdout, "y\ny\n");
  assertEquals(result.stages[1].code, 0);
  assertEquals(result.stages[0].success, false, "yes is cut off");
  assertEquals(result.timedOut, false);
});

Deno.test("A pipeline that runs too long is killed and says so", async () => {
  const result = await runPipeline(parsePipeline("sleep 5 | cat"), {
    timeoutMs: 100,
  });
  assertEquals(result.timedOut, true);
  assertEquals(result.stages[0].signal, "SIGKILL");
});

Deno.test("Three stages report three statuses", async () => {
  const result = await runPipeline(parsePipeline("seq 10 | grep 1 | wc -l"));
  assertEquals(result.stdout.trim(), "2"); // 1 and 10
  assertEquals(result.stages.map((s) => s.stage), [
    "seq 10",
    "grep 1",
    "wc -l",
  ]);
});
