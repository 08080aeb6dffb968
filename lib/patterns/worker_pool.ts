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
 * other side closed, reset or exited ({@linkcode isPeerGone}) — or it
 * stopped answering: a worker holding a task beats every 100 ms
 * (`pool_heartbeat.ts`), and one silent for `silenceMs` (stopped with
 * SIGSTOP, stuck in a synchronous loop) is killed and its task redelivered.
 * A silent worker may have done part of its task, or all of it with the
 * answer still unsent, so delivery is **at least once**: a task may run
 * twice, its result is kept once. A dead worker is replaced while the
 * `maxRestarts` budget lasts; when every worker is gone with tasks left the
 * run rejects with {@linkcode PoolExhaustedError}, which carries the results
 * already finished. Any other error (a codec that cannot encode a task, a
 * bug in this file) is not a death: the run stops, every worker is killed,
 * and the error is thrown.
 *
 * @module
 */

import { jsonCodec, withCodec } from "../wire/codec.ts";
import { ProtocolError } from "../wire/errors.ts";
import { spawnWorkerDuplex } from "../transports/worker_duplex.ts";
import { spawnDenoChild } from "../transports/pipe.ts";
import type { SpawnedPeer } from "../transports/spawned_peer.ts";
import { deadline } from "../util/deadline.ts";
import {
  type AliveMessage,
  receiveSkippingBeats,
  WorkerSilentError,
} from "./pool_heartbeat.ts";
import {
  assertPrimesBound,
  type FromWorker,
  POISON_PILL,
  type SimulatedTask,
  type ToWorker,
  wallClockMs,
} from "./task_protocol.ts";
import { WorkQueue } from "./work_queue.ts";
import {
  DEFAULT_MAX_RESTARTS,
  DEFAULT_SILENCE_MS,
  isPeerGone,
  PoolExhaustedError,
  type TaskPoolOptions,
  type TaskPoolReport,
} from "./pool_report.ts";

export {
  DEFAULT_MAX_RESTARTS,
  DEFAULT_SILENCE_MS,
  isPeerGone,
  PoolExhaustedError,
  type TaskPoolOptions,
  type TaskPoolReport,
};

type PoolOptions = TaskPoolOptions;

function startWorker(
  backend: PoolOptions["backend"],
  name: string,
): SpawnedPeer {
  const base = new URL("./workers/", import.meta.url);
  return backend === "thread"
    ? spawnWorkerDuplex(new URL("queue_thread.ts", base), name)
    : spawnDenoChild(new URL("queue_process.ts", base), { args: [name] });
}

/** Stops a child process in place (SIGSTOP): alive, silent, holding its task. */
function freeze(peer: SpawnedPeer): void {
  const pid = (peer as Partial<{ pid: number }>).pid;
  if (pid === undefined) {
    throw new TypeError(
      "Solo un worker que es un proceso se puede detener (stallDuring)",
    );
  }
  Deno.kill(pid, "SIGSTOP");
}

/** What every worker's driver shares during one run. */
interface PoolRun {
  options: PoolOptions;
  queue: WorkQueue<SimulatedTask>;
  report: TaskPoolReport;
  t0: number;
  /** Aborted when the run gives up, to free drivers waiting for a task. */
  stop: AbortSignal;
  /** Replacements still allowed. */
  restartsLeft: number;
  /** Every worker started, for killing them all on give-up. */
  peers: SpawnedPeer[];
  /** Names handed out so far (the next worker is `<kind>-<started>`). */
  started: number;
}

/**
 * Feeds one worker from the queue until its "FIN" or its death. Returns
 * "done" or "died"; throws only what is not a death.
 */
