/**
 * The class's Python, measured in the same run as the kit: runs
 * `python_baseline.py` (multiprocessing.Pipe, Queue, sockets with the 4-byte
 * prefix, shared_memory) with the class's interpreter.
 *
 * @module
 */

import {
  type BaselineOptions,
  type BaselineResult,
  DEFAULT_BENCH_SIZES,
  runBaselineProcess,
} from "./runner.ts";

/** Mechanisms of the Python baseline, in table order. */
export const PYTHON_BASELINE_MECHANISMS: readonly string[] = [
  "pipe",
  "pipe-bytes",
  "queue",
  "tcp",
  "unix",
  "shm",
];

/** Options of {@linkcode runPythonBaseline}. */
export interface PythonBaselineOptions extends BaselineOptions {
  /** The interpreter (default `$KIT_PYTHON`, else `/usr/bin/python3`). */
  python?: string;
}

/**
 * The interpreter the Python baseline uses: the option, else `KIT_PYTHON`,
 * else the class's `/usr/bin/python3`.
 *
 * @example
 * ```ts
 * import { pythonExecutable } from "./python_runner.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(pythonExecutable({ python: "/opt/py" }), "/opt/py");
 * ```
 */
export function pythonExecutable(options: PythonBaselineOptions = {}): string {
  return options.python ?? Deno.env.get("KIT_PYTHON") ?? "/usr/bin/python3";
}

/**
 * Runs the Python baseline. Rejects with `BaselineUnavailableError` when the
 * interpreter is missing; mechanisms it could not open come back in
 * `missing`.
 *
 * @example No interpreter, no figures
 * ```ts
 * import { runPythonBaseline } from "./python_runner.ts";
 * import { BaselineUnavailableError } from "./runner.ts";
 * import { assertRejects } from "@std/assert";
 *
 * await assertRejects(
 *   () => runPythonBaseline({ python: "/nonexistent/python3" }),
 *   BaselineUnavailableError,
 * );
 * ```
 */
export function runPythonBaseline(
  options: PythonBaselineOptions = {},
): Promise<BaselineResult> {
  const script = new URL("./python_baseline.py", import.meta.url);
  return runBaselineProcess("python", pythonExecutable(options), [
    script.pathname,
    "--mechanisms",
    (options.mechanisms ?? PYTHON_BASELINE_MECHANISMS).join(","),
    "--sizes",
    (options.sizes ?? DEFAULT_BENCH_SIZES).join(","),
    "--duration-ms",
    String(options.durationMs ?? 200),
  ], options);
}
