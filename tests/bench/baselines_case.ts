/**
 * Run by baselines_test.ts in a child process with KIT_PYTHON and KIT_CC
 * pointing nowhere (see tests/own_process.ts).
 */
import { assert, assertRejects } from "@std/assert";
import { runPythonBaseline } from "../../lib/bench/baselines/python_runner.ts";
import { runCBaseline } from "../../lib/bench/baselines/c_runner.ts";
import { BaselineUnavailableError } from "../../lib/bench/baselines/runner.ts";

Deno.test("KIT_PYTHON and KIT_CC override the executables", async () => {
  const missing = Deno.env.get("KIT_PYTHON");
  assert(missing?.startsWith("/nonexistent/"), "run through baselines_test.ts");
  assert(Deno.env.get("KIT_CC") === missing);
  const python = await assertRejects(
    () => runPythonBaseline(),
    BaselineUnavailableError,
  );
  assert(python.message.includes(missing));
  const c = await assertRejects(() => runCBaseline(), BaselineUnavailableError);
  assert(c.message.includes(missing));
});
