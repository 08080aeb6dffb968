/**
 * The reading side of a shared-memory ring (see `ring_buffer.ts` for the
 * ring as a whole and `ring_layout.ts` for its frames).
 *
 * @module
 */

import { FrameTooLargeError, TruncatedFrameError } from "../wire/errors.ts";
import {
  closeRingSide,
  CONSUMER_PARKED,
  HEAD,
  paddedBodyBytes,
  PRODUCER_PARKED,
  READER_CLOSED,
  readFrameLength,
  RING_FRAME_HEADER_BYTES,
  TAIL,
  WRITER_CLOSED,
} from "./ring_layout.ts";
import { type RingSideOptions, RingView } from "./ring_view.ts";

/** Options of {@linkcode RingConsumer.readMessage}. */
export interface RingReadOptions {
  /**
   * Spin before the first sleep (default true). False when the caller has
   * just spun already, e.g. in {@linkcode RingConsumer.pollMessage}.
   */
  spinFirst?: boolean;
}

/**
 * The reading side of a ring: exactly one per ring. Exists as its own class
 * so the single-writer rule is visible in the types: only this class stores
 * `tail`.
 *
 * @example A message there and back through one ring
 * ```ts
 * import { createRingBuffer, RingProducer } from "./ring_buffer.ts";
 * import { RingConsumer } from "./ring_consumer.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const ring = createRingBuffer(64);
 * const producer = new RingProducer(ring);
 * const consumer = new RingConsumer(ring);
 * await producer.writeMessage(new Uint8Array([4, 2]));
 * assertEquals([...(await consumer.readMessage())!], [4, 2]);
 * ```
 */
export class RingConsumer {
  #view: RingView;
  #tail: number;
  #head: number; // last head seen: re-read only when data looks short
  #lent: Uint8Array | null;
  #holding = false; // a lent message still occupies the ring

