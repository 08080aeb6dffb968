/**
 * A single-producer/single-consumer byte ring on a `SharedArrayBuffer`.
 *
 * Two threads (the main thread and a Worker, or two Workers) share one block
 * of memory; no message is copied through the runtime. The ring carries a
 * byte stream; each message is framed with the same 4-byte big-endian length
 * prefix as the sockets, so messages of any size pass through a ring of any
 * capacity, piece by piece, across many wrap-arounds.
 *
 * `head` and `tail` count bytes written and read since the start, modulo 2^32;
 * with a power-of-two capacity, `counter % capacity` stays correct across the
 * 2^32 wrap. Only the producer stores `head`, only the consumer stores `tail`:
 * that single-writer rule is why no lock is needed. Layout and waiting live in
 * `ring_layout.ts`.
 *
 * Two speeds: `tryWriteMessage`/`tryReadMessage` move a whole message
 * synchronously when it fits (no promise, no wait: the hot path of a busy
 * stream); `writeMessage`/`readMessage` also stream messages larger than the
 * free space, waiting (spin, then bounded sleeps) as needed.
 *
 * @module
 */

import { FrameTooLargeError, TruncatedFrameError } from "../wire/errors.ts";
import {
  CONSUMER_PARKED,
  HEAD,
  PRODUCER_PARKED,
  READER_CLOSED,
  type RingSideOptions,
  RingView,
  TAIL,
  WRITER_CLOSED,
} from "./ring_layout.ts";

export { createRingBuffer } from "./ring_layout.ts";
export type { RingSideOptions } from "./ring_layout.ts";

/** Bytes copied before publishing progress, so the reader copies in parallel. */
const STREAM_CHUNK_BYTES = 256 * 1024;

/**
 * The writing side of a ring: exactly one per ring.
 *
 * Exists as its own class so the single-writer rule is visible in the types:
 * only this class stores `head`.
 */
export class RingProducer {
  #view: RingView;
  #head: number;
  #tail: number; // last tail seen: re-read only when space looks short
  #prefix = new Uint8Array(4);

  /** Attaches to a ring made by {@linkcode createRingBuffer}. */
  constructor(buffer: SharedArrayBuffer, options: RingSideOptions = {}) {
    this.#view = new RingView(buffer, options);
    this.#head = this.#view.load(HEAD);
    this.#tail = this.#view.load(TAIL);
  }

  /** Whether the consumer closed: further messages would never be read. */
  get readerClosed(): boolean {
    return this.#view.load(READER_CLOSED) !== 0;
  }

