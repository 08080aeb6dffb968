/**
 * A fixed set of Workers started once and reused for every parallel run of
 * the busy-work job. In a notebook kernel starting a Worker can cost more
 * than the job itself; a pool pays that once, so a cell can repeat the
 * measurement for 1, 2, 4… workers in a few seconds.
 *
 * @module
 */

import { splitWork } from "./busy_work.ts";
import type { JobRun } from "./parallelism.ts";
import { delay, withJoinTimeout } from "./timing.ts";
import { startWorker } from "../util/warm_workers.ts";

type PoolReply = { ready: true } | { checksum: number } | { error: string };

/** Why it exists: reusable Workers for repeated parallel measurements. */
export class ParallelPool implements Disposable {
  #workers: Worker[];
  #pending = new Map<Worker, (reply: PoolReply) => void>();
  #failure: Error | null = null;

  private constructor(workers: Worker[], readonly startupMs: number) {
    this.#workers = workers;
  }

  /**
   * Starts `size` Workers and waits (bounded) until all are ready.
   *
   * @example Runs on the pool compute the same checksums as the fresh-worker run
   * ```ts
   * import { ParallelPool } from "./parallel_pool.ts";
   * import { busyWork } from "./busy_work.ts";
   * import { assertEquals } from "@std/assert";
   *
   * using pool = await ParallelPool.start(2);
   * const run = await pool.run(2000, 2);
   * assertEquals(run.checksums, [busyWork(1000, 1), busyWork(1000, 2)]);
   * assertEquals((await pool.run(2000, 1)).checksums, [busyWork(2000, 1)]);
   * ```
   */
  static async start(size: number, timeoutMs = 30_000): Promise<ParallelPool> {
    if (!Number.isInteger(size) || size < 1 || size > 64) {
      throw new RangeError(
        `El pool debe tener entre 1 y 64 Workers (entero), no ${size}`,
      );
    }
    const began = performance.now();
    const workers: Worker[] = [];
    const ready: Promise<void>[] = [];
    for (let i = 0; i < size; i++) {
      const worker = startWorker(new URL("./pool_worker.ts", import.meta.url), {
        name: `parte ${i + 1}`,
      });
      workers.push(worker);
      ready.push(
        new Promise((resolve) => (worker.onmessage = () => resolve())),
      );
    }
    const pool = new ParallelPool(workers, 0);
    try {
      await withJoinTimeout(
        Promise.all(ready),
        timeoutMs,
        "el arranque del pool de Workers",
      );
    } catch (error) {
      pool[Symbol.dispose]();
      throw error;
    }
    const started = new ParallelPool(workers, performance.now() - began);
    for (const worker of workers) started.#listen(worker);
    return started;
  }

  /** How many Workers the pool holds. */
  get size(): number {
    return this.#workers.length;
  }

  #listen(worker: Worker): void {
    worker.onmessage = (event: MessageEvent<PoolReply>) => {
      const settle = this.#pending.get(worker);
      this.#pending.delete(worker);
      settle?.(event.data);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      this.#failure = new Error(`Falló un Worker del pool: ${event.message}`);
      const settle = this.#pending.get(worker);
      this.#pending.delete(worker);
      settle?.({ error: event.message });
    };
  }

  /** Runs the job split over the first `parts` Workers; timed from the gate. */
  async run(
    totalIterations: number,
    parts: number,
    timeoutMs = 30_000,
  ): Promise<JobRun> {
    if (this.#failure) throw this.#failure;
    if (!Number.isInteger(parts) || parts < 1 || parts > this.size) {
      throw new RangeError(
        `Las partes deben estar entre 1 y ${this.size}, no ${parts}`,
      );
    }
    const shares = splitWork(totalIterations, parts);
    const gate = new Int32Array(new SharedArrayBuffer(8));
    const replies = shares.map((iterations, i) => {
      const worker = this.#workers[i];
      const reply = new Promise<PoolReply>((resolve) =>
        this.#pending.set(worker, resolve)
      );
      worker.postMessage({ iterations, seed: i + 1, gate: gate.buffer });
      return reply;
    });
    const readyBy = performance.now() + timeoutMs;
    while (Atomics.load(gate, 1) < parts && performance.now() < readyBy) {
      await delay(1);
    }
    const start = performance.now();
    Atomics.store(gate, 0, 1);
    Atomics.notify(gate, 0);
    const done = await withJoinTimeout(
      Promise.all(replies),
      timeoutMs,
      "la corrida del pool",
    );
    const wallMs = performance.now() - start;
    const checksums = done.map((reply) => {
      if ("checksum" in reply) return reply.checksum;
      throw new Error(
        "error" in reply
          ? reply.error
          : "Un Worker del pool respondió fuera de turno",
      );
    });
    return { mode: "parallel", parts, wallMs, checksums };
  }

  /** Stops every Worker; a run still waiting fails with "El pool se cerró". */
  [Symbol.dispose](): void {
    for (const worker of this.#workers) worker.terminate();
    for (const settle of this.#pending.values()) {
      settle({ error: "El pool se cerró" });
    }
    this.#pending.clear();
  }
}
