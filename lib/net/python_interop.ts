/**
 * Runs the class's Python socket programs (re-typed in `lib/programs/python/`)
 * so a notebook can show them talking to the kit's TypeScript servers.
 *
 * The fixtures are the minimal equivalents of the seeds' scripts that the
 * interoperability tests use; the notebook runs the very same files.
 *
 * @module
 */

import { formatNumber } from "../notebook/number_format.ts";
import { Watchdog } from "../util/deadline.ts";

/** Where the class's Python is expected. */
export const CLASS_PYTHON = "/usr/bin/python3";

/**
 * Runs one of the class's programs to completion and returns what it
 * printed (bounded by `timeoutMs`, default 5000; on timeout the process is
 * killed and a `Deno.errors.TimedOut` thrown).
 *
 * @example The class's echo client against the kit's echo server
 * ```ts
 * import { runClassPython } from "./python_interop.ts";
 * import { serveEcho } from "./echo.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using server = await serveEcho();
 * const run = await runClassPython("echo_client", [String(server.port), "waku waku"]);
 * assertEquals(run.stdout.trim(), "waku waku");
 * ```
 */
export async function runClassPython(
  program:
    | "echo_client"
    | "echo_server"
    | "task_client"
    | "task_server"
    | "reverse_client"
    | "reverse_server",
  args: readonly string[],
  timeoutMs = 5000,
): Promise<{
  /** The exit code. */
  code: number;
  /** What it printed on stdout. */
  stdout: string;
  /** What it printed on stderr. */
  stderr: string;
}> {
  const script = new URL(`../programs/python/${program}.py`, import.meta.url);
  const child = new Deno.Command(CLASS_PYTHON, {
    args: [script.pathname, ...args],
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  }).spawn();
  // One bound on the whole run: when it fires the child is killed, and the
  // output below then ends on its own.
  using watchdog = new Watchdog(timeoutMs, () => {
    try {
      child.kill("SIGKILL");
    } catch {
      // Already exited.
    }
  });
  const output = await child.output();
  if (watchdog.expired) {
    throw new Deno.errors.TimedOut(
      `${program}.py no terminó en ${formatNumber(timeoutMs)} ms`,
    );
  }
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}
