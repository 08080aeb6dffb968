/**
 * A single-producer/single-consumer byte ring on a `SharedArrayBuffer`.
 *
 * Two threads (the main thread and a Worker, or two Workers) share one block
 * of memory; no message is copied through the runtime. The ring carries a
 * stream of frames: an 8-byte header (big-endian length and 4 reserved bytes)
 * and the body padded to a multiple of 8. Not the sockets' 4-byte prefix: 8
 * keeps every body 8-byte aligned, and V8 copies into and out of a
 * `SharedArrayBuffer` several times faster when both sides are aligned (a V8
 * fact, not a hardware one: shared memory is copied with relaxed atomic word
 * moves when offsets allow, byte by byte otherwise; 4 KiB took ~0,4–0,8 µs
 * aligned and ~2,7–3,1 µs misaligned here — see `ring_layout.ts`).
 *
 * `head` and `tail` count bytes written and read since the start, modulo 2^32;
 * with a power-of-two capacity, `counter % capacity` stays correct across the
 * 2^32 wrap. Only the producer stores `head`, only the consumer stores `tail`:
 * that single-writer rule is why no lock is needed.
 *
 * Three speeds: `tryWriteMessage`/`tryReadMessage` move a whole message
 * synchronously when it fits (no promise, no wait: the hot path of a busy
 * stream); `pollWriteMessage`/`pollMessage` also spin, synchronously and
 * briefly, for a message that is about to fit or arrive; `writeMessage`/
 * `readMessage` wait as long as needed. A message that fits in the ring is
 * always published whole, so a lending consumer hands out a view of the ring
 * itself; only a message larger than the whole ring streams through piece by
 * piece, across many wrap-arounds.
 *
 * @module
 */

import { FrameTooLargeError } from "../wire/errors.ts";
import {
  closeRingSide,
  CONSUMER_PARKED,
  HEAD,
  paddedBodyBytes,
  PRODUCER_PARKED,
  READER_CLOSED,
  RING_FRAME_HEADER_BYTES,
  ringFrameBytes,
  TAIL,
  writeFrameHeader,
  WRITER_CLOSED,
} from "./ring_layout.ts";
import { type RingSideOptions, RingView } from "./ring_view.ts";

export { createRingBuffer, ringFrameBytes } from "./ring_layout.ts";
export type { RingSideOptions } from "./ring_view.ts";
export { RingConsumer, type RingReadOptions } from "./ring_consumer.ts";

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
    const need = RING_FRAME_HEADER_BYTES + paddedBodyBytes(length);
    const head = this.#head;
    if (view.capacity - ((head - this.#tail) >>> 0) < need) {
      this.#tail = view.load(TAIL);
      if (view.capacity - ((head - this.#tail) >>> 0) < need) return false;
    }
    if (length > view.maxMessageBytes || view.anyClosed()) return false;
    writeFrameHeader(view.data, head & view.mask, length);
    if (length > 0) view.copyIn(head + RING_FRAME_HEADER_BYTES, message);
    this.#head = (head + need) >>> 0;
    view.publish(HEAD, this.#head, CONSUMER_PARKED);
    return true;
  }

  /**
   * Like {@linkcode RingProducer.tryWriteMessage}, but when the space is
   * short it spins briefly (synchronously, within the spin budget) for the
   * consumer to free enough. Still `false` at once for a message larger than
   * the whole ring or than the limit.
   */
  pollWriteMessage(message: Uint8Array): boolean {
    if (this.tryWriteMessage(message)) return true;
    const view = this.#view;
    if (
      message.length > view.maxMessageBytes ||
      ringFrameBytes(message.length) > view.capacity
    ) return false;
    let deadline = -1;
    while (true) {
      if (view.anyClosed() || deadline === 0) return false;
      if (deadline < 0) deadline = view.spinDeadline();
      // A write refused for space has just re-read `tail`: wait for a newer one.
      if (!view.spinUntil(TAIL, this.#tail, deadline)) return false;
      if (this.tryWriteMessage(message)) return true;
    }
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
    if (ringFrameBytes(message.length) > view.capacity) {
      return await this.#stream(message);
    }
    // It fits in the ring: wait for the room and publish it whole, so the
    // consumer never sees (nor copies) half of it.
    while (true) {
      if (this.tryWriteMessage(message)) return true;
      if (view.anyClosed()) return false;
      await this.#waitForTail(this.#tail); // just re-read by the refused write
    }
  }

  /** Streams a frame larger than the ring, publishing as space frees up. */
  async #stream(message: Uint8Array): Promise<boolean> {
    const view = this.#view;
    const length = message.length;
    // The header goes first, alone: the consumer can size its buffer early.
    while (true) {
      if (view.anyClosed()) return false;
      const tail = this.#tail = view.load(TAIL);
      if (((this.#head - tail) >>> 0) < view.capacity) break;
      await this.#waitForTail(tail);
    }
    writeFrameHeader(view.data, this.#head & view.mask, length);
    this.#head = (this.#head + RING_FRAME_HEADER_BYTES) >>> 0;
    view.publish(HEAD, this.#head, CONSUMER_PARKED);
    // Then the body and its padding, in steps that are multiples of 8 (free
    // space always is), so every copy stays aligned.
    const padded = paddedBodyBytes(length);
    let offset = 0;
    while (offset < padded) {
      if (view.anyClosed()) return false;
      const tail = this.#tail = view.load(TAIL);
      const free = view.capacity - ((this.#head - tail) >>> 0);
      if (free === 0) {
        await this.#waitForTail(tail);
        continue;
      }
      const n = Math.min(free, padded - offset, STREAM_CHUNK_BYTES);
      const bodyEnd = Math.min(length, offset + n);
      view.copyIn(this.#head, message.subarray(offset, bodyEnd));
      this.#head = (this.#head + n) >>> 0;
      offset += n;
      view.publish(HEAD, this.#head, CONSUMER_PARKED);
    }
    return true;
  }

  /** Waits (spin, then one bounded sleep) for `tail` to move from `seen`. */
  async #waitForTail(seen: number): Promise<void> {
    if (!this.#view.spin(TAIL, seen)) {
      await this.#view.park(TAIL, seen, PRODUCER_PARKED);
    }
  }

  /** Marks the end of the stream; the consumer drains, then reads `null`. */
  close(): void {
    closeRingSide(this.#view.buffer, WRITER_CLOSED);
  }
}
