/**
 * A pool of N workers fed from one task queue, collecting one result queue:
 * the workshop's `multiprocessing.Queue` implementation (Taller §1.3), over
 * threads (Workers on MessagePorts) or child processes (stdio pipes).
 *
 * The parent owns the queue ({@linkcode WorkQueue}) and gives each worker one
 * task at a time over its duplex, so it always knows who holds what. When the
 * queue is finished each worker gets its own "FIN". A worker that dies
 * mid-task has its task handed to another: nothing is lost and nothing
 * appears twice in the results.
 *
 * "Dies" means the peer is gone — its duplex ends, or fails because the
 * other side closed, reset or exited ({@linkcode isPeerGone}). Any other
 * error (a codec that cannot encode a task, a bug in this file) is not a
 * death: the run stops, every worker is killed, and the error is thrown.
 *
 * @module
 */

import { jsonCodec, withCodec } from "../wire/codec.ts";
import {
  DuplexClosedError,
  ProtocolError,
  TruncatedFrameError,
} from "../wire/errors.ts";
import {
  spawnWorkerDuplex,
  WorkerCrashedError,
} from "../transports/worker_duplex.ts";
import { spawnDenoChild } from "../transports/pipe.ts";
import type { SpawnedPeer } from "../transports/spawned_peer.ts";
import { deadline } from "../util/deadline.ts";
import {
  assertPrimesBound,
  type FromWorker,
  POISON_PILL,
  type SimulatedTask,
  type ToWorker,
  wallClockMs,
} from "./task_protocol.ts";
import { WorkQueue } from "./work_queue.ts";

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
  }[];
  /** Wall time of the whole run, workers' start-up included, in ms. */
  elapsedMs: number;
}

/** How {@linkcode runTaskPool} is asked to run. */
type PoolOptions = Parameters<typeof runTaskPool>[1];

function startWorker(
  backend: PoolOptions["backend"],
  name: string,
): SpawnedPeer {
  const base = new URL("./workers/", import.meta.url);
  return backend === "thread"
    ? spawnWorkerDuplex(new URL("queue_thread.ts", base), name)
    : spawnDenoChild(new URL("queue_process.ts", base), { args: [name] });
}

/**
 * Whether an error means the worker's side is gone (closed, reset, exited,
 * crashed), which the pool survives by redelivery.
 *
 * @example A broken pipe is a death; a bug is not
 * ```ts
 * import { isPeerGone } from "./worker_pool.ts";
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

/** What every worker's driver shares during one run. */
interface PoolRun {
  options: PoolOptions;
  queue: WorkQueue<SimulatedTask>;
  report: TaskPoolReport;
  t0: number;
  /** Aborted when the run gives up, to free drivers waiting for a task. */
  stop: AbortSignal;
}

/**
 * Feeds one worker from the queue until its "FIN" or its death. Returns
 * normally for both; throws only what is not a death.
 */
async function driveWorker(
  peer: SpawnedPeer,
  name: string,
  run: PoolRun,
): Promise<void> {
  const { queue, report, t0 } = run;
  const channel = withCodec(peer.duplex, jsonCodec<ToWorker | FromWorker>());
  let inFlight: TaskPoolReport["deaths"][number]["inFlight"];
  const died = () =>
    void report.deaths.push({
      worker: name,
      redelivered: queue.workerDied(name),
      diedAtMs: wallClockMs() - t0,
      ...(inFlight ? { inFlight } : {}),
    });
  try {
    while (true) {
      const next = await queue.take(name, run.stop);
      if (next === null) {
        await channel.send({ kind: POISON_PILL });
        const bye = await channel.receive() as FromWorker | null;
        if (bye?.kind === "bye") {
          report.finishedWorkers.push({ worker: name, handled: bye.handled });
        }
        return;
      }
      const planned = run.options.killDuring;
      // A scheduled event of the demonstration, not a timeout.
      const killTimer = planned && next.attempt === 1 &&
          next.payload.name === planned.taskName
        ? setTimeout(() => peer.kill(), planned.afterMs)
        : undefined;
      inFlight = { name: next.payload.name, sentAtMs: wallClockMs() - t0 };
      let reply: FromWorker | null;
      try {
        await channel.send({
          kind: "task",
          id: next.id,
          attempt: next.attempt,
          task: next.payload,
        });
        reply = await channel.receive() as FromWorker | null;
      } finally {
        clearTimeout(killTimer);
      }
      if (reply === null) return died();
      if (reply.kind !== "result") {
        throw new ProtocolError(
          `Worker ${name} answered a task with no result`,
        );
      }
      inFlight = undefined;
      if (queue.complete(name, reply.id)) {
        report.results.push({
          id: reply.id,
          name: next.payload.name,
          worker: reply.worker,
          attempt: next.attempt,
          startMs: reply.startMs - t0,
          endMs: reply.endMs - t0,
          output: reply.output,
          ...(reply.value === undefined ? {} : { value: reply.value }),
        });
      }
    }
  } catch (error) {
    if (!isPeerGone(error)) throw error;
    died();
  }
}

