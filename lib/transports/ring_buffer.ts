/**
 * A single-producer/single-consumer byte ring on a `SharedArrayBuffer`.
 *
 * Two threads (the main thread and a Worker, or two Workers) share one block
 * of memory; no message is copied through the runtime. The ring carries a
 * byte stream; {@linkcode RingProducer.writeMessage} frames each message with
 * the same 4-byte big-endian length prefix as the sockets, so messages of any
 * size pass through a ring of any capacity, piece by piece, across many
 * wrap-arounds.
 *
 * Memory layout: a 32-byte header of `Int32` slots, then `capacity` data bytes.
 * `head` and `tail` count bytes written and read since the start, modulo 2^32;
 * with a power-of-two capacity, `counter % capacity` stays correct across the
 * 2^32 wrap. Only the producer stores `head`, only the consumer stores `tail`:
 * that single-writer rule is why no lock is needed.
 *
 * Waiting is bounded: a short spin (a message often arrives within
 * microseconds), then `Atomics.wait` (Workers, `blocking: true`) or
 * `Atomics.waitAsync` (any thread) in slices, re-checking the close flags
 * after each slice, so close always wakes a waiter.
 *
 * @module
 */

import { FrameTooLargeError, TruncatedFrameError } from "../wire/errors.ts";

const HEAD = 0;
const TAIL = 1;
const WRITER_CLOSED = 2;
const READER_CLOSED = 3;
const HEADER_BYTES = 32;
const SPIN_CHECKS = 200;
const WAIT_SLICE_MS = 50;

/** Options shared by the producer and the consumer side. */
export interface RingSideOptions {
  /** Use the synchronous `Atomics.wait` (only in Workers; faster wake-up). */
  blocking?: boolean;
  /** Largest message accepted (default 64 MiB). */
  maxMessageBytes?: number;
}

/**
 * Allocates the shared memory of one ring.
 *
 * @example A ring's memory is its header plus the capacity
 * ```ts
 * import { createRingBuffer } from "./ring_buffer.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(createRingBuffer(1024).byteLength, 32 + 1024);
 * ```
 */
export function createRingBuffer(capacityBytes: number): SharedArrayBuffer {
  if (
    !Number.isInteger(capacityBytes) || capacityBytes < 16 ||
    (capacityBytes & (capacityBytes - 1)) !== 0 || capacityBytes > 2 ** 30
  ) {
    throw new RangeError(
      `Ring capacity must be a power of two between 16 and 2^30 bytes, not ${capacityBytes}`,
    );
  }
  return new SharedArrayBuffer(HEADER_BYTES + capacityBytes);
}

/** The shared view both sides build over the same buffer. */
class RingView {
  readonly header: Int32Array;
  readonly data: Uint8Array;
  readonly capacity: number;
  readonly blocking: boolean;
  readonly maxMessageBytes: number;

  constructor(buffer: SharedArrayBuffer, options: RingSideOptions) {
    if (!(buffer instanceof SharedArrayBuffer)) {
      throw new TypeError("A ring needs a SharedArrayBuffer");
    }
    this.header = new Int32Array(buffer, 0, HEADER_BYTES / 4);
    this.data = new Uint8Array(buffer, HEADER_BYTES);
    this.capacity = this.data.length;
    this.blocking = options.blocking ?? false;
    this.maxMessageBytes = options.maxMessageBytes ?? 64 * 1024 * 1024;
  }

  load(slot: number): number {
    return Atomics.load(this.header, slot) >>> 0;
  }

  used(): number {
    return (this.load(HEAD) - this.load(TAIL)) >>> 0;
  }

  /** Waits (bounded slice) until `slot` differs from `seen`. */
  async waitChange(slot: number, seen: number): Promise<void> {
    for (let i = 0; i < SPIN_CHECKS; i++) {
      if (this.load(slot) !== seen) return;
    }
    if (this.blocking) {
      Atomics.wait(this.header, slot, seen | 0, WAIT_SLICE_MS);
      return;
    }
    const waiting = Atomics.waitAsync(
      this.header,
      slot,
      seen | 0,
      WAIT_SLICE_MS,
    );
    if (!waiting.async) return;
    // waitAsync alone does not keep Deno's event loop alive: a timer does.
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      waiting.value,
      new Promise((resolve) => timer = setTimeout(resolve, WAIT_SLICE_MS)),
    ]);
    clearTimeout(timer);
  }

  copyIn(position: number, bytes: Uint8Array): void {
    const start = position % this.capacity;
    const first = Math.min(bytes.length, this.capacity - start);
    this.data.set(bytes.subarray(0, first), start);
    if (first < bytes.length) this.data.set(bytes.subarray(first), 0);
  }

  copyOut(position: number, target: Uint8Array): void {
    const start = position % this.capacity;
    const first = Math.min(target.length, this.capacity - start);
    target.set(this.data.subarray(start, start + first));
    if (first < target.length) {
      target.set(this.data.subarray(0, target.length - first), first);
    }
  }
}

/**
 * The writing side of a ring: exactly one per ring.
 *
 * Exists as its own class so the single-writer rule is visible in the types:
 * only this class stores `head`.
 */
export class RingProducer {
  #view: RingView;

