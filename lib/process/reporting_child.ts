/**
 * The class's `multiprocessing.Process(target=…)` on Deno: a child process
 * that runs a Deno module. The kit's own reporting child (child_main.ts)
 * tells its parent its pid and ppid, works a while, and exits with a chosen
 * code — enough to show start, join, alive, terminate and kill for real.
 *
 * @module
 */

import { type ChildExit, ChildHandle, type SpawnOptions } from "./child.ts";
import type { ChildReport } from "./child_main.ts";

/**
 * Starts `deno run` on a module with the given permission flags, returning
 * at once.
 *
 * @example
 * ```ts
 * import { spawnDenoModule } from "./reporting_child.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const url = new URL("./child_main.ts", import.meta.url);
 * await using child = spawnDenoModule(url, ["demo", "0", "5"]);
 * assertEquals((await child.join()).code, 5);
 * ```
 */
export function spawnDenoModule(
  module: URL,
  args: readonly string[] = [],
  permissions: readonly string[] = [],
  options: SpawnOptions = {},
): ChildHandle {
  return new ChildHandle(Deno.execPath(), [
    "run",
    "--quiet",
    "--no-prompt",
    "--no-lock",
    ...permissions,
    module.href,
    ...args,
  ], options);
}

/**
 * Starts the kit's reporting child (a Deno process) and returns at once.
 *
 * @example The child's parent is this process
 * ```ts
 * import { readChildReports, spawnReportingChild } from "./reporting_child.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using child = spawnReportingChild({ name: "hijo 1" });
 * const [report] = readChildReports(await child.join());
 * assertEquals([report.pid, report.ppid], [child.pid, Deno.pid]);
 * ```
 */
export function spawnReportingChild(options: {
  /** A name the child reports back (like a process's target name). */
  name: string;
  /** How long the child works before exiting (default 0, at most 60 s). */
  workMs?: number;
  /** The exit code it ends with (default 0). */
  exitCode?: number;
  /** Catch SIGTERM and exit 0 (shows that terminate can be handled). */
  graceful?: boolean;
}): ChildHandle {
  const args = [
    options.name,
    String(options.workMs ?? 0),
    String(options.exitCode ?? 0),
  ];
  if (options.graceful) args.push("--graceful");
  return spawnDenoModule(
    new URL("./child_main.ts", import.meta.url),
    args,
  );
}

/**
 * Extracts the reports a reporting child printed: who it was, as its own
 * getpid()/getppid() saw it (the shape child_main.ts prints).
 *
 * @example
 * ```ts
 * import { readChildReports } from "./reporting_child.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const exit = { code: 0, signal: null, success: true, stderr: "",
 *   stdout: '{"name":"a","pid":2,"ppid":1}\n' };
 * assertEquals(readChildReports(exit)[0].pid, 2);
 * ```
 */
export function readChildReports(exit: ChildExit): {
  /** The name it was given. */
  name: string;
  /** Its own pid (getpid()). */
  pid: number;
  /** Its parent's pid (getppid()). */
  ppid: number;
}[] {
  return exit.stdout.split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as ChildReport)
    .filter((r) => typeof r.pid === "number");
}
