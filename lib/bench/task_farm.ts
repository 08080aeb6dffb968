/**
 * The workshop's task farm over sockets with its clients on their own
 * threads: the task server runs here, each client is a Worker running the
 * kit's task client ({@linkcode runTaskClient}) for its share of the
 * connections. Clients in this thread would take turns on one core, so a
 * CPU-bound task could never speed up with more of them.
 *
 * The server hands out task text; a CPU-bound task is `primos < N` and the
 * client answers the prime count (the arithmetic tasks still go through the
 * kit's safe parser, never `eval`).
 *
 * @module
 */

import { delay } from "@std/async/delay";
import { formatNumber } from "../notebook/number_format.ts";
import { countPrimesBelow } from "../patterns/task_protocol.ts";
import { serveTasks, solveTask } from "../net/task.ts";
import { spawnWorkerDuplex } from "../transports/worker_duplex.ts";
import { jsonCodec, withCodec } from "../wire/codec.ts";
import type { MessageDuplex } from "../wire/duplex.ts";
import { ProtocolError } from "../wire/errors.ts";

/** Parent → farm client Worker: run this many connections to `port`. */
export interface FarmClientOrder {
  port: number;
  connections: number;
}

/** Farm client Worker → parent: every result it sent the server. */
export interface FarmClientReport {
  results: string[];
}

const CPU_TASK = /^primos < (\d+)$/;
const WAIT_TASK = /^espera (\d+) ms$/;

/** Longest wait a farm task may ask for: a client never sleeps unbounded. */
const MAX_WAIT_MS = 10_000;

/** What a farm client answers once a wait task is done. */
export const WAIT_TASK_DONE = "listo";

/**
 * The task text of a CPU-bound farm task.
 *
 * @example
 * ```ts
 * import { cpuFarmTask } from "./task_farm.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(cpuFarmTask(1000), "primos < 1000");
 * ```
 */
export function cpuFarmTask(primesBelow: number): string {
  return `primos < ${primesBelow}`;
}

/**
 * The task text of a farm task that only waits (the workshop's
 * `time.sleep`): the client sleeps on a timer, then answers
 * {@linkcode WAIT_TASK_DONE}.
 *
 * @example
 * ```ts
 * import { waitFarmTask } from "./task_farm.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 *
 * assertEquals(waitFarmTask(25), "espera 25 ms");
 * assertThrows(() => waitFarmTask(60_000), RangeError);
 * ```
 */
export function waitFarmTask(waitMs: number): string {
  if (!Number.isInteger(waitMs) || waitMs < 0 || waitMs > MAX_WAIT_MS) {
    throw new RangeError(
      `Una tarea de espera dura entre 0 y ${
        formatNumber(MAX_WAIT_MS)
      } ms enteros, no ${waitMs}`,
    );
  }
  return `espera ${waitMs} ms`;
}

/**
 * How a farm client answers a task: waits for `espera N ms` (then
 * {@linkcode WAIT_TASK_DONE}, asynchronously), the prime count for
 * `primos < N` (bounded: see `countPrimesBelow`), else the workshop's
 * arithmetic. Task text comes from a socket: it is matched, never evaluated.
 *
 * @example
 * ```ts
 * import { cpuFarmTask, solveFarmTask, waitFarmTask } from "./task_farm.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(solveFarmTask(cpuFarmTask(100)), "25");
 * assertEquals(solveFarmTask("2 + 2"), "4");
 * assertEquals(await solveFarmTask(waitFarmTask(1)), "listo");
 * assertEquals(
 *   solveFarmTask("espera 99999 ms"),
 *   "Error: Una espera de 99.999 ms supera el máximo de 10.000 ms",
 * );
 * ```
 */
export function solveFarmTask(task: string): string | Promise<string> {
  const wait = WAIT_TASK.exec(task.trim());
  if (wait !== null) {
    const ms = Number(wait[1]);
    if (ms > MAX_WAIT_MS) {
      return `Error: Una espera de ${formatNumber(ms)} ms supera el máximo de ${
        formatNumber(MAX_WAIT_MS)
      } ms`;
    }
    return delay(ms).then(() => WAIT_TASK_DONE);
  }
  const cpu = CPU_TASK.exec(task.trim());
  if (cpu === null) return solveTask(task);
  try {
    return String(countPrimesBelow(Number(cpu[1])));
  } catch (error) {
    return `Error: ${(error as Error).message}`;
  }
}

/**
 * Runs `tasks` connections to a fresh task server handing out `task`, spread
 * over `workers` client Workers (as even as possible; the workshop's clients
 * are independent programs, nobody balances them). Returns every result the
 * server stored, in arrival order.
 *
 * @example Two client Workers, five CPU-bound tasks
 * ```ts
 * import { cpuFarmTask, runSocketTaskFarm } from "./task_farm.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const results = await runSocketTaskFarm({ workers: 2, tasks: 5, task: cpuFarmTask(100) });
 * assertEquals(results, ["25", "25", "25", "25", "25"]);
 * ```
 */
export async function runSocketTaskFarm(
  options: { workers: number; tasks: number; task: string; timeoutMs?: number },
): Promise<string[]> {
  const { workers, tasks } = options;
  if (!Number.isInteger(workers) || workers < 1 || !Number.isInteger(tasks)) {
    throw new RangeError("workers y tasks deben ser enteros positivos");
  }
  const results: string[] = [];
  await using server = await serveTasks({
    tasks: [options.task],
    onEvent: (event) => {
      if (event.kind === "result") results.push(event.result);
    },
  });
  const entry = new URL("./task_farm_client.ts", import.meta.url);
  const clients: MessageDuplex[] = [];
  try {
    await Promise.all(Array.from({ length: workers }, async (_, i) => {
      const duplex = spawnWorkerDuplex(entry, `cliente-${i}`);
      clients.push(duplex);
      const channel = withCodec(
        duplex,
        jsonCodec<FarmClientOrder | FarmClientReport>(),
      );
      const connections = Math.floor(tasks / workers) +
        (i < tasks % workers ? 1 : 0);
      await channel.send({ port: server.port, connections });
      const report = await channel.receive() as FarmClientReport | null;
      if (report === null || !Array.isArray(report.results)) {
        throw new ProtocolError(
          "Un cliente de la granja terminó sin enviar su informe",
        );
      }
    }));
    await server.waitForResults(tasks, options.timeoutMs ?? 30_000);
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
  return results;
}