/**
 * Runs `tasks` on a pool and returns the result queue's contents.
 *
 * @example Three threads, five tasks, every task exactly once
 * ```ts
 * import { runTaskPool } from "./worker_pool.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const tasks = [1, 2, 3, 4, 5].map((i) => ({ name: `T${i}`, workMs: 5 }));
 * const report = await runTaskPool(tasks, { workers: 3, backend: "thread" });
 * assertEquals(report.results.map((r) => r.name).sort(), ["T1", "T2", "T3", "T4", "T5"]);
 * assertEquals(report.finishedWorkers.length, 3);
 * ```
 */
export async function runTaskPool(
  tasks: readonly SimulatedTask[],
  options: {
    /** How many workers take tasks from the queue. */
    workers: number;
    /** Threads (Workers on MessagePorts) or child processes (stdio pipes). */
    backend: "thread" | "process";
    /** Kill the worker that takes this task (first attempt), `afterMs` into it. */
    killDuring?: { taskName: string; afterMs: number };
    /** Whole run bound (default 30 s): workers are killed and it rejects. */
    timeoutMs?: number;
  },
): Promise<TaskPoolReport> {
  if (!Number.isInteger(options.workers) || options.workers < 1) {
    throw new RangeError(
      `Workers must be a positive integer, not ${options.workers}`,
    );
  }
  for (const task of tasks) {
    // Checked here, so a bad bound is one clear error, not dying workers.
    if (task.primesBelow !== undefined) assertPrimesBound(task.primesBelow);
  }
  const queue = new WorkQueue<SimulatedTask>();
  if (tasks.length > 0) {
    const producer = queue.openProducer();
    for (const task of tasks) producer.put(task);
    producer.close();
  }
  const stop = new AbortController();
  const run: PoolRun = {
    options,
    queue,
    t0: wallClockMs(),
    stop: stop.signal,
    report: { results: [], finishedWorkers: [], deaths: [], elapsedMs: 0 },
  };
  const peers: SpawnedPeer[] = [];
  const drivers = Array.from({ length: options.workers }, async (_, i) => {
    const name = `${options.backend === "thread" ? "hilo" : "proceso"}-${i}`;
    await using peer = startWorker(options.backend, name);
    peers.push(peer);
    await driveWorker(peer, name, run);
  });
  try {
    await deadline(
      Promise.all(drivers),
      options.timeoutMs ?? 30_000,
      "the task pool",
    );
  } catch (error) {
    // Give up: free the drivers (idle ones wait for a task, busy ones for a
    // reply that a killed worker never sends), then report the cause.
    stop.abort(error);
    for (const peer of peers) peer.kill();
    await deadline(
      Promise.allSettled(drivers),
      10_000,
      "the pool's workers to stop",
    )
      .catch(() => {});
    throw error;
  }
  if (!queue.finished && tasks.length > 0) {
    throw new Error(
      `Every worker died: ${queue.pendingCount} task(s) never done`,
    );
  }
  run.report.results.sort((a, b) => a.startMs - b.startMs);
  run.report.elapsedMs = wallClockMs() - run.t0;
  return run.report;
}