async function driveWorker(
  peer: SpawnedPeer,
  name: string,
  run: PoolRun,
): Promise<"done" | "died"> {
  const { queue, report, t0 } = run;
  const channel = withCodec(
    peer.duplex,
    jsonCodec<ToWorker | FromWorker | AliveMessage>(),
  );
  const silenceMs = run.options.silenceMs ?? DEFAULT_SILENCE_MS;
  const reply = () =>
    receiveSkippingBeats(
      () => channel.receive() as Promise<FromWorker | AliveMessage | null>,
      name,
      silenceMs,
    );
  let inFlight: TaskPoolReport["deaths"][number]["inFlight"];
  const died = (cause: "gone" | "silent") => {
    report.deaths.push({
      worker: name,
      redelivered: queue.workerDied(name),
      diedAtMs: wallClockMs() - t0,
      ...(inFlight ? { inFlight } : {}),
      cause,
    });
    return "died" as const;
  };
  try {
    while (true) {
      const next = await queue.take(name, run.stop);
      if (next === null) {
        await channel.send({ kind: POISON_PILL });
        const bye = await reply();
        if (bye?.kind === "bye") {
          report.finishedWorkers.push({ worker: name, handled: bye.handled });
        }
        return "done";
      }
      // Scheduled events of the demonstrations, not timeouts.
      const planned = (event?: { taskName: string }) =>
        event && next.attempt === 1 && next.payload.name === event.taskName;
      const { killDuring, stallDuring } = run.options;
      const killTimer = planned(killDuring)
        ? setTimeout(() => peer.kill(), killDuring!.afterMs)
        : planned(stallDuring)
        ? setTimeout(() => freeze(peer), stallDuring!.afterMs)
        : undefined;
      inFlight = { name: next.payload.name, sentAtMs: wallClockMs() - t0 };
      let answer: FromWorker | null;
      try {
        await channel.send({
          kind: "task",
          id: next.id,
          attempt: next.attempt,
          task: next.payload,
        });
        answer = await reply();
      } finally {
        clearTimeout(killTimer);
      }
      if (answer === null) return died("gone");
      if (answer.kind !== "result") {
        throw new ProtocolError(
          `El worker ${name} respondió una tarea sin resultado`,
        );
      }
      inFlight = undefined;
      if (queue.complete(name, answer.id)) {
        report.results.push({
          id: answer.id,
          name: next.payload.name,
          worker: answer.worker,
          attempt: next.attempt,
          startMs: answer.startMs - t0,
          endMs: answer.endMs - t0,
          output: answer.output,
          ...(answer.value === undefined ? {} : { value: answer.value }),
        });
      }
    }
  } catch (error) {
    if (error instanceof WorkerSilentError) {
      peer.kill(); // SIGKILL ends a stopped process too
      return died("silent");
    }
    if (!isPeerGone(error)) throw error;
    return died("gone");
  }
}

/**
 * One worker slot: starts a worker and drives it; when it dies and work is
 * left, starts a replacement while the run's budget lasts.
 */
async function driveSlot(run: PoolRun): Promise<void> {
  const kind = run.options.backend === "thread" ? "hilo" : "proceso";
  while (true) {
    const name = `${kind}-${run.started++}`;
    await using peer = startWorker(run.options.backend, name);
    run.peers.push(peer);
    const end = await driveWorker(peer, name, run);
    if (end === "done" || run.queue.finished || run.stop.aborted) return;
    if (run.restartsLeft <= 0) return;
    run.restartsLeft--;
    run.report.restarts++;
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
      `La cantidad de workers debe ser un entero positivo, no ${options.workers}`,
    );
  }
  const maxRestarts = options.maxRestarts ?? DEFAULT_MAX_RESTARTS;
  if (!Number.isInteger(maxRestarts) || maxRestarts < 0) {
    throw new RangeError(
      `maxRestarts debe ser un entero >= 0, no ${maxRestarts}`,
    );
  }
  if (options.silenceMs !== undefined && !(options.silenceMs >= 400)) {
    throw new RangeError(
      `silenceMs debe ser al menos 400 ms (4 latidos), no ${options.silenceMs}`,
    );
  }
  if (options.stallDuring && options.backend !== "process") {
    throw new TypeError(
      'stallDuring detiene un proceso (SIGSTOP): solo con backend "process"',
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
    restartsLeft: maxRestarts,
    peers: [],
    started: 0,
    report: {
      results: [],
      finishedWorkers: [],
      deaths: [],
      restarts: 0,
      elapsedMs: 0,
    },
  };
  const drivers = Array.from({ length: options.workers }, () => driveSlot(run));
  try {
    await deadline(
      Promise.all(drivers),
      options.timeoutMs ?? 30_000,
      "al pool de tareas",
    );
  } catch (error) {
    // Give up: free the drivers (idle ones wait for a task, busy ones for a
    // reply that a killed worker never sends), then report the cause.
    stop.abort(error);
    for (const peer of run.peers) peer.kill();
    await deadline(
      Promise.allSettled(drivers),
      10_000,
      "que se detengan los workers del pool",
    )
      .catch(() => {});
    throw error;
  }
  run.report.results.sort((a, b) => a.startMs - b.startMs);
  run.report.elapsedMs = wallClockMs() - run.t0;
  if (!queue.finished && tasks.length > 0) {
    throw new PoolExhaustedError(run.report, queue.pendingCount);
  }
  return run.report;
}
