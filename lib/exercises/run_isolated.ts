/**
 * Runs a reader's exercise solution away from the kernel, so that a
 * solution that never ends costs one check, not the notebook.
 *
 * Why a child process and not a Worker: on Deno 2.9.6 `Worker.terminate()`
 * does not stop a Worker stuck in a synchronous loop — checked: after
 * `terminate()` a `for (;;) Atomics.add(…)` Worker kept counting for as
 * long as we watched, and the process could no longer exit. A child process
 * can always be killed. So the solution's source (the reader's own function,
 * from their own notebook — never data from a wire) becomes a small module
 * run by `deno run` with no permission but reading `lib/`; a harness module runs the
 * solution there (it may start Workers of its own, e.g. to race two
 * threads on shared memory) and reports plain JSON. The bound on the run
 * starts when the child says it is about to call the solution, so a slow
 * start-up (hundreds of ms on a busy machine) is not charged to the reader.
 *
 * The solution must be self-contained: only its parameters and globals
 * (`Atomics`, `Math`…); variables from other cells do not exist there.
 *
 * @module
 */

import { formatNumber } from "../notebook/number_format.ts";
import { WaitTimeoutError } from "../util/deadline.ts";
import { RESULT_MARK } from "./solution_child.ts";

export type { CallOutcome } from "./solution_child.ts";

const CHILD_URL = new URL("./solution_child.ts", import.meta.url).href;
const CONFIG_PATH = new URL("../../deno.json", import.meta.url).pathname;
// the only permission: reading the kit's own modules, which a Worker started
// from a generated (blob) module needs to import them
const LIB_DIR = new URL("../", import.meta.url).pathname;

/**
 * Why it exists: the solution ran past its bound (an endless loop, a wait
 * that never ends). The child process was killed; the message says so in
 * Spanish, for the reader.
 *
 * @example
 * ```ts
 * import { SolutionTimeoutError } from "./run_isolated.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * assertStringIncludes(new SolutionTimeoutError(2000).message, "se excedió el tiempo (2.000 ms)");
 * ```
 */
export class SolutionTimeoutError extends WaitTimeoutError {
  /** Always `"SolutionTimeoutError"`. */
  override name = "SolutionTimeoutError";
  /** @param timeoutMs The bound that passed, in ms. */
  constructor(timeoutMs: number) {
    super(
      "tu función",
      timeoutMs,
      `se excedió el tiempo (${
        formatNumber(timeoutMs)
      } ms): tu función no terminó (¿un ciclo sin salida, o una espera sin límite?); el proceso que la corría fue detenido y el kernel sigue libre`,
    );
  }
}

/**
 * Why it exists: the solution could not even start (a syntax error, not a
 * function, a harness failure), or the child died without reporting.
 *
 * @example
 * ```ts
 * import { SolutionLoadError } from "./run_isolated.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(new SolutionLoadError("x").name, "SolutionLoadError");
 * ```
 */
export class SolutionLoadError extends Error {
  /** Always `"SolutionLoadError"`. */
  override name = "SolutionLoadError";
}

/** Options of {@linkcode runIsolated}. */
export interface IsolatedRunOptions {
  /**
   * Module exporting `runSolution(solution, input)`, run in the child next
   * to the solution. Without it the child calls `solution(...args)` for
   * each argument list in `input` and returns a `CallOutcome[]`.
   */
  harness?: URL;
  /** Input for the harness (JSON: no functions, no shared memory). */
  input?: unknown;
  /** Bound on the solution's run, from the moment it starts (default 2000 ms). */
  timeoutMs?: number;
  /** Bound on starting the child (default 30 000 ms). */
  startupMs?: number;
}

function childModule(source: string, harness: URL | undefined): string {
  return [
    `import { serveSolution } from ${JSON.stringify(CHILD_URL)};`,
    harness
      ? `import { runSolution } from ${JSON.stringify(harness.href)};`
      : "",
    `await serveSolution((\n${source}\n)${harness ? ", runSolution" : ""});`,
    "",
  ].join("\n");
}

const ANSI = new RegExp(String.fromCharCode(27) + "\\[[0-9;]*m", "g");

/**
 * Runs `solution` in a child process, through `harness` if given, and
 * resolves with what the harness returned. Rejects with
 * {@linkcode SolutionTimeoutError} (child killed) or
 * {@linkcode SolutionLoadError}; an error the harness let escape is
 * rethrown as an Error with its name and message.
 *
 * @example A table of calls, and an endless loop that costs only its bound
 * ```ts
 * import { runIsolated, SolutionTimeoutError } from "./run_isolated.ts";
 * import { assertEquals, assertRejects } from "@std/assert";
 *
 * const add = (a: number, b: number) => a + b;
 * assertEquals(await runIsolated(add, { input: [[1, 2], [3, 4]] }), [
 *   { ok: true, value: 3 },
 *   { ok: true, value: 7 },
 * ]);
 * const spin = () => { while (true) { /* nunca termina *\/ } };
 * await assertRejects(
 *   () => runIsolated(spin, { input: [[]], timeoutMs: 300 }),
 *   SolutionTimeoutError,
 * );
 * ```
 */
export async function runIsolated<R = unknown>(
  solution: (...args: never[]) => unknown,
  options: IsolatedRunOptions = {},
): Promise<R> {
  if (typeof solution !== "function") {
    throw new TypeError("runIsolated necesita la función de la solución");
  }
  const timeoutMs = options.timeoutMs ?? 2000;
  const startupMs = options.startupMs ?? 30_000;
  const job = JSON.stringify({ input: options.input ?? [] });
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--no-prompt",
      `--allow-read=${LIB_DIR}`,
      "--config",
      CONFIG_PATH,
      "-",
      job,
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(
    new TextEncoder().encode(childModule(solution.toString(), options.harness)),
  );
  await writer.close();
  const stderr = new Response(child.stderr).text();
  let killed = false;
  const kill = () => {
    if (killed) return;
    killed = true;
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(kill, ms);
  };
  arm(startupMs);
  let started = false;
  let result:
    | { ok: boolean; value?: unknown; name?: string; message?: string }
    | null = null;
  try {
    let pending = "";
    const decoder = new TextDecoder();
    for await (const chunk of child.stdout) {
      pending += decoder.decode(chunk, { stream: true });
      let newline: number;
      while ((newline = pending.indexOf("\n")) >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        const at = line.indexOf(RESULT_MARK);
        if (at < 0) continue; // the solution's own console output
        const payload = line.slice(at + RESULT_MARK.length);
        if (payload === "start") {
          started = true;
          arm(timeoutMs);
        } else {
          result = JSON.parse(payload);
          kill(); // anything the harness left running goes with it
        }
      }
    }
  } finally {
    clearTimeout(timer);
    kill();
    await child.status;
  }
  const errorText = (await stderr).replace(ANSI, "").trim();
  if (result?.ok) return result.value as R;
  if (result) {
    const error = new Error(result.message);
    error.name = result.name ?? "Error";
    throw error;
  }
  if (started) throw new SolutionTimeoutError(timeoutMs);
  throw new SolutionLoadError(
    `tu función no se pudo cargar en el proceso aparte${
      errorText ? `: ${errorText.split("\n").slice(0, 6).join("\n")}` : ""
    }`,
  );
}
