/**
 * How a child's end is reported, three ways. The operating system gives
 * the parent a wait status: either the child *exited* with a code
 * (WIFEXITED, WEXITSTATUS) or a *signal* ended it (WIFSIGNALED, WTERMSIG) —
 * then there is no exit code at all. Deno reports the signal in
 * `status.signal` and also fills `status.code` with 128 + the signal's
 * number, the convention shells use for `$?`. Python's `returncode` (and
 * `multiprocessing`'s `exitcode`) report the same end as minus the
 * signal's number.
 *
 * @module
 */

import type { ChildExit } from "./child.ts";
import { runProcess } from "./child.ts";

/** Linux signal numbers of the signals a course meets (x86 and ARM agree on these). */
export const SIGNAL_NUMBERS: Readonly<Partial<Record<Deno.Signal, number>>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGABRT: 6,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGSEGV: 11,
  SIGUSR2: 12,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
};

/**
 * Describes a child's end in Spanish, the way the wait status has it: an
 * exit code, or the signal that ended it (and what Deno and Python show).
 *
 * @example Exited by itself, and ended by SIGTERM
 * ```ts
 * import { describeExit } from "./signal_exit.ts";
 * import { assertEquals, assertStringIncludes } from "@std/assert";
 *
 * const base = { stdout: "", stderr: "" };
 * assertEquals(
 *   describeExit({ ...base, code: 0, signal: null, success: true }),
 *   "salió por sí mismo con código 0",
 * );
 * const text = describeExit({ ...base, code: 143, signal: "SIGTERM", success: false });
 * assertStringIncludes(text, "sin código de salida");
 * assertStringIncludes(text, "143 = 128 + 15");
 * assertStringIncludes(text, "returncode −15");
 * ```
 */
export function describeExit(exit: ChildExit): string {
  if (exit.signal === null) {
    return `salió por sí mismo con código ${exit.code}`;
  }
  const n = SIGNAL_NUMBERS[exit.signal];
  const number = n === undefined ? "" : ` (${n})`;
  const deno = n === undefined
    ? `Deno pone code ${exit.code}`
    : `Deno pone code ${exit.code} = 128 + ${n}`;
  const python = n === undefined ? "" : `; Python diría returncode −${n}`;
  return `lo terminó la señal ${exit.signal}${number}, sin código de salida (${deno}${python})`;
}

/**
 * Asks the class's Python what it reports for a child ended by SIGTERM and
 * by SIGKILL: `subprocess.Popen(["sleep", "30"])`, then `terminate()` or
 * `kill()`, then `wait()`. Measured, not assumed.
 *
 * @example Python reports minus the signal number
 * ```ts
 * import { pythonReturncodes } from "./signal_exit.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(await pythonReturncodes(), { terminate: -15, kill: -9 });
 * ```
 */
export async function pythonReturncodes(
  python = "python3",
): Promise<{ terminate: number; kill: number }> {
  const script = [
    "import subprocess",
    "codes = []",
    "for stop in ('terminate', 'kill'):",
    "    p = subprocess.Popen(['sleep', '30'])",
    "    getattr(p, stop)()",
    "    codes.append(p.wait(timeout=10))",
    "print(codes[0], codes[1])",
  ].join("\n");
  const exit = await runProcess(python, ["-c", script], { timeoutMs: 30_000 });
  const [terminate, kill] = exit.stdout.trim().split(" ").map(Number);
  if (
    !exit.success || !Number.isInteger(terminate) || !Number.isInteger(kill)
  ) {
    throw new Error(
      `Python no informó sus returncode: ${exit.stderr.trim().slice(-300)}`,
    );
  }
  return { terminate, kill };
}
