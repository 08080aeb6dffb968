/**
 * The workshop (Taller 4) measured: its three task-distribution programs
 * timed end to end, the Nagle effect of its socket client's two writes, and
 * its written conclusions checked against benchmark records.
 *
 * @module
 */

import { countPrimesBelow } from "../patterns/task_protocol.ts";
import { runTaskPool } from "../patterns/worker_pool.ts";
import { encodeFrame } from "../wire/frame.ts";
import { framedDuplex } from "../wire/framed.ts";
import type { BenchRecord } from "./records.ts";
import { summarize } from "./stats.ts";
import {
  cpuFarmTask,
  runSocketTaskFarm,
  WAIT_TASK_DONE,
  waitFarmTask,
} from "./task_farm.ts";

/** One timed run of a method. */
export interface TaskRunFigures {
  /** How the tasks were distributed: the workshop's sockets, pipes or queues. */
  method: "sockets" | "pipes" | "queues";
  /** Workers (clients, child processes or threads) that ran the tasks. */
  workers: number;
  /** Tasks run. */
  tasks: number;
  /** Wall time of the whole run, start-up included. */
  seconds: number;
  /** `tasks / seconds`. */
  tasksPerSecond: number;
}

/** How the workshop distributes tasks (a run's `method`). */
export type WorkshopMethod = TaskRunFigures["method"];

/**
 * Speed-up of one method's run with `workers` workers over its run with one
 * worker (seconds with 1 ÷ seconds with N), from a list of timed runs.
 * A missing run is a `RangeError`, never a guessed figure.
 *
 * @example
 * ```ts
 * import { speedUpOver } from "./workshop.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 *
 * const runs = [
 *   { method: "queues" as const, workers: 1, tasks: 8, seconds: 2, tasksPerSecond: 4 },
 *   { method: "queues" as const, workers: 2, tasks: 8, seconds: 1, tasksPerSecond: 8 },
 * ];
 * assertEquals(speedUpOver(runs, "queues", 2), 2);
 * assertThrows(() => speedUpOver(runs, "pipes", 2), RangeError);
 * ```
 */
export function speedUpOver(
  runs: readonly TaskRunFigures[],
  method: TaskRunFigures["method"],
  workers: number,
): number {
  const find = (n: number) => {
    const run = runs.find((r) => r.method === method && r.workers === n);
    if (!run) {
      throw new RangeError(
        `No hay corrida de ${method} con ${n} workers para comparar`,
      );
    }
    return run;
  };
  return find(1).seconds / find(workers).seconds;
}

/**
 * Runs `tasks` tasks with `workers` workers by one of the workshop's methods
 * and times it, start-up included: sockets = the task server and that many
 * client Workers (one task per connection, as in the workshop); pipes =
 * child processes fed over stdio with "FIN"; queues = Workers on a task
 * queue with poison pills. `workMs` is how long each task waits on a timer
 * (the socket clients get an `espera N ms` task); `primesBelow` makes every
 * task CPU-bound (count the primes below it). On sockets a task is one or
 * the other. Every result is checked: a wrong or missing one throws.
 *
 * @example Sockets, three tiny tasks; queues, two CPU-bound ones
 * ```ts
 * import { timeWorkshopMethod } from "./workshop.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const run = await timeWorkshopMethod("sockets", { workers: 2, tasks: 3 });
 * assertEquals([run.method, run.tasks], ["sockets", 3]);
 * const cpu = await timeWorkshopMethod("queues", { workers: 2, tasks: 2, primesBelow: 1000 });
 * assertEquals(cpu.tasks, 2);
 * ```
 */
export async function timeWorkshopMethod(
  method: TaskRunFigures["method"],
  options: {
    /** Workers to run the tasks. */
    workers: number;
    /** Tasks to run. */
    tasks: number;
    /** Each task waits this long on a timer (default 0). */
    workMs?: number;
    /** Each task counts the primes below this (CPU-bound). */
    primesBelow?: number;
  },
): Promise<TaskRunFigures> {
  const { workers, tasks } = options;
  const workMs = options.workMs ?? 0;
  if (!Number.isInteger(workers) || workers < 1 || !(tasks >= 1)) {
    throw new RangeError("workers y tasks deben ser enteros positivos");
  }
  if (method === "sockets" && workMs > 0 && options.primesBelow !== undefined) {
    throw new RangeError(
      "Una tarea de la granja de sockets espera o calcula: indica workMs o primesBelow, no ambos",
    );
  }
  const { primesBelow } = options;
  // Known before the clock starts, so checking costs the run nothing.
  const expected = primesBelow === undefined
    ? null
    : countPrimesBelow(primesBelow);
  const start = performance.now();
  let values: unknown[];
  if (method === "sockets") {
    values = await runSocketTaskFarm({
      workers,
      tasks,
      task: primesBelow !== undefined
        ? cpuFarmTask(primesBelow)
        : workMs > 0
        ? waitFarmTask(workMs)
        : "2 + 2",
    });
    values = values.map((v) => expected === null ? v : Number(v));
  } else {
    const list = Array.from(
      { length: tasks },
      (_, i) => ({ name: `T${i + 1}`, workMs, primesBelow }),
    );
    const report = await runTaskPool(list, {
      workers,
      backend: method === "pipes" ? "process" : "thread",
    });
    values = report.results.map((r) => expected === null ? r.output : r.value);
  }
  const wanted = expected ??
    (method === "sockets" ? (workMs > 0 ? WAIT_TASK_DONE : "4") : null);
  const wrong = values.filter((v) => wanted !== null && v !== wanted);
  if (values.length !== tasks || wrong.length > 0) {
    throw new Error(
      `Se esperaban ${tasks} resultados${
        wanted === null ? "" : ` iguales a ${wanted}`
      }; ` +
        `llegaron ${values.length} (${wrong.length} incorrectos)`,
    );
  }
  const seconds = (performance.now() - start) / 1000;
  return { method, workers, tasks, seconds, tasksPerSecond: tasks / seconds };
}

