/**
 * A shell pipeline (`ls -l | wc -l`) built from `Deno.Command`s.
 *
 * Each stage is a real process whose stdin and stdout are real anonymous OS
 * pipes. A shell connects stage N's stdout pipe directly to stage N+1's stdin;
 * Deno cannot hand a pipe's file descriptor from one child to another, so this
 * module pumps the bytes between the two pipes (`pipeTo`), which keeps the
 * shell's semantics: streaming, back-pressure (a full pipe blocks the writer),
 * and SIGPIPE for an upstream stage when a downstream stage exits early.
 * Unlike `$?` in a shell, the exit status of *every* stage is reported.
 *
 * @module
 */

import { Watchdog } from "../util/deadline.ts";

/** One program of a pipeline. */
export interface PipelineStage {
  /** The program to run (looked up in `PATH`, never through a shell). */
  command: string;
  /** Its arguments. */
  args?: string[];
}

/** Output of the last stage and the status of every stage. */
export interface PipelineResult {
  /** What the last stage wrote to its stdout. */
  stdout: string;
  /** How each stage ended, in pipeline order. */
  stages: {
    /** The stage as text, e.g. `ls -l`. */
    stage: string;
    /** Its exit code. */
    code: number;
    /** The signal that ended it (e.g. `SIGPIPE`), or `null`. */
    signal: Deno.Signal | null;
    /** Whether it exited with code 0. */
    success: boolean;
  }[];
  /** Whether the pipeline was killed for exceeding `timeoutMs`. */
  timedOut: boolean;
}

/**
 * Splits `"ls -l | wc -l"` into stages. Deliberately tiny: whitespace
 * separates words, `|` separates stages, no quotes, no globbing, no `$()`:
 * nothing is ever handed to a shell.
 *
 * @example
 * ```ts
 * import { parsePipeline } from "./pipeline.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(parsePipeline("ls -l | wc -l"), [
 *   { command: "ls", args: ["-l"] },
 *   { command: "wc", args: ["-l"] },
 * ]);
 * ```
 */
export function parsePipeline(text: string): PipelineStage[] {
  if (typeof text !== "string") {
    throw new TypeError("La tubería debe ser un texto");
  }
  return text.split("|").map((part, index) => {
    const words = part.trim().split(/\s+/).filter((w) => w.length > 0);
    if (words.length === 0) {
      throw new SyntaxError(
        `La etapa ${index + 1} de la tubería "${text}" está vacía`,
      );
    }
    return { command: words[0], args: words.slice(1) };
  });
}

/**
 * Runs the stages connected stdout → stdin, returns the last stage's output
 * and every stage's exit status.
 *
 * @example Counting lines, and a failing stage that a shell's `$?` would hide
 * ```ts
 * import { parsePipeline, runPipeline } from "./pipeline.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const result = await runPipeline(parsePipeline("seq 3 | wc -l"));
 * assertEquals(result.stdout.trim(), "3");
 * const failing = await runPipeline(parsePipeline("false | cat"));
 * assertEquals(failing.stages.map((s) => s.code), [1, 0]);
 * ```
 */
export async function runPipeline(
  stages: readonly PipelineStage[],
  options: {
    /** Working directory of every stage. */
    cwd?: string;
    /** Every stage is killed after this long (default 10 s). */
    timeoutMs?: number;
  } = {},
): Promise<PipelineResult> {
  if (stages.length === 0) {
    throw new RangeError("Una tubería necesita al menos una etapa");
  }
  const processes = stages.map((stage, i) =>
    new Deno.Command(stage.command, {
      args: stage.args ?? [],
      cwd: options.cwd,
      stdin: i === 0 ? "null" : "piped",
      stdout: "piped",
      stderr: "null",
    }).spawn()
  );
  // stdout of stage i feeds stdin of stage i+1; errors mean "the reader left".
  const pumps = processes.slice(0, -1).map((p, i) =>
    p.stdout.pipeTo(processes[i + 1].stdin).catch(() => {})
  );
  // A whole-run bound, not a race: when it fires every stage is killed, and
  // the reads below then end on their own.
  using watchdog = new Watchdog(options.timeoutMs ?? 10_000, () => {
    for (const p of processes) {
      try {
        p.kill("SIGKILL");
      } catch {
        // Already finished.
      }
    }
  });
  const last = processes[processes.length - 1];
  const stdout = await new Response(last.stdout).text();
  const statuses = await Promise.all(processes.map((p) => p.status));
  await Promise.all(pumps);
  return {
    stdout,
    timedOut: watchdog.expired,
    stages: statuses.map((status, i) => ({
      stage: [stages[i].command, ...(stages[i].args ?? [])].join(" "),
      code: status.code,
      signal: status.signal,
      success: status.success,
    })),
  };
}
