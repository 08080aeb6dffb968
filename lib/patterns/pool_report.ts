/**
 * What a run of the worker pool (`worker_pool.ts`) reports, the error that
 * carries that report when every worker died, and which errors count as a
 * worker's death.
 *
 * @module
 */

import { DuplexClosedError, TruncatedFrameError } from "../wire/errors.ts";
import { WorkerCrashedError } from "../transports/worker_duplex.ts";

const tasks = (n: number) => `${n} tarea${n === 1 ? "" : "s"}`;

/** What a run produced: the result queue's contents, and who did what. */
export interface TaskPoolReport {
  /** One record per task, as the result queue received it, by start time. */
  results: {
    /** The task's id in the queue (1, 2, …, in the order given). */
    id: number;
    /** The task's name. */
    name: string;
    /** The worker that did it. */
    worker: string;
    /** 1, or more when the task was redelivered after a worker died. */
    attempt: number;
    /** When the worker started it, in ms since the pool started. */
    startMs: number;
    /** When the worker finished it, in ms since the pool started. */
    endMs: number;
    /** What the worker answered. */
    output: string;
    /** The worker's prime count, for a task with `primesBelow`. */
    value?: number;
  }[];
  /** Workers that acknowledged their "FIN", with how many tasks each did. */
  finishedWorkers: { worker: string; handled: number }[];
  /** Workers that died: when, what they were doing, and what was handed on. */
  deaths: {
    /** The worker that died. */
    worker: string;
    /** Task ids put back in the queue for other workers. */
    redelivered: number[];
    /** Milliseconds since the pool started, as seen by the pool. */
    diedAtMs: number;
    /** The task it had been sent and never answered, with when it was sent. */
    inFlight?: { name: string; sentAtMs: number };
    /** `gone`: its channel ended; `silent`: no answer nor heartbeat within `silenceMs`, so it was killed. */
    cause: "gone" | "silent";
  }[];
  /** Workers started to replace dead ones (at most `maxRestarts`). */
  restarts: number;
  /** Wall time of the whole run, workers' start-up included, in ms. */
  elapsedMs: number;
}

/** How {@linkcode runTaskPool} is asked to run. */
export interface TaskPoolOptions {
  /** How many workers take tasks from the queue. */
  workers: number;
  /** Threads (Workers on MessagePorts) or child processes (stdio pipes). */
  backend: "thread" | "process";
  /** Kill the worker that takes this task (first attempt), `afterMs` into it. */
  killDuring?: { taskName: string; afterMs: number };
  /**
   * Stop (SIGSTOP) the process that takes this task (first attempt),
   * `afterMs` into it: alive but silent, found by the heartbeat. Process
   * backend only.
   */
  stallDuring?: { taskName: string; afterMs: number };
  /**
   * A worker holding a task that sends nothing, not even its heartbeat,
   * for this long is killed and its task redelivered (default 15 s; at
   * least 4 heartbeats, 400 ms). Keep it above the longest synchronous
   * part of a task (`primesBelow`): a thread computing cannot beat.
   */
  silenceMs?: number;
  /** Dead workers replaced in this run, at most (default 2; 0: none). */
  maxRestarts?: number;
  /** Whole run bound (default 30 s): workers are killed and it rejects. */
  timeoutMs?: number;
}

/**
 * Every worker died with tasks still to do: the run cannot finish. The
 * results finished before that are in `partial`, nothing is thrown away.
 *
 * @example The message a notebook shows, and what it carries
 * ```ts
 * import { PoolExhaustedError } from "./pool_report.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const partial = { results: [], finishedWorkers: [], deaths: [], restarts: 0, elapsedMs: 1 };
 * const error = new PoolExhaustedError(partial, 2);
 * assertEquals(error.pending, 2);
 * assertEquals(error.message, "Murieron todos los workers: 0 tareas terminadas, 2 tareas sin hacer");
 * ```
 */
export class PoolExhaustedError extends Error {
  /** The error's name, as shown in a stack trace. */
  override name = "PoolExhaustedError";
  /**
   * Builds the error from the run so far.
   *
   * @param partial The report of the run so far; `partial.results` are the finished tasks.
   * @param pending How many tasks were never finished.
   */
  constructor(
    /** The report of the run so far; `partial.results` are the finished tasks. */
    readonly partial: TaskPoolReport,
    /** How many tasks were never finished. */
    readonly pending: number,
  ) {
    super(
      `Murieron todos los workers: ${tasks(partial.results.length)} ` +
        `terminada${partial.results.length === 1 ? "" : "s"}, ${
          tasks(pending)
        } sin hacer`,
    );
  }
}

/** Default of `maxRestarts`: dead workers replaced in one run. */
export const DEFAULT_MAX_RESTARTS = 2;
/** Default of `silenceMs`: above the longest synchronous task part (≈3 s for the largest prime bound). */
export const DEFAULT_SILENCE_MS = 15_000;

/**
 * Whether an error means the worker's side is gone (closed, reset, exited,
 * crashed), which the pool survives by redelivery.
 *
 * @example A broken pipe is a death; a bug is not
 * ```ts
 * import { isPeerGone } from "./pool_report.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(isPeerGone(new Deno.errors.BrokenPipe("gone")), true);
 * assertEquals(isPeerGone(new TypeError("bug")), false);
 * ```
 */
export function isPeerGone(error: unknown): boolean {
  return error instanceof Deno.errors.BrokenPipe ||
    error instanceof Deno.errors.ConnectionReset ||
    error instanceof Deno.errors.UnexpectedEof ||
    error instanceof DuplexClosedError ||
    error instanceof TruncatedFrameError ||
    error instanceof WorkerCrashedError;
}
