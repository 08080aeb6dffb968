/**
 * The task server's memory of results: a bounded window of the newest ones,
 * each under its own sequence id (a client's address is reused once its port
 * is free again, so it cannot be the key), and totals of everything stored.
 * A server that kept every result would grow without bound under a flood of
 * clients; this one keeps at most a count and a number of bytes.
 *
 * @module
 */

import { formatNumber } from "../notebook/number_format.ts";
import { deadline } from "../util/deadline.ts";
import { textCodec } from "../wire/codec.ts";

/** One result the task server stored. */
export interface TaskResult {
  /** Sequence number, from 1, in the order results were stored. */
  readonly id: number;
  /** The client's address, `host:port` (several results may share one). */
  readonly remote: string;
  /** The task the client was handed. */
  readonly task: string;
  /** What the client answered. */
  readonly result: string;
  /** The answer's size on the wire, in bytes. */
  readonly bytes: number;
}

/** What the task server stored over its whole life, evicted results included. */
export interface TaskResultTotals {
  /** Results stored. */
  stored: number;
  /** Their bytes on the wire. */
  bytes: number;
  /** Results that fell out of the window. */
  evicted: number;
}

/** Results the task server keeps by default (every notebook demo fits). */
export const TASK_KEEP_RESULTS = 1000;

/** Bytes of results the task server keeps by default (16 MiB). */
export const TASK_KEEP_RESULT_BYTES = 16 * 1024 * 1024;

/**
 * The newest results, within a count and a byte budget, plus totals and
 * waiters for "N results stored".
 *
 * @example A window of two keeps the newest two and counts all three
 * ```ts
 * import { TaskResultWindow } from "./task_results.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const window = new TaskResultWindow({ keepResults: 2 });
 * for (const answer of ["1", "22", "333"]) {
 *   window.store("127.0.0.1:5000", "tarea", new TextEncoder().encode(answer));
 * }
 * assertEquals([...window.results.values()].map((r) => r.result), ["22", "333"]);
 * assertEquals(window.totals(), { stored: 3, bytes: 6, evicted: 1 });
 * await window.waitFor(3, 10);
 * ```
 */
export class TaskResultWindow {
  /** The kept results by sequence id, oldest first. */
  readonly results: ReadonlyMap<number, TaskResult>;
  readonly #results = new Map<number, TaskResult>();
  readonly #keepResults: number;
  readonly #keepBytes: number;
  #keptBytes = 0;
  readonly #totals: TaskResultTotals = { stored: 0, bytes: 0, evicted: 0 };
  #waiters: { count: number; resolve: () => void }[] = [];

  /** Checks the limits: whole numbers ≥ 0, or a `RangeError`. */
  constructor(
    limits: { keepResults?: number; keepResultBytes?: number } = {},
  ) {
    this.#keepResults = checkLimit("keepResults", limits.keepResults) ??
      TASK_KEEP_RESULTS;
    this.#keepBytes = checkLimit("keepResultBytes", limits.keepResultBytes) ??
      TASK_KEEP_RESULT_BYTES;
    this.results = this.#results;
  }

  /** Stores one answer, evicting the oldest past the limits; returns its id. */
  store(remote: string, task: string, answer: Uint8Array): number {
    const id = ++this.#totals.stored;
    this.#totals.bytes += answer.length;
    // A view into a reader's larger buffer would pin all of it.
    const owned = answer.byteLength === answer.buffer.byteLength
      ? answer
      : answer.slice();
    this.#results.set(id, storedResult(id, remote, task, owned));
    this.#keptBytes += owned.length;
    // A Map iterates in insertion order, so its first entry is the oldest.
    for (const [oldId, old] of this.#results) {
      if (
        this.#results.size <= this.#keepResults &&
        this.#keptBytes <= this.#keepBytes
      ) break;
      this.#results.delete(oldId);
      this.#keptBytes -= old.bytes;
      this.#totals.evicted++;
    }
    const ready = this.#waiters.filter((w) => w.count <= this.#totals.stored);
    this.#waiters = this.#waiters.filter((w) => w.count > this.#totals.stored);
    for (const waiter of ready) waiter.resolve();
    return id;
  }

  /** Counts of every result stored so far, evicted ones included. */
  totals(): TaskResultTotals {
    return { ...this.#totals };
  }

  /** Resolves once `count` results were stored in all; a `WaitTimeoutError` after `timeoutMs`. */
  waitFor(count: number, timeoutMs: number): Promise<void> {
    if (this.#totals.stored >= count) return Promise.resolve();
    return deadline(
      new Promise<void>((resolve) => this.#waiters.push({ count, resolve })),
      timeoutMs,
      `${formatNumber(count)} resultados de tareas`,
    );
  }
}

// Kept as bytes and decoded when read: strings that survive a while in V8's
// heap leave it fragmented (RSS grew ~100 MB more for a 1 MiB window).
function storedResult(
  id: number,
  remote: string,
  task: string,
  bytes: Uint8Array,
): TaskResult {
  return {
    id,
    remote,
    task,
    bytes: bytes.length,
    get result() {
      return textCodec.decode(bytes);
    },
  };
}

function checkLimit(name: string, value: number | undefined) {
  if (value !== undefined && !(Number.isSafeInteger(value) && value >= 0)) {
    throw new RangeError(`${name} debe ser un entero ≥ 0, no ${value}`);
  }
  return value;
}
