/**
 * An open POSIX message queue (`mqd_t`): send with a priority, receive the
 * highest-priority message first (FIFO within one priority), read the
 * queue's attributes, close — and, for whoever owns the name, unlink.
 *
 * Every wait is bounded. A send or receive first tries once with a deadline
 * already past (it cannot block, and errno is readable on this thread); only
 * if the queue is full/empty does it wait, with `mq_timedsend` /
 * `mq_timedreceive` and an absolute `CLOCK_REALTIME` deadline, on a helper
 * thread (`nonblocking` FFI), so the event loop keeps running. Open queues
 * with {@linkcode createPosixQueue} / {@linkcode openPosixQueue}.
 *
 * @module
 */

import { describeErrno, ERRNO, errnoName, lastErrno } from "../ffi/libc.ts";
import {
  type MqFailure,
  PosixQueueError,
  PosixQueueMessageTooLargeError,
} from "./errors.ts";
import {
  decodeMqAttr,
  encodeMqAttr,
  MQ_FLAGS,
  MQ_PRIORITY_LIMIT,
  type MqLibc,
  realtimeDeadline,
  releaseMqLibc,
} from "../ffi/mq.ts";
import type {
  PosixQueueAttributes,
  PosixQueueMessage,
  PosixQueueReceiveOptions,
  PosixQueueSendOptions,
} from "./types.ts";
import { unlinkQueue } from "./binding.ts";
import { formatNumber } from "../notebook/number_format.ts";

const EXPIRED = realtimeDeadline(0);
const WOULD_WAIT = new Set([ERRNO.ETIMEDOUT, ERRNO.EAGAIN, ERRNO.EINTR]);

function checkWait(timeoutMs: number): number {
  if (!Number.isFinite(timeoutMs) || timeoutMs < 0 || timeoutMs > 600_000) {
    throw new RangeError(
      `El plazo debe estar entre 0 y 600.000 ms, no ${timeoutMs}`,
    );
  }
  return timeoutMs;
}

/**
 * An open descriptor of a named kernel queue. Exists so the descriptor's
 * lifetime (open, use, close, unlink) is one object `using` can own, and so
 * a close never pulls the descriptor from under a wait still running on a
 * helper thread (it is deferred until that wait ends — at its deadline at
 * the latest).
 *
 * @example A receive that waits, woken by a send
 * ```ts
 * import { createPosixQueue } from "./open.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using queue = createPosixQueue({ messageSize: 128 });
 * const waiting = queue.receive({ timeoutMs: 5000 });
 * setTimeout(() => queue.send("despierta", { priority: 3 }), 20);
 * const message = await waiting;
 * assertEquals([message.text, message.priority], ["despierta", 3]);
 * assertEquals(queue.attributes().currentMessages, 0);
 * ```
 */
export class PosixQueue implements Disposable, AsyncDisposable {
  /** The queue's name, e.g. `/kit-3f2a9c`. */
  readonly name: string;
  /** Whether closing also unlinks the name (removes the queue). */
  readonly unlinkOnClose: boolean;
  #libc: MqLibc;
  #mqd: number;
  #messageSize: number;
  #inFlight = new Set<Promise<unknown>>();
  #closed = false;

  /** Prefer {@linkcode createPosixQueue} / {@linkcode openPosixQueue}. */
  constructor(name: string, libc: MqLibc, mqd: number, unlinkOnClose: boolean) {
    this.name = name;
    this.unlinkOnClose = unlinkOnClose;
    this.#libc = libc;
    this.#mqd = mqd;
    this.#messageSize = this.attributes().messageSize;
  }

  /** Whether `close()` has run. */
  get closed(): boolean {
    return this.#closed;
  }