  /** Attaches to a ring made by {@linkcode createRingBuffer}. */
  constructor(buffer: SharedArrayBuffer, options: RingSideOptions = {}) {
    this.#view = new RingView(buffer, options);
  }

  /** Whether the consumer closed: further messages would never be read. */
  get readerClosed(): boolean {
    return this.#view.load(READER_CLOSED) !== 0;
  }

  /**
   * Writes one framed message, waiting for space as needed. Returns `false`
   * (message dropped) when the consumer is gone or this producer was closed
   * meanwhile.
   *
   * @example A message through a small ring, read back whole
   * ```ts
   * import { createRingBuffer, RingConsumer, RingProducer } from "./ring_buffer.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const buffer = createRingBuffer(16);
   * const producer = new RingProducer(buffer);
   * const consumer = new RingConsumer(buffer);
   * const big = new Uint8Array(100).map((_, i) => i);
   * const [, got] = await Promise.all([
   *   producer.writeMessage(big),
   *   consumer.readMessage(),
   * ]);
   * assertEquals(got, big);
   * producer.close();
   * assertEquals(await consumer.readMessage(), null);
   * ```
   */
  async writeMessage(message: Uint8Array): Promise<boolean> {
    const view = this.#view;
    if (message.length > view.maxMessageBytes) {
      throw new FrameTooLargeError(message.length, view.maxMessageBytes);
    }
    const prefix = new Uint8Array(4);
    new DataView(prefix.buffer).setUint32(0, message.length);
    const parts = [prefix, message];
    let head = view.load(HEAD);
    for (const part of parts) {
      let offset = 0;
      while (offset < part.length) {
        if (this.readerClosed || view.load(WRITER_CLOSED) !== 0) return false;
        const tail = view.load(TAIL);
        const free = view.capacity - ((head - tail) >>> 0);
        if (free === 0) {
          Atomics.store(view.header, HEAD, head | 0);
          Atomics.notify(view.header, HEAD);
          await view.waitChange(TAIL, tail);
          continue;
        }
        const n = Math.min(free, part.length - offset);
        view.copyIn(head, part.subarray(offset, offset + n));
        head = (head + n) >>> 0;
        offset += n;
      }
    }
    Atomics.store(view.header, HEAD, head | 0);
    Atomics.notify(view.header, HEAD);
    return true;
  }

  /** Marks the end of the stream; the consumer drains, then reads `null`. */
  close(): void {
    Atomics.store(this.#view.header, WRITER_CLOSED, 1);
    Atomics.notify(this.#view.header, HEAD);
    Atomics.notify(this.#view.header, TAIL);
  }
}

/**
 * The reading side of a ring: exactly one per ring (the only one that stores
 * `tail`).
 */
export class RingConsumer {
  #view: RingView;

  /** Attaches to a ring made by {@linkcode createRingBuffer}. */
  constructor(buffer: SharedArrayBuffer, options: RingSideOptions = {}) {
    this.#view = new RingView(buffer, options);
  }

  /** Whether this consumer closed (a waiting read then returns `null`). */
  get closed(): boolean {
    return this.#view.load(READER_CLOSED) !== 0;
  }

  /** Total bytes the producer has written so far (wraps at 2^32). */
  get bytesWritten(): number {
    return this.#view.load(HEAD);
  }

  /**
   * Reads the next whole message; `null` once the producer closed and the
   * ring is drained, or once this consumer closed. A producer that closed in
   * the middle of a message is a {@linkcode TruncatedFrameError}.
   */
  async readMessage(): Promise<Uint8Array | null> {
    const prefix = new Uint8Array(4);
    if (!(await this.#fill(prefix, "prefix", true))) return null;
    const length = new DataView(prefix.buffer).getUint32(0);
    if (length > this.#view.maxMessageBytes) {
      throw new FrameTooLargeError(length, this.#view.maxMessageBytes);
    }
    const body = new Uint8Array(length);
    if (!(await this.#fill(body, "body", false))) return null;
    return body;
  }

  async #fill(
    target: Uint8Array,
    phase: "prefix" | "body",
    mayEndCleanly: boolean,
  ): Promise<boolean> {
    const view = this.#view;
    let tail = view.load(TAIL);
    let offset = 0;
    while (offset < target.length) {
      if (this.closed) return false;
      const head = view.load(HEAD);
      const available = (head - tail) >>> 0;
      if (available === 0) {
        if (view.load(WRITER_CLOSED) !== 0 && view.load(HEAD) === head) {
          if (offset === 0 && mayEndCleanly) return false;
          throw new TruncatedFrameError(phase, target.length - offset);
        }
        await view.waitChange(HEAD, head);
        continue;
      }
      const n = Math.min(available, target.length - offset);
      view.copyOut(tail, target.subarray(offset, offset + n));
      tail = (tail + n) >>> 0;
      offset += n;
      Atomics.store(view.header, TAIL, tail | 0);
      Atomics.notify(view.header, TAIL);
    }
    return true;
  }

  /** Stops reading: wakes a waiting read (→ `null`) and tells the producer. */
  close(): void {
    Atomics.store(this.#view.header, READER_CLOSED, 1);
    Atomics.notify(this.#view.header, HEAD);
    Atomics.notify(this.#view.header, TAIL);
  }
}