  /**
   * Writes one whole framed message now if it fits in the free space and
   * both sides are open; `false` otherwise (nothing written: use
   * {@linkcode RingProducer.writeMessage}). Never waits.
   *
   * @example Synchronous write, synchronous read
   * ```ts
   * import { createRingBuffer, RingConsumer, RingProducer } from "./ring_buffer.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const buffer = createRingBuffer(16);
   * const producer = new RingProducer(buffer);
   * const consumer = new RingConsumer(buffer);
   * assertEquals(producer.tryWriteMessage(new Uint8Array([1, 2])), true);
   * assertEquals(producer.tryWriteMessage(new Uint8Array(20)), false); // no room
   * assertEquals([...consumer.tryReadMessage()!], [1, 2]);
   * assertEquals(consumer.tryReadMessage(), undefined); // nothing whole yet
   * ```
   */
  tryWriteMessage(message: Uint8Array): boolean {
    const view = this.#view;
    const length = message.length;
    const need = length + 4;
    let head = this.#head;
    if (view.capacity - ((head - this.#tail) >>> 0) < need) {
      this.#tail = view.load(TAIL);
      if (view.capacity - ((head - this.#tail) >>> 0) < need) return false;
    }
    if (length > view.maxMessageBytes || view.anyClosed()) return false;
    const data = view.data;
    const mask = view.mask;
    data[head & mask] = length >>> 24;
    data[(head + 1) & mask] = length >>> 16;
    data[(head + 2) & mask] = length >>> 8;
    data[(head + 3) & mask] = length;
    head = (head + 4) >>> 0;
    if (length > 0) view.copyIn(head, message);
    this.#head = (head + length) >>> 0;
    view.publish(HEAD, this.#head, CONSUMER_PARKED);
    return true;
  }

  /**
   * Writes one framed message, waiting for space as needed. Returns `false`
   * (message dropped) when the consumer is gone or this producer was closed
   * meanwhile.
   *
   * @example A message larger than the ring, read back whole
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
    if (this.tryWriteMessage(message)) return true;
    new DataView(this.#prefix.buffer).setUint32(0, message.length);
    return await this.#pour(this.#prefix) && await this.#pour(message);
  }

  /** Streams `part` into the ring as space frees up, publishing per chunk. */
  async #pour(part: Uint8Array): Promise<boolean> {
    const view = this.#view;
    let offset = 0;
    while (offset < part.length) {
      if (view.anyClosed()) return false;
      const tail = this.#tail = view.load(TAIL);
      const free = view.capacity - ((this.#head - tail) >>> 0);
      if (free === 0) {
        if (!view.spin(TAIL, tail)) {
          await view.park(TAIL, tail, PRODUCER_PARKED);
        }
        continue;
      }
      const n = Math.min(free, part.length - offset, STREAM_CHUNK_BYTES);
      view.copyIn(this.#head, part.subarray(offset, offset + n));
      this.#head = (this.#head + n) >>> 0;
      offset += n;
      view.publish(HEAD, this.#head, CONSUMER_PARKED);
    }
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
  #tail: number;
  #head: number; // last head seen: re-read only when data looks short
  #prefix = new Uint8Array(4);
  #lent: Uint8Array | null;
  #holding = false; // a lent message still occupies the ring

  /** Attaches to a ring made by {@linkcode createRingBuffer}. */
  constructor(buffer: SharedArrayBuffer, options: RingSideOptions = {}) {
    this.#view = new RingView(buffer, options);
    this.#tail = this.#view.load(TAIL);
    this.#head = this.#view.load(HEAD);
    this.#lent = options.lendMessages ? new Uint8Array(0) : null;
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
   * The next message if it is wholly in the ring now; `undefined` if not
   * (nothing consumed: use {@linkcode RingConsumer.readMessage}); `null` once
   * this consumer closed. Never waits.
   */
  tryReadMessage(): Uint8Array | null | undefined {
    const view = this.#view;
    this.#release();
    const tail = this.#tail;
    let available = (this.#head - tail) >>> 0;
    if (available < 4) {
      this.#head = view.load(HEAD);
      available = (this.#head - tail) >>> 0;
      if (available < 4) return this.closed ? null : undefined;
    }
    if (this.closed) return null;
    const data = view.data;
    const mask = view.mask;
    const length =
      ((data[tail & mask] << 24) | (data[(tail + 1) & mask] << 16) |
        (data[(tail + 2) & mask] << 8) | data[(tail + 3) & mask]) >>> 0;
    if (length > view.maxMessageBytes) {
      throw new FrameTooLargeError(length, view.maxMessageBytes);
    }
    if (available < length + 4) {
      this.#head = view.load(HEAD);
      if (((this.#head - tail) >>> 0) < length + 4) return undefined;
    }
    const start = (tail + 4) >>> 0;
    const at = start & mask;
    let message: Uint8Array;
    if (this.#lent === null && at + length <= view.capacity) {
      message = data.slice(at, at + length);
    } else if (this.#lent !== null && at + length <= view.capacity) {
      // Lent straight out of the ring: no copy at all. Its bytes stay
      // reserved (tail unpublished) until the next read releases them.
      this.#tail = (start + length) >>> 0;
      this.#holding = true;
      return data.subarray(at, at + length);
    } else {
      message = this.#target(length);
      view.copyOut(start, message);
    }
    this.#tail = (start + length) >>> 0;
    view.publish(TAIL, this.#tail, PRODUCER_PARKED);
    return message;
  }

  /**
   * Reads the next whole message; `null` once the producer closed and the
   * ring is drained, or once this consumer closed. A producer that closed in
   * the middle of a message is a {@linkcode TruncatedFrameError}.
   */
  async readMessage(): Promise<Uint8Array | null> {
    const ready = this.tryReadMessage();
    if (ready !== undefined) return ready;
    const prefix = this.#prefix;
    if (!(await this.#fill(prefix, "prefix", true))) return null;
    const length = new DataView(prefix.buffer).getUint32(0);
    if (length > this.#view.maxMessageBytes) {
      throw new FrameTooLargeError(length, this.#view.maxMessageBytes);
    }
    const body = this.#target(length);
    if (!(await this.#fill(body, "body", false))) return null;
    return body;
  }

  /** Publishes the read position held back for a message lent from the ring. */
  #release(): void {
    if (!this.#holding) return;
    this.#holding = false;
    this.#view.publish(TAIL, this.#tail, PRODUCER_PARKED);
  }

  /** Where a message of `length` bytes is received: fresh, or the lent buffer. */
  #target(length: number): Uint8Array {
    if (this.#lent === null) return new Uint8Array(length);
    if (this.#lent.length < length) this.#lent = new Uint8Array(length);
    return this.#lent.subarray(0, length);
  }

  async #fill(
    target: Uint8Array,
    phase: "prefix" | "body",
    mayEndCleanly: boolean,
  ): Promise<boolean> {
    const view = this.#view;
    let offset = 0;
    while (offset < target.length) {
      if (this.closed) return false;
      const head = this.#head = view.load(HEAD);
      const available = (head - this.#tail) >>> 0;
      if (available === 0) {
        if (view.load(WRITER_CLOSED) !== 0 && view.load(HEAD) === head) {
          if (offset === 0 && mayEndCleanly) return false;
          throw new TruncatedFrameError(phase, target.length - offset);
        }
        if (!view.spin(HEAD, head)) {
          await view.park(HEAD, head, CONSUMER_PARKED);
        }
        continue;
      }
      const n = Math.min(available, target.length - offset);
      view.copyOut(this.#tail, target.subarray(offset, offset + n));
      this.#tail = (this.#tail + n) >>> 0;
      offset += n;
      view.publish(TAIL, this.#tail, PRODUCER_PARKED);
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
