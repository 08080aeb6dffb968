/**
 * The messages between the pool's parent and its workers, and the worker's
 * loop, shared by the thread and the child-process workers.
 *
 * The worker side is deliberately the workshop's loop — take a task, do it,
 * put the result, stop at "FIN" — with one addition: every result says which
 * worker did it and when (wall-clock milliseconds, comparable across
 * processes), so the parent can draw who ran what when.
 *
 * @module
 */

import type { MessageDuplex } from "../wire/duplex.ts";
import { jsonCodec, withCodec } from "../wire/codec.ts";
import { ProtocolError } from "../wire/errors.ts";
import { formatNumber } from "../notebook/number_format.ts";

/** The poison pill of the workshop. */
export const POISON_PILL = "FIN";

/**
 * A task of the workshop's loop: a name, how long it waits on a timer, and
 * optionally real CPU work. The timer lets two workers on one core overlap
 * (it shows distribution, not computation); the CPU part is what speed-up
 * measurements need, because only real computation competes for cores.
 */
export interface SimulatedTask {
  /** The task's name, as the results show it. */
  name: string;
  /** How long the worker waits on a timer for it, in ms. */
  workMs: number;
  /**
   * CPU-bound part, done before the wait: count the primes below this bound
   * by trial division ({@linkcode countPrimesBelow}); the count comes back
   * as the result's `value`, so the parent can check the work was done.
   */
  primesBelow?: number;
}

/** The largest `primesBelow` a worker accepts (about seconds of CPU). */
export const MAX_PRIMES_BELOW = 10_000_000;

/** Parent → worker. */
export type ToWorker =
  | { kind: "task"; id: number; attempt: number; task: SimulatedTask }
  | { kind: typeof POISON_PILL };

/** Worker → parent. */
export type FromWorker =
  | {
    kind: "result";
    id: number;
    worker: string;
    startMs: number;
    endMs: number;
    output: string;
    /** The prime count, when the task had `primesBelow`. */
    value?: number;
  }
  | { kind: "bye"; worker: string; handled: number };

/**
 * Wall-clock milliseconds with sub-millisecond precision, same in every process.
 *
 * @example Close to Date.now()
 * ```ts
 * import { wallClockMs } from "./task_protocol.ts";
 * import { assert } from "@std/assert";
 *
 * assert(Math.abs(wallClockMs() - Date.now()) < 1000);
 * ```
 */
export function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Counts the primes below `bound` by trial division: a deterministic,
 * allocation-free busy computation whose answer is known (π(10⁵) = 9592),
 * so a benchmark can both load a core and check the result.
 *
 * @example The known counts
 * ```ts
 * import { countPrimesBelow } from "./task_protocol.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 *
 * assertEquals([0, 2, 3, 10, 100, 100_000].map(countPrimesBelow), [0, 0, 1, 4, 25, 9592]);
 * assertThrows(() => countPrimesBelow(-1), RangeError);
 * ```
 */
export function countPrimesBelow(bound: number): number {
  assertPrimesBound(bound);
  let count = bound > 2 ? 1 : 0;
  for (let candidate = 3; candidate < bound; candidate += 2) {
    let prime = true;
    for (let divisor = 3; divisor * divisor <= candidate; divisor += 2) {
      if (candidate % divisor === 0) {
        prime = false;
        break;
      }
    }
    if (prime) count++;
  }
  return count;
}

/**
 * Throws a RangeError unless `bound` is an integer in 0…{@linkcode MAX_PRIMES_BELOW}:
 * a task from a wire must not be able to keep a worker busy for hours.
 *
 * @example
 * ```ts
 * import { assertPrimesBound } from "./task_protocol.ts";
 * import { assertThrows } from "@std/assert";
 *
 * assertPrimesBound(1000);
 * assertThrows(() => assertPrimesBound(1.5), RangeError, "entero");
 * assertThrows(() => assertPrimesBound(1e12), RangeError);
 * ```
 */
export function assertPrimesBound(bound: unknown): asserts bound is number {
  if (
    typeof bound !== "number" || !Number.isInteger(bound) || bound < 0 ||
    bound > MAX_PRIMES_BELOW
  ) {
    throw new RangeError(
      `El límite de primos debe ser un entero entre 0 y ${
        formatNumber(MAX_PRIMES_BELOW)
      }, no ${bound}`,
    );
  }
}

/**
 * The workshop's result line, "Tarea T3 completada". A task already named
 * "Tarea 3" (notebook 08 names them so) is not prefixed twice.
 *
 * @example Both ways of naming a task
 * ```ts
 * import { completionMessage } from "./task_protocol.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(completionMessage("T3"), "Tarea T3 completada");
 * assertEquals(completionMessage("Tarea 3"), "Tarea 3 completada");
 * assertEquals(completionMessage("tarea 3"), "tarea 3 completada");
 * assertEquals(completionMessage("Tareas"), "Tarea Tareas completada");
 * ```
 */
export function completionMessage(taskName: string): string {
  return /^tarea\b/i.test(taskName)
    ? `${taskName} completada`
    : `Tarea ${taskName} completada`;
}

/**
 * The worker's loop over any duplex: runs tasks until "FIN" (or the parent
 * vanishes), then says goodbye. Returns how many tasks it handled.
 *
 * @example A worker fed through an in-memory pair
 * ```ts
 * import { serveQueueTasks } from "./task_protocol.ts";
 * import { memoryDuplexPair } from "../wire/memory.ts";
 * import { jsonCodec, withCodec } from "../wire/codec.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const [parentEnd, workerEnd] = memoryDuplexPair();
 * const parent = withCodec(parentEnd, jsonCodec<Record<string, unknown>>());
 * const serving = serveQueueTasks(workerEnd, "w0");
 * await parent.send({ kind: "task", id: 1, attempt: 1, task: { name: "T1", workMs: 0 } });
 * assertEquals((await parent.receive())!.output, "Tarea T1 completada");
 * // A CPU-bound task: the count comes back as the result's value.
 * await parent.send({ kind: "task", id: 2, attempt: 1, task: { name: "T2", workMs: 0, primesBelow: 100 } });
 * assertEquals((await parent.receive())!.value, 25);
 * await parent.send({ kind: "FIN" });
 * assertEquals((await parent.receive())!.kind, "bye");
 * assertEquals(await serving, 2);
 * await parent.close();
 * ```
 */
export async function serveQueueTasks(
  duplex: MessageDuplex,
  worker: string,
): Promise<number> {
  const channel = withCodec(duplex, jsonCodec<ToWorker | FromWorker>());
  let handled = 0;
  while (true) {
    const message = await channel.receive() as ToWorker | null;
    if (message === null) return handled;
    if (message.kind === POISON_PILL) {
      await channel.send({ kind: "bye", worker, handled });
      await channel.close();
      return handled;
    }
    if (message.kind !== "task") {
      throw new ProtocolError("Tipo de mensaje inesperado para un worker");
    }
    const startMs = wallClockMs();
    const { primesBelow } = message.task;
    // Real work: occupies this worker's core until it is done.
    const value = primesBelow === undefined
      ? undefined
      : countPrimesBelow(primesBelow);
    // Simulated work: a timer, so two workers on one core still overlap.
    await new Promise((resolve) => setTimeout(resolve, message.task.workMs));
    handled++;
    await channel.send({
      kind: "result",
      id: message.id,
      worker,
      startMs,
      endMs: wallClockMs(),
      output: completionMessage(message.task.name),
      ...(value === undefined ? {} : { value }),
    });
  }
}
