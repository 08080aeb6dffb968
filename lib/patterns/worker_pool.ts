/**
 * A pool of N workers fed from one task queue, collecting one result queue:
 * the workshop's `multiprocessing.Queue` implementation (Taller §1.3), over
 * threads (Workers on MessagePorts) or child processes (stdio pipes).
 *
 * The parent owns the queue ({@linkcode WorkQueue}) and gives each worker one
 * task at a time over its duplex, so it always knows who holds what. When the
 * queue is finished each worker gets its own "FIN". A worker that dies
 * mid-task (its duplex ends or fails without a result) has its task handed to
 * another: nothing is lost and nothing appears twice in the results.
 *
 * @module
 */

import type { MessageDuplex } from "../wire/duplex.ts";
import { jsonCodec, withCodec } from "../wire/codec.ts";
import { spawnWorkerDuplex } from "../transports/worker_duplex.ts";
import { spawnDenoChild } from "../transports/pipe.ts";
import {
  assertPrimesBound,
  type FromWorker,
  POISON_PILL,
  type SimulatedTask,
  type ToWorker,
  wallClockMs,
} from "./task_protocol.ts";
import { WorkQueue } from "./work_queue.ts";

/** Threads (Workers) or child processes. */
export type PoolBackend = "thread" | "process";

/** Options of {@linkcode runTaskPool}. */
export interface TaskPoolOptions {
  workers: number;
  backend: PoolBackend;
  /** Kill the worker that takes this task (first attempt), `afterMs` into it. */
  killDuring?: { taskName: string; afterMs: number };
  /** Whole run bound (default 30 s): workers are killed and it rejects. */
  timeoutMs?: number;
}

/** One result, as the result queue records it. */
export interface TaskRecord {
  id: number;
  name: string;
  worker: string;
  attempt: number;
  /** Milliseconds since the pool started. */
  startMs: number;
  endMs: number;
  output: string;
  /** The worker's prime count, for a task with `primesBelow`. */
  value?: number;
}

/** A worker that died: when, what it was doing, and what was handed on. */
export interface WorkerDeath {
  worker: string;
  /** Task ids put back in the queue for other workers. */
  redelivered: number[];
  /** Milliseconds since the pool started, as seen by the pool. */
  diedAtMs: number;
  /** The task it had been sent and never answered, with when it was sent. */
  inFlight?: { name: string; sentAtMs: number };
}

/** What a run produced. */
export interface TaskPoolReport {
  results: TaskRecord[];
  /** Workers that acknowledged their "FIN", with how many tasks each did. */
  finishedWorkers: { worker: string; handled: number }[];
  /** Workers that died, and the task ids handed to others because of it. */
  deaths: WorkerDeath[];
  elapsedMs: number;
}

function startWorker(backend: PoolBackend, name: string): MessageDuplex {
  const base = new URL("./workers/", import.meta.url);
  return backend === "thread"
    ? spawnWorkerDuplex(new URL("queue_thread.ts", base), name)
    : spawnDenoChild(new URL("queue_process.ts", base), { args: [name] });
}

function kill(duplex: MessageDuplex): void {
  const target = duplex as { kill?: (s: Deno.Signal) => void; worker?: Worker };
  if (target.kill) target.kill("SIGKILL");
  else {
    target.worker?.terminate();
    (duplex as { markPeerDead?: () => void }).markPeerDead?.();
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
  options: TaskPoolOptions,
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
  const t0 = wallClockMs();
  const queue = new WorkQueue<SimulatedTask>();
  if (tasks.length > 0) {
    const producer = queue.openProducer();
    for (const task of tasks) producer.put(task);
    producer.close();
  }
  const report: TaskPoolReport = {
    results: [],
    finishedWorkers: [],
    deaths: [],
    elapsedMs: 0,
  };
  const duplexes: MessageDuplex[] = [];
  const drive = async (name: string): Promise<void> => {
    const duplex = startWorker(options.backend, name);
    duplexes.push(duplex);
    const channel = withCodec(duplex, jsonCodec<ToWorker | FromWorker>());
    let inFlight: WorkerDeath["inFlight"];
    try {
      while (true) {
        const next = await queue.take(name);
        if (next === null) {
          await channel.send({ kind: POISON_PILL });
          const bye = await channel.receive() as FromWorker | null;
          if (bye?.kind === "bye") {
            report.finishedWorkers.push({ worker: name, handled: bye.handled });
          }
          return;
        }
        const planned = options.killDuring;
        const killTimer = planned && next.attempt === 1 &&
            next.payload.name === planned.taskName
          ? setTimeout(() => kill(duplex), planned.afterMs)
          : undefined;
        inFlight = { name: next.payload.name, sentAtMs: wallClockMs() - t0 };
        await channel.send({
          kind: "task",
          id: next.id,
          attempt: next.attempt,
          task: next.payload,
        });
        const reply = await channel.receive().finally(() =>
          clearTimeout(killTimer)
        ) as FromWorker | null;
        if (reply === null || reply.kind !== "result") {
          throw new Error("Worker gone");
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
    } catch {
      report.deaths.push({
        worker: name,
        redelivered: queue.workerDied(name),
        diedAtMs: wallClockMs() - t0,
        ...(inFlight ? { inFlight } : {}),
      });
    } finally {
      await duplex.close();
    }
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const timedOut = new Promise<never>((_, reject) =>
    timer = setTimeout(() => {
      duplexes.forEach(kill);
      reject(
        new Deno.errors.TimedOut(`Task pool did not finish in ${timeoutMs} ms`),
      );
    }, timeoutMs)
  );
  try {
    const names = Array.from(
      { length: options.workers },
      (_, i) => `${options.backend === "thread" ? "hilo" : "proceso"}-${i}`,
    );
    await Promise.race([Promise.all(names.map(drive)), timedOut]);
  } finally {
    clearTimeout(timer);
  }
  if (!queue.finished && tasks.length > 0) {
    throw new Error(
      `Every worker died: ${queue.pendingCount} task(s) never done`,
    );
  }
  report.results.sort((a, b) => a.startMs - b.startMs);
  report.elapsedMs = wallClockMs() - t0;
  return report;
}