  /** Attaches to a ring made by `createRingBuffer`. */
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
    if (this.closed) return null;
    const tail = this.#tail;
    if (((this.#head - tail) >>> 0) < RING_FRAME_HEADER_BYTES) {
      this.#head = view.load(HEAD);
      if (((this.#head - tail) >>> 0) < RING_FRAME_HEADER_BYTES) {
        return undefined;
      }
    }
    const data = view.data;
    const length = readFrameLength(data, tail & view.mask);
    if (length > view.maxMessageBytes) {
      throw new FrameTooLargeError(length, view.maxMessageBytes);
    }
    const frame = RING_FRAME_HEADER_BYTES + paddedBodyBytes(length);
    if (((this.#head - tail) >>> 0) < frame) {
      this.#head = view.load(HEAD);
      if (((this.#head - tail) >>> 0) < frame) return undefined;
    }
    const start = (tail + RING_FRAME_HEADER_BYTES) >>> 0;
    const at = start & view.mask;
    if (this.#lent !== null && at + length <= view.capacity) {
      // Lent straight out of the ring: no copy at all. Its bytes stay
      // reserved (tail unpublished) until the next read releases them.
      this.#tail = (tail + frame) >>> 0;
      this.#holding = true;
      return data.subarray(at, at + length);
    }
    // A fresh array and `set`, never `slice`: slicing shared memory is slow.
    const message = this.#target(length);
    view.copyOut(start, message);
    this.#tail = (tail + frame) >>> 0;
    view.publish(TAIL, this.#tail, PRODUCER_PARKED);
    return message;
  }

  /**
   * Like {@linkcode RingConsumer.tryReadMessage}, but when nothing whole is
   * there yet it spins briefly (synchronously, within the spin budget) for a
   * message about to arrive. Still `undefined` for a message larger than
   * the whole ring, which only {@linkcode RingConsumer.readMessage} can
   * stream.
   */
  pollMessage(): Uint8Array | null | undefined {
    const view = this.#view;
    let deadline = -1;
    while (true) {
      const ready = this.tryReadMessage();
      if (ready !== undefined || deadline === 0) return ready;
      const head = this.#head; // just re-read by the read that found nothing
      if (this.#pendingFrameBytes(head) > view.capacity) return undefined;
      if (view.load(WRITER_CLOSED) !== 0) return undefined;
      if (deadline < 0) deadline = view.spinDeadline();
      if (!view.spinUntil(HEAD, head, deadline)) return undefined;
    }
  }

  /**
   * Reads the next whole message; `null` once the producer closed and the
   * ring is drained, or once this consumer closed. A producer that closed in
   * the middle of a message is a {@linkcode TruncatedFrameError}.
   */
  async readMessage(options: RingReadOptions = {}): Promise<Uint8Array | null> {
    const view = this.#view;
    let spin = options.spinFirst ?? true;
    while (true) {
      const ready = this.tryReadMessage();
      if (ready !== undefined) return ready;
      const head = this.#head; // just re-read by the read that found nothing
      const frame = this.#pendingFrameBytes(head);
      if (frame > view.capacity) return await this.#stream();
      if (view.load(WRITER_CLOSED) !== 0 && view.load(HEAD) === head) {
        const available = (head - this.#tail) >>> 0;
        if (available === 0) return null;
        if (available < RING_FRAME_HEADER_BYTES) {
          throw new TruncatedFrameError(
            "prefix",
            RING_FRAME_HEADER_BYTES - available,
          );
        }
        const length = readFrameLength(view.data, this.#tail & view.mask);
        throw new TruncatedFrameError(
          "body",
          Math.max(1, RING_FRAME_HEADER_BYTES + length - available),
        );
      }
      if (!spin || !view.spin(HEAD, head)) {
        await view.park(HEAD, head, CONSUMER_PARKED);
      }
      spin = true;
    }
  }

  /**
   * Bytes of the frame at the read position given what `head` says is
   * there: its full size once the header is in, else 0.
   */
  #pendingFrameBytes(head: number): number {
    const tail = this.#tail;
    if (((head - tail) >>> 0) < RING_FRAME_HEADER_BYTES) return 0;
    const length = readFrameLength(this.#view.data, tail & this.#view.mask);
    return RING_FRAME_HEADER_BYTES + paddedBodyBytes(length);
  }

  /** Reads a frame larger than the ring as it streams through. */
  async #stream(): Promise<Uint8Array | null> {
    const view = this.#view;
    const length = readFrameLength(view.data, this.#tail & view.mask);
    if (length > view.maxMessageBytes) {
      throw new FrameTooLargeError(length, view.maxMessageBytes);
    }
    const body = this.#target(length);
    this.#tail = (this.#tail + RING_FRAME_HEADER_BYTES) >>> 0;
    view.publish(TAIL, this.#tail, PRODUCER_PARKED);
    // Steps are multiples of 8 (the producer publishes only such), so each
    // copy starts aligned on both sides.
    const padded = paddedBodyBytes(length);
    let offset = 0;
    while (offset < padded) {
      if (this.closed) return null;
      const head = this.#head = view.load(HEAD);
      const available = (head - this.#tail) >>> 0;
      if (available === 0) {
        if (view.load(WRITER_CLOSED) !== 0 && view.load(HEAD) === head) {
          throw new TruncatedFrameError("body", Math.max(1, length - offset));
        }
        if (!view.spin(HEAD, head)) {
          await view.park(HEAD, head, CONSUMER_PARKED);
        }
        continue;
      }
      const n = Math.min(available, padded - offset);
      const bodyEnd = Math.min(length, offset + n);
      view.copyOut(this.#tail, body.subarray(offset, bodyEnd));
      this.#tail = (this.#tail + n) >>> 0;
      offset += n;
      view.publish(TAIL, this.#tail, PRODUCER_PARKED);
    }
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

  /** Stops reading: wakes a waiting read (→ `null`) and tells the producer. */
  close(): void {
    closeRingSide(this.#view.buffer, READER_CLOSED);
  }
}
