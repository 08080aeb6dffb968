/**
 * A FIFO queue of values with blocking `get` (bounded by a timeout) and a
 * clean end: the kit's stand-in for `multiprocessing.Queue` and for POSIX
 * message queues (`mq_open`) inside one process.
 *
 * What it shares with `mq_*`: whole messages, FIFO order, many producers and
 * consumers, a reader that blocks while it is empty. What differs (notebook
 * 04 explains): it lives in this process's memory, not as a kernel object
 * named `/cola` that outlives the process; it has no priorities and no
 * kernel-enforced `mq_maxmsg`/`mq_msgsize` limits (here `capacity` makes
 * `put` wait when full).
 *
 * @module
 */

import { deadline } from "../util/deadline.ts";

/** Options of {@linkcode MessageQueue}. */
export interface MessageQueueOptions {
  /** Most items held; `put` waits when full (default unbounded). */
  capacity?: number;
}

/**
 * An async FIFO queue. Exists because the exercises and patterns need a
 * queue with a closed state and bounded waits, which arrays do not have.
 */
export class MessageQueue<T> {
  #items: T[] = [];
  #getters: ((value: { item: T } | null) => void)[] = [];
  #putters: (() => void)[] = [];
  #closed = false;
  #capacity: number;

  /**
   * Creates an empty queue.
   *
   * @example Put, get, close
   * ```ts
   * import { MessageQueue } from "./message_queue.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const queue = new MessageQueue<string>();
   * await queue.put("hello");
   * assertEquals(await queue.get(100), "hello");
   * queue.close();
   * assertEquals(await queue.get(100), null);
   * ```
   */
  constructor(options: MessageQueueOptions = {}) {
    this.#capacity = options.capacity ?? Infinity;
    if (!(this.#capacity >= 1)) {
      throw new RangeError(
        `La capacidad de la cola debe ser al menos 1, no ${options.capacity}`,
      );
    }
  }

  /** Items waiting. */
  get size(): number {
    return this.#items.length;
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Adds an item, waiting while the queue is full. */
  async put(item: T): Promise<void> {
    while (this.#items.length >= this.#capacity && !this.#closed) {
      await new Promise<void>((resolve) => this.#putters.push(resolve));
    }
    if (this.#closed) {
      throw new TypeError("No se puede encolar: la cola ya está cerrada");
    }
    const getter = this.#getters.shift();
    if (getter) getter({ item });
    else this.#items.push(item);
  }

  /**
   * The next item; `null` once closed and drained. Waiting longer than
   * `timeoutMs` is a `WaitTimeoutError` (nothing is taken).
   *
   * @example An empty queue times out and keeps nothing
   * ```ts
   * import { MessageQueue } from "./message_queue.ts";
   * import { WaitTimeoutError } from "../util/deadline.ts";
   * import { assertEquals, assertRejects } from "@std/assert";
   *
   * const queue = new MessageQueue<string>();
   * await assertRejects(() => queue.get(20), WaitTimeoutError);
   * await queue.put("tarde");
   * assertEquals(await queue.get(), "tarde");
   * ```
   */
  async get(timeoutMs = 5000): Promise<T | null> {
    if (this.#items.length > 0) {
      const item = this.#items.shift()!;
      this.#putters.shift()?.();
      return item;
    }
    if (this.#closed) return null;
    let getter!: (value: { item: T } | null) => void;
    const got = new Promise<{ item: T } | null>((resolve) => getter = resolve);
    this.#getters.push(getter);
    try {
      const result = await deadline(got, timeoutMs, "un elemento en la cola");
      return result === null ? null : result.item;
    } catch (error) {
      // Withdraw, so a later put does not hand its item to nobody.
      this.#getters.splice(this.#getters.indexOf(getter), 1);
      throw error;
    }
  }

  /** No more puts; waiting getters receive `null` once the queue is empty. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const getter of this.#getters.splice(0)) getter(null);
    for (const putter of this.#putters.splice(0)) putter();
  }
}
