/**
 * The bookkeeping of a task queue served to a pool of workers, with no I/O.
 *
 * The workshop's `multiprocessing.Queue` version (Taller §1.3) loses a task
 * when a worker dies holding it: the task left the queue and no one brings it
 * back. This broker keeps every task *in flight* against the worker that took
 * it until its result arrives, so a dead worker's task goes back to the front
 * of the queue (redelivery), and a result that arrives twice is counted once.
 * It ends cleanly: `take()` answers `null` (the "FIN" of the workshop) only
 * when every producer closed, the queue is empty and nothing is in flight.
 *
 * @module
 */

/** A task as the queue stores it. */
export interface QueuedTask<T> {
  id: number;
  payload: T;
  /** 1 on first delivery, 2 after one redelivery, … */
  attempt: number;
}

/** A producer's handle: put tasks, then close. */
export interface QueueProducer<T> {
  put(payload: T): number;
  close(): void;
}

/**
 * The broker. Exists separately from the pool so its rules (no loss, no
 * duplicate, clean end) are tested on plain values.
 */
export class WorkQueue<T> {
  #pending: QueuedTask<T>[] = [];
  #inFlight = new Map<string, Map<number, QueuedTask<T>>>();
  #done = new Set<number>();
  #openProducers = 0;
  #everHadProducer = false;
  #nextId = 1;
  #waiters: (() => void)[] = [];

  /**
   * Registers a producer; the queue finishes only after all producers close.
   *
   * @example Two producers, one consumer, clean end
   * ```ts
   * import { WorkQueue } from "./work_queue.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const queue = new WorkQueue<string>();
   * const p1 = queue.openProducer();
   * const p2 = queue.openProducer();
   * p1.put("T1");
   * p2.put("T2");
   * p1.close();
   * p2.close();
   * const seen: string[] = [];
   * for (let t = await queue.take("w"); t; t = await queue.take("w")) {
   *   seen.push(t.payload);
   *   queue.complete("w", t.id);
   * }
   * assertEquals(seen, ["T1", "T2"]);
   * ```
   */
  openProducer(): QueueProducer<T> {
    this.#openProducers++;
    this.#everHadProducer = true;
    let open = true;
    return {
      put: (payload) => {
        if (!open) {
          throw new TypeError(
            "No se puede encolar: este productor ya está cerrado",
          );
        }
        const id = this.#nextId++;
        this.#pending.push({ id, payload, attempt: 1 });
        this.#wake();
        return id;
      },
      close: () => {
        if (!open) return;
        open = false;
        this.#openProducers--;
        this.#wake();
      },
    };
  }

  /** Tasks waiting to be taken. */
  get pendingCount(): number {
    return this.#pending.length;
  }

  /** Tasks taken and not yet completed. */
  get inFlightCount(): number {
    let n = 0;
    for (const tasks of this.#inFlight.values()) n += tasks.size;
    return n;
  }

  /** Whether no more work can ever come. */
  get finished(): boolean {
    return this.#everHadProducer && this.#openProducers === 0 &&
      this.#pending.length === 0 && this.inFlightCount === 0;
  }

  /**
   * The next task for `worker`, waiting while work may still come; `null`
   * when the queue is finished (send the worker its "FIN"). An aborted
   * `signal` ends the wait with the signal's reason (a pool that is giving
   * up stops its idle workers this way).
   *
   * @example Giving up a wait
   * ```ts
   * import { WorkQueue } from "./work_queue.ts";
   * import { assertRejects } from "@std/assert";
   *
   * const queue = new WorkQueue<string>();
   * queue.openProducer(); // open: take() would wait for a put
   * const stop = new AbortController();
   * const waiting = queue.take("w", stop.signal);
   * stop.abort(new RangeError("stop"));
   * await assertRejects(() => waiting, RangeError, "stop");
   * ```
   */
  async take(
    worker: string,
    signal?: AbortSignal,
  ): Promise<QueuedTask<T> | null> {
    while (true) {
      signal?.throwIfAborted();
      const task = this.#pending.shift();
      if (task) {
        if (!this.#inFlight.has(worker)) this.#inFlight.set(worker, new Map());
        this.#inFlight.get(worker)!.set(task.id, task);
        return task;
      }
      if (this.finished || !this.#everHadProducer) return null;
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => reject(signal!.reason);
        signal?.addEventListener("abort", onAbort, { once: true });
        this.#waiters.push(() => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        });
      });
    }
  }

  /**
   * Records a result. Returns `false` for a task already completed (a
   * duplicate) or one this worker does not hold.
   */
  complete(worker: string, taskId: number): boolean {
    const held = this.#inFlight.get(worker);
    if (!held?.delete(taskId) || this.#done.has(taskId)) return false;
    this.#done.add(taskId);
    this.#wake();
    return true;
  }

  /**
   * A worker died: its in-flight tasks go back to the front of the queue
   * with their attempt count raised. Returns the redelivered task ids.
   *
   * @example Nothing lost when a worker dies
   * ```ts
   * import { WorkQueue } from "./work_queue.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const queue = new WorkQueue<string>();
   * const producer = queue.openProducer();
   * producer.put("T1");
   * producer.close();
   * const task = (await queue.take("w1"))!;
   * assertEquals(queue.workerDied("w1"), [task.id]);
   * const again = (await queue.take("w2"))!;
   * assertEquals([again.payload, again.attempt], ["T1", 2]);
   * ```
   */
  workerDied(worker: string): number[] {
    const held = this.#inFlight.get(worker);
    this.#inFlight.delete(worker);
    if (!held || held.size === 0) return [];
    const back = [...held.values()].map((t) => ({
      ...t,
      attempt: t.attempt + 1,
    }));
    this.#pending.unshift(...back);
    this.#wake();
    return back.map((t) => t.id);
  }

  #wake(): void {
    for (const wake of this.#waiters.splice(0)) wake();
  }
}
