/**
 * Runs a baseline program (the Python script, the compiled C) and turns its
 * JSON lines into {@linkcode BenchRun}s.
 *
 * Both baselines print raw latency samples and throughput counts, so every
 * median and percentile is computed by the kit's one statistics module. A
 * missing interpreter or compiler is a {@linkcode BaselineUnavailableError},
 * which callers report as "missing" — a baseline is never invented.
 *
 * @module
 */

import { TextLineStream } from "@std/streams";
import { formatNumber } from "../../notebook/number_format.ts";
import {
  type BenchMissing,
  type BenchRun,
  type BenchRuntime,
  runFromRaw,
} from "../records.ts";

/**
 * A baseline cannot run on this machine (no `python3`, no `cc`, a compile
 * error). Exists apart from other failures so a report says "missing" instead
 * of crashing.
 *
 * @example
 * ```ts
 * import { BaselineUnavailableError } from "./runner.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const error = new BaselineUnavailableError("python", "python3 not found");
 * assertEquals(error.runtime, "python");
 * ```
 */
export class BaselineUnavailableError extends Error {
  /** Which baseline is unavailable. */
  readonly runtime: BenchRuntime;

  /** Builds the error from the runtime and the reason. */
  constructor(runtime: BenchRuntime, reason: string) {
    super(reason);
    this.name = "BaselineUnavailableError";
    this.runtime = runtime;
  }
}

/** What a baseline run produced: runs, plus mechanisms it could not measure. */
export interface BaselineResult {
  runs: BenchRun[];
  missing: BenchMissing[];
}

/** Options shared by the baseline runners. */
export interface BaselineOptions {
  /** Mechanisms in the baseline's own names (default: all it has). */
  mechanisms?: readonly string[];
  /** Message sizes in bytes (default 64, 4096, 1 MiB). */
  sizes?: readonly number[];
  /** Duration of each measurement in milliseconds (default 200). */
  durationMs?: number;
  /** Called with each run as soon as the baseline prints it (progress). */
  onRun?: (run: BenchRun) => void;
  /** Bound on the whole baseline process (default 5 minutes). */
  timeoutMs?: number;
}

/** The default message sizes: 64 B, 4 KiB, 1 MiB. */
export const DEFAULT_BENCH_SIZES: readonly number[] = [64, 4096, 1 << 20];

/**
 * Parses one JSON line of a baseline into a run, a missing mechanism, or
 * a `SyntaxError` for anything else.
 *
 * @example
 * ```ts
 * import { parseBaselineLine } from "./runner.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const line = '{"mechanism":"tcp","size":64,"samplesUs":[5,7],"messages":10,"seconds":1}';
 * const parsed = parseBaselineLine("c", line);
 * assertEquals("run" in parsed && parsed.run.latency.median, 6);
 * const missing = parseBaselineLine("c", '{"mechanism":"shm","error":"no"}');
 * assertEquals("missing" in missing && missing.missing.reason, "no");
 * ```
 */
export function parseBaselineLine(
  runtime: BenchRuntime,
  line: string,
): { run: BenchRun } | { missing: BenchMissing } {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(line);
  } catch {
    throw new SyntaxError(
      `La línea base de ${runtime} imprimió una línea que no es JSON: ${
        line.slice(0, 80)
      }`,
    );
  }
  const { mechanism, error, size, samplesUs, messages, seconds } = value;
  if (typeof mechanism !== "string") {
    throw new SyntaxError(
      `La línea base de ${runtime} imprimió una línea sin mecanismo`,
    );
  }
  if (typeof error === "string") {
    return { missing: { runtime, mechanism, reason: error } };
  }
  if (
    typeof size !== "number" || !Array.isArray(samplesUs) ||
    typeof messages !== "number" || typeof seconds !== "number"
  ) {
    throw new SyntaxError(
      `La línea base de ${runtime} imprimió un registro incompleto para ${mechanism}`,
    );
  }
  return {
    run: runFromRaw(
      mechanism,
      runtime,
      size,
      samplesUs as number[],
      messages,
      seconds,
    ),
  };
}

/**
 * Runs a baseline executable, streaming its lines into runs. A missing
 * executable is a {@linkcode BaselineUnavailableError}; a non-zero exit is
 * an `Error` quoting its stderr.
 *
 * @example A missing interpreter fails clearly
 * ```ts
 * import { BaselineUnavailableError, runBaselineProcess } from "./runner.ts";
 * import { assertRejects } from "@std/assert";
 *
 * await assertRejects(
 *   () => runBaselineProcess("python", "/nonexistent/python3", [], {}),
 *   BaselineUnavailableError,
 * );
 * ```
 */
export async function runBaselineProcess(
  runtime: BenchRuntime,
  executable: string,
  args: readonly string[],
  options: BaselineOptions,
): Promise<BaselineResult> {
  const abort = new AbortController();
  const timeoutMs = options.timeoutMs ?? 300_000;
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(executable, {
      args: [...args],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal: abort.signal,
    }).spawn();
  } catch (error) {
    clearTimeout(timer);
    if (
      error instanceof Deno.errors.NotFound ||
      error instanceof Deno.errors.PermissionDenied
    ) {
      throw new BaselineUnavailableError(
        runtime,
        `${executable} no está disponible: ${error.message}`,
      );
    }
    throw error;
  }
  const result: BaselineResult = { runs: [], missing: [] };
  const stderr = new Response(child.stderr).text();
  try {
    const lines = child.stdout
      .pipeThrough(new TextDecoderStream())
      .pipeThrough(new TextLineStream()) as ReadableStream<string>;
    for await (const line of lines) {
      if (line.trim() === "") continue;
      const parsed = parseBaselineLine(runtime, line);
      if ("run" in parsed) {
        result.runs.push(parsed.run);
        options.onRun?.(parsed.run);
      } else {
        result.missing.push(parsed.missing);
      }
    }
    const status = await child.status;
    const errors = await stderr;
    if (!status.success) {
      const why = abort.signal.aborted
        ? `se pasó del plazo de ${formatNumber(timeoutMs)} ms`
        : `terminó con código ${status.code}`;
      throw new Error(
        `La línea base de ${runtime} ${why}: ${errors.trim().slice(0, 500)}`,
      );
    }
    return result;
  } finally {
    clearTimeout(timer);
    try {
      child.kill();
    } catch { /* already exited */ }
    await child.status;
    await stderr.catch(() => "");
  }
}
