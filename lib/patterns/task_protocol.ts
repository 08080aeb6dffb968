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

/** The poison pill of the workshop. */
export const POISON_PILL = "FIN";

/** A simulated task: a name and how long it keeps the worker busy. */
export interface SimulatedTask {
  name: string;
  workMs: number;
}

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
 * await parent.send({ kind: "FIN" });
 * assertEquals((await parent.receive())!.kind, "bye");
 * assertEquals(await serving, 1);
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
      throw new ProtocolError(`Unexpected message kind for a worker`);
    }
    const startMs = wallClockMs();
    // Simulated work: a timer, so two workers on one core still overlap.
    await new Promise((resolve) => setTimeout(resolve, message.task.workMs));
    handled++;
    await channel.send({
      kind: "result",
      id: message.id,
      worker,
      startMs,
      endMs: wallClockMs(),
      output: `Tarea ${message.task.name} completada`,
    });
  }
}