/**
 * Round trips of the class's socket client, which writes the 4-byte prefix
 * and the body in two writes, against one write per frame — both on a
 * socket with Nagle's algorithm on (the default). Returns median ms.
 *
 * @example
 * ```ts
 * import { measureNagleEffect } from "./workshop.ts";
 * import { assert } from "@std/assert";
 *
 * const r = await measureNagleEffect(2);
 * assert(r.twoWritesMs > 0 && r.oneWriteMs > 0);
 * ```
 */
export async function measureNagleEffect(
  roundTrips = 4,
): Promise<{
  /** Median round trip (ms) when the prefix and the body go in two writes. */
  twoWritesMs: number;
  /** Median round trip (ms) with the whole frame in one write. */
  oneWriteMs: number;
}> {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const echo = (async () => {
    const conn = await listener.accept();
    const server = framedDuplex(conn);
    for (
      let m = await server.receive();
      m !== null;
      m = await server.receive()
    ) {
      await server.send(m);
    }
    await server.close();
  })();
  const conn = await Deno.connect({
    hostname: "127.0.0.1",
    port: listener.addr.port,
  });
  const reply = new Uint8Array(64);
  const body = new TextEncoder().encode("waku waku");
  const frame = encodeFrame(body);
  const time = async (write: () => Promise<void>) => {
    const samples: number[] = [];
    for (let i = 0; i < roundTrips; i++) {
      const t0 = performance.now();
      await write();
      let got = 0;
      while (got < frame.length) {
        const n = await conn.read(reply.subarray(got));
        if (n === null) throw new Error("El servidor eco cerró la conexión");
        got += n;
      }
      samples.push(performance.now() - t0);
    }
    return summarize(samples).median;
  };
  try {
    const twoWritesMs = await time(async () => {
      await conn.write(frame.subarray(0, 4)); // the class: prefix…
      await conn.write(frame.subarray(4)); // …then body, a second segment
    });
    const oneWriteMs = await time(async () => void await conn.write(frame));
    return { twoWritesMs, oneWriteMs };
  } finally {
    conn.close();
    await echo;
  }
}

/** One of the workshop's written conclusions, checked against records. */
export interface ClaimVerdict {
  /** The workshop's claim, in Spanish as the table shows it. */
  claim: string;
  /** Whose figures judged it: `"python"` (the workshop's own) or `"deno"`. */
  runtime: string;
  /** Whether the figures bear it out; null when one is missing. */
  holds: boolean | null;
  /** The latencies compared, e.g. `"pipe 30.0 µs vs queue 80.0 µs"`. */
  evidence: string;
}

function latency(
  records: readonly BenchRecord[],
  runtime: string,
  mechanism: string,
  size: number,
): number | null {
  return records.find((r) =>
    r.runtime === runtime && r.mechanism === mechanism && r.size === size &&
    r.metric === "latency"
  )?.median ?? null;
}

/**
 * Checks the workshop's ranking ("pipes fastest, queues a bit slower,
 * sockets slowest") on round-trip latency at `size`, for Python (the
 * workshop's own mechanisms) and for the kit. `holds` is null when a figure
 * is missing.
 *
 * @example
 * ```ts
 * import { checkWorkshopClaims } from "./workshop.ts";
 * import { aggregateRuns, runFromRaw } from "./records.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const records = aggregateRuns([
 *   runFromRaw("pipe", "python", 64, [30], 1, 1),
 *   runFromRaw("queue", "python", 64, [80], 1, 1),
 *   runFromRaw("tcp", "python", 64, [25], 1, 1),
 * ]);
 * const verdicts = checkWorkshopClaims(records, 64);
 * assertEquals(verdicts.map((v) => v.holds).slice(0, 2), [true, false]);
 * ```
 */
export function checkWorkshopClaims(
  records: readonly BenchRecord[],
  size = 64,
): ClaimVerdict[] {
  const names = {
    python: { pipe: "pipe", queue: "queue", socket: "tcp" },
    deno: { pipe: "pipe", queue: "channel", socket: "tcp" },
  };
  const verdicts: ClaimVerdict[] = [];
  for (const [runtime, n] of Object.entries(names)) {
    const pipe = latency(records, runtime, n.pipe, size);
    const queue = latency(records, runtime, n.queue, size);
    const socket = latency(records, runtime, n.socket, size);
    const fmt = (label: string, v: number | null) =>
      `${label} ${v === null ? "—" : v.toFixed(1)} µs`;
    const compare = (a: number | null, b: number | null) =>
      a === null || b === null ? null : a < b;
    verdicts.push({
      claim: "las tuberías son más rápidas que las colas",
      runtime,
      holds: compare(pipe, queue),
      evidence: `${fmt(n.pipe, pipe)} vs ${fmt(n.queue, queue)}`,
    }, {
      claim: "los sockets son los más lentos",
      runtime,
      holds: socket === null || pipe === null || queue === null
        ? null
        : socket > pipe && socket > queue,
      evidence: `${fmt(n.socket, socket)} vs ${fmt(n.pipe, pipe)}, ${
        fmt(n.queue, queue)
      }`,
    });
  }
  return verdicts;
}