  /** The kernel's view of the queue now (`mq_getattr`). */
  attributes(): PosixQueueAttributes {
    this.#checkOpen();
    const raw = encodeMqAttr();
    if (this.#libc.mq_getattr(this.#mqd, raw) !== 0) {
      throw new PosixQueueError(this.#failure("mq_getattr"));
    }
    const attr = decodeMqAttr(raw);
    return {
      maxMessages: attr.maxMessages,
      messageSize: attr.messageSize,
      currentMessages: attr.currentMessages,
      nonBlocking: (attr.flags & MQ_FLAGS.O_NONBLOCK) !== 0,
    };
  }

  /**
   * Sends one message (bytes, or text as UTF-8) with a priority, waiting
   * (bounded) while the queue is full. Too long for `mq_msgsize`:
   * {@linkcode PosixQueueMessageTooLargeError}; full past the timeout:
   * `Deno.errors.TimedOut`.
   */
  async send(
    message: Uint8Array | string,
    options: PosixQueueSendOptions = {},
  ): Promise<void> {
    this.#checkOpen();
    const bytes = typeof message === "string"
      ? new TextEncoder().encode(message)
      : message;
    const priority = options.priority ?? 0;
    if (
      !Number.isInteger(priority) || priority < 0 ||
      priority >= MQ_PRIORITY_LIMIT
    ) {
      throw new RangeError(
        `La prioridad debe ser un entero entre 0 y ${
          MQ_PRIORITY_LIMIT - 1
        }, no ${priority}`,
      );
    }
    const deadline = Date.now() + checkWait(options.timeoutMs ?? 5000);
    const length = BigInt(bytes.length);
    for (;;) {
      this.#checkOpen();
      if (
        this.#libc.mq_timedsend(this.#mqd, bytes, length, priority, EXPIRED) ===
          0
      ) {
        return;
      }
      const errno = lastErrno(this.#libc);
      if (errno === ERRNO.EMSGSIZE) {
        throw new PosixQueueMessageTooLargeError(
          this.#failure("mq_timedsend", errno),
          bytes.length,
          this.#messageSize,
        );
      }
      if (!WOULD_WAIT.has(errno)) {
        throw new PosixQueueError(this.#failure("mq_timedsend", errno));
      }
      if (Date.now() >= deadline) {
        throw new Deno.errors.TimedOut(
          `La cola ${this.name} siguió llena durante ${
            formatNumber(options.timeoutMs ?? 5000)
          } ms`,
        );
      }
      const sent = await this.#track(
        this.#libc.mq_timedsend_waiting(
          this.#mqd,
          bytes,
          length,
          priority,
          realtimeDeadline(deadline),
        ),
      );
      if (sent === 0) return;
      // Failed on the helper thread, whose errno we cannot read: the next
      // synchronous attempt says why (or succeeds).
    }
  }

  /**
   * The highest-priority message (the oldest among equals), waiting
   * (bounded) while the queue is empty; `Deno.errors.TimedOut` if none came.
   */
  async receive(
    options: PosixQueueReceiveOptions = {},
  ): Promise<PosixQueueMessage> {
    const timeoutMs = checkWait(options.timeoutMs ?? 5000);
    const deadline = Date.now() + timeoutMs;
    const buffer = new Uint8Array(this.#messageSize);
    const priority = new Uint32Array(1);
    const size = BigInt(buffer.length);
    for (;;) {
      const now = this.tryReceive(buffer, priority);
      if (now !== null) return now;
      if (Date.now() >= deadline) {
        throw new Deno.errors.TimedOut(
          `No llegó ningún mensaje a ${this.name} en ${
            formatNumber(timeoutMs)
          } ms`,
        );
      }
      const length = await this.#track(
        this.#libc.mq_timedreceive_waiting(
          this.#mqd,
          buffer,
          size,
          priority,
          realtimeDeadline(deadline),
        ),
      );
      if (length >= 0n) return toMessage(buffer, Number(length), priority[0]);
      // As in send: errno stayed on the helper thread; loop and try again.
    }
  }

  /**
   * The highest-priority message if one is waiting, else `null` — never
   * waits. (`buffer`/`priority` let `receive` reuse its storage.)
   */
  tryReceive(
    buffer: Uint8Array = new Uint8Array(this.#messageSize),
    priority: Uint32Array = new Uint32Array(1),
  ): PosixQueueMessage | null {
    this.#checkOpen();
    const length = this.#libc.mq_timedreceive(
      this.#mqd,
      buffer,
      BigInt(buffer.length),
      priority,
      EXPIRED,
    );
    if (length >= 0n) return toMessage(buffer, Number(length), priority[0]);
    const errno = lastErrno(this.#libc);
    if (WOULD_WAIT.has(errno)) return null;
    throw new PosixQueueError(this.#failure("mq_timedreceive", errno));
  }

  /**
   * Closes the descriptor (after any wait in flight ends) and, when
   * `unlinkOnClose`, removes the name at once. Idempotent.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.unlinkOnClose) unlinkQueue(this.#libc, this.name);
    const finish = () => {
      this.#libc.mq_close(this.#mqd);
      releaseMqLibc();
    };
    if (this.#inFlight.size === 0) finish();
    else Promise.allSettled([...this.#inFlight]).then(finish);
  }

  /** `close()`, for `using`. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** `close()`, then waits until the descriptor is really closed. */
  async [Symbol.asyncDispose](): Promise<void> {
    const pending = [...this.#inFlight];
    this.close();
    await Promise.allSettled(pending);
  }

  #checkOpen(): void {
    if (this.#closed) {
      throw new TypeError(`La cola ${this.name} ya está cerrada`);
    }
  }

  #track<T>(call: Promise<T>): Promise<T> {
    this.#inFlight.add(call);
    return call.finally(() => this.#inFlight.delete(call));
  }

  #failure(call: string, errno = lastErrno(this.#libc)): MqFailure {
    return {
      call,
      queue: this.name,
      errno,
      code: errnoName(errno),
      reason: describeErrno(this.#libc, errno),
    };
  }
}

function toMessage(
  buffer: Uint8Array,
  length: number,
  priority: number,
): PosixQueueMessage {
  const bytes = buffer.slice(0, length);
  return { bytes, priority, text: new TextDecoder().decode(bytes) };
}
