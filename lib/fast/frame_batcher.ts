/**
 * The send side of the fast framing: frames are encoded into a write buffer
 * the moment they are sent, frames sent while a write is scheduled or under
 * way join one batch, and a batch is one write with ONE promise shared by
 * every send in it. Per message that leaves a bounds check, a 4-byte prefix
 * and a copy — no promise, closure or queue entry of its own — which is what
 * C's batching sender pays too (it fills one buffer and calls `write` once).
 *
 * @module
 */

import { FRAME_PREFIX_BYTES, writeFramePrefix } from "../wire/frame.ts";
import type { ByteSink } from "./byte_endpoints.ts";

/** Frames waiting for one write, and the promise every send in it got. */
interface Batch {
  bytes: Uint8Array;
  length: number;
  /** Bytes of `bytes` already written (by the sink's `writeNow`). */
  written: number;
  /** The in-place rest of a large message, written after `bytes`; closes the batch. */
  tail: Uint8Array | null;
  done: PromiseWithResolvers<void>;
}

/** Messages this large are written from the caller's buffer, not copied. */
export const IN_PLACE_WRITE_BYTES = 256 * 1024;

/** Bytes of the first write of an in-place message (prefix included). */
export const IN_PLACE_HEAD_BYTES = 64 * 1024;

/** A batch stops taking frames past this size, and no larger buffer is kept. */
const MAX_BATCH_BYTES = 4 * 1024 * 1024 + 64;

/** Smallest batch buffer. */
const MIN_BATCH_BYTES = 4096;

/** Spare buffers kept: one being written while the next batch fills the other. */
const MAX_SPARE_BUFFERS = 2;

/** What `writeFrameNow` gives back for a frame written whole. */
const WRITTEN: Promise<void> = Promise.resolve();

/**
 * Encodes frames into batches and writes the batches in order, one at a
 * time. The caller checks that it may send; this class owns only the bytes.
 *
 * @example Three sends in one tick: one write, one shared promise
 * ```ts
 * import { FrameBatcher } from "./frame_batcher.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const writes: number[][] = [];
 * const batcher = new FrameBatcher({
 *   releasesOnSettle: true,
 *   write: (b) => {
 *     writes.push([...b]);
 *     return Promise.resolve();
 *   },
 *   closeWrite: () => Promise.resolve(),
 *   close: () => Promise.resolve(),
 * });
 * const sends = [1, 2, 3].map((n) => batcher.enqueue(new Uint8Array([n])));
 * assertEquals(sends[0] === sends[2], true);
 * await Promise.all(sends);
 * assertEquals(writes, [[0, 0, 0, 1, 1, 0, 0, 0, 1, 2, 0, 0, 0, 1, 3]]);
 * ```
 */
export class FrameBatcher {
  #sink: ByteSink;
  /** Batches not yet handed to the sink, oldest first. */
  #queue: Batch[] = [];
  /** The batch new frames join: the newest queued one, unless it was closed. */
  #open: Batch | null = null;
  #spare: Uint8Array[] = [];
  /** A flush is scheduled or running (set before it starts, so closeWrite waits). */
  #flushing = false;
  #idle: PromiseWithResolvers<void> | null = null;
  #error: unknown = null;
  /** `#flushNow` as a callback, made once rather than per flush. */
  readonly #scheduledFlush = () => this.#flushNow();
  /** Where `writeFrameNow` lays out a frame; written out before it returns. */
  #scratch = new Uint8Array(MIN_BATCH_BYTES);

  constructor(sink: ByteSink) {
    this.#sink = sink;
  }

  /** Why writing stopped (a failed write, or `fail`), or `null`. */
  get error(): unknown {
    return this.#error;
  }

  /**
   * Encodes `message` as a frame into the open batch and returns that
   * batch's promise: it settles when the whole batch was written (so the
   * caller may reuse `message`), and rejects for every send of the batch if
   * the write fails. After a failure it rejects at once with that error.
   */
  enqueue(message: Uint8Array): Promise<void> {
    // The common case, kept short: a small frame that fits the open batch.
    // (An open batch means no failure yet and a flush already scheduled.)
    const open = this.#open;
    const length = message.length;
    if (open !== null && length < IN_PLACE_WRITE_BYTES) {
      const at = open.length;
      const end = at + FRAME_PREFIX_BYTES + length;
      const bytes = open.bytes;
      if (end <= bytes.length) {
        writeFramePrefix(bytes, at, length);
        bytes.set(message, at + FRAME_PREFIX_BYTES);
        open.length = end;
        if (end >= MAX_BATCH_BYTES) this.#open = null;
        return open.done.promise;
      }
    }
    return this.#enqueueAny(message);
  }

  /**
   * `message`'s frame handed to the sink at once, in one call, when nothing
   * is queued, being written or failed; `null` (nothing done) otherwise, or
   * for a message large enough to go out in place (see `enqueue`). A sink
   * with `writeNow` writes it before this returns, and the promise is
   * already settled unless the sink took only part (the rest is then
   * queued first and written as any batch); any other sink's `write`
   * starts now, and later sends queue behind it.
   */
  writeFrameNow(message: Uint8Array): Promise<void> | null {
    if (
      this.#flushing || this.#error !== null ||
      message.length >= IN_PLACE_WRITE_BYTES
    ) return null;
    const length = FRAME_PREFIX_BYTES + message.length;
    const writeNow = this.#sink.writeNow;
    // A sink that may keep the bytes after its write settles gets a buffer
    // of its own; otherwise one scratch buffer serves, as no second frame
    // starts before this one's write settled.
    let buffer = this.#scratch;
    if (writeNow === undefined && !this.#sink.releasesOnSettle) {
      buffer = new Uint8Array(length);
    } else if (buffer.length < length) {
      buffer = this.#scratch = new Uint8Array(bufferSize(length));
    }
    const frame = buffer.subarray(0, length);
    writeFramePrefix(frame, 0, message.length);
    frame.set(message, FRAME_PREFIX_BYTES);
    if (writeNow === undefined) {
      this.#flushing = true;
      return this.#sink.write(frame).then(
        () => this.#afterFrameWritten(),
        (error) => {
          this.fail(error);
          this.#finishFlush();
          throw this.#error;
        },
      );
    }
    let written: number;
    try {
      written = writeNow.call(this.#sink, frame);
    } catch (error) {
      this.fail(error);
      return Promise.reject(this.#error);
    }
    if (written === length) return WRITTEN;
    // Partly taken: the rest waits in a batch of its own, written next.
    const batch = this.#batchFor(length - written);
    batch.bytes.set(frame.subarray(written), batch.length);
    batch.length += length - written;
    this.#open = null; // later frames start a batch of their own
    this.#flushing = true;
    void this.#flush();
    return batch.done.promise;
  }

  /** After `writeFrameNow`'s own write: what queued behind it goes next. */
  #afterFrameWritten(): void {
    if (this.#queue.length > 0 && this.#error === null) void this.#flush();
    else this.#finishFlush();
  }

  #enqueueAny(message: Uint8Array): Promise<void> {
    // After a failed write nothing is written again: queued, it would never settle.
    if (this.#error !== null) return Promise.reject(this.#error);
    const length = message.length;
    const inPlace = length >= IN_PLACE_WRITE_BYTES &&
      this.#sink.releasesOnSettle;
    // A large message sends only its head now: prefix and first bytes, never a lone prefix.
    const copied = inPlace ? IN_PLACE_HEAD_BYTES - FRAME_PREFIX_BYTES : length;
    const batch = this.#batchFor(FRAME_PREFIX_BYTES + copied);
    writeFramePrefix(batch.bytes, batch.length, length);
    batch.bytes.set(
      copied === length ? message : message.subarray(0, copied),
      batch.length + FRAME_PREFIX_BYTES,
    );
    batch.length += FRAME_PREFIX_BYTES + copied;
    if (inPlace) {
      batch.tail = message.subarray(copied);
      this.#open = null;
    } else if (batch.length >= MAX_BATCH_BYTES) {
      this.#open = null;
    }
    if (!this.#flushing) {
      this.#flushing = true;
      // Deferred to the end of this tick, so every send the caller makes
      // before it awaits joins this write; a large message gains nothing
      // from company, so its write starts now.
      if (inPlace) void this.#flush();
      else queueMicrotask(this.#scheduledFlush);
    }
    return batch.done.promise;
  }

  /** The open batch with room for `bytes` more, or a new one. */
  #batchFor(bytes: number): Batch {
    const open = this.#open;
    if (open !== null) {
      const needed = open.length + bytes;
      if (needed <= open.bytes.length) return open;
      if (needed <= MAX_BATCH_BYTES) {
        const grown = new Uint8Array(bufferSize(needed));
        grown.set(open.bytes.subarray(0, open.length));
        open.bytes = grown;
        return open;
      }
    }
    let buffer = this.#spare.pop();
    if (buffer === undefined || buffer.length < bytes) {
      buffer = new Uint8Array(bufferSize(bytes));
    }
    const batch: Batch = {
      bytes: buffer,
      length: 0,
      written: 0,
      tail: null,
      done: Promise.withResolvers<void>(),
    };
    this.#queue.push(batch);
    this.#open = batch;
    return batch;
  }

  /**
   * Writes the queued batches in order, first without waiting: a batch the
   * sink takes whole at once (`writeNow`) settles with no promise of the
   * sink's and no await, which is most of a small message's cost. The first
   * batch that does not fit goes on through {@linkcode #flush}, from where
   * `writeNow` stopped.
   */
  #flushNow(): void {
    const writeNow = this.#sink.writeNow;
    if (writeNow !== undefined) {
      while (this.#queue.length > 0 && this.#error === null) {
        const batch = this.#queue[0];
        if (batch === this.#open) this.#open = null;
        try {
          batch.written += writeNow.call(
            this.#sink,
            batch.bytes.subarray(batch.written, batch.length),
          );
        } catch (error) {
          this.#queue.shift();
          this.fail(error);
          batch.done.reject(this.#error);
          this.#finishFlush();
          return;
        }
        if (batch.written < batch.length || batch.tail !== null) break;
        this.#queue.shift();
        this.#settle(batch);
      }
      if (this.#queue.length === 0 || this.#error !== null) {
        this.#finishFlush();
        return;
      }
    }
    void this.#flush();
  }

  async #flush(): Promise<void> {
    try {
      while (this.#queue.length > 0 && this.#error === null) {
        const batch = this.#queue.shift()!;
        if (batch === this.#open) this.#open = null;
        try {
          await this.#sink.write(
            batch.bytes.subarray(batch.written, batch.length),
          );
          if (batch.tail !== null) await this.#sink.write(batch.tail);
        } catch (error) {
          this.fail(error);
          batch.done.reject(this.#error);
          return;
        }
        this.#settle(batch);
      }
    } finally {
      this.#finishFlush();
    }
  }

  /** A batch is written: its buffer may serve again, its sends resolve. */
  #settle(batch: Batch): void {
    // Only a sink done with the bytes once write settles gets them again.
    if (
      this.#sink.releasesOnSettle &&
      this.#spare.length < MAX_SPARE_BUFFERS
    ) {
      this.#spare.push(batch.bytes);
    }
    batch.done.resolve();
  }

  #finishFlush(): void {
    this.#flushing = false;
    this.#idle?.resolve();
    this.#idle = null;
  }

  /**
   * Stops writing: every batch not yet handed to the sink rejects with
   * `error` (the first error wins), and so does every later write.
   */
  fail(error: unknown): void {
    this.#error ??= error;
    this.#open = null;
    for (const batch of this.#queue.splice(0)) {
      batch.done.reject(this.#error);
    }
  }

  /** True while a batch is queued or being written. */
  get busy(): boolean {
    return this.#flushing;
  }

  /** Resolves once nothing is queued or being written. */
  settled(): Promise<void> {
    if (!this.#flushing) return Promise.resolve();
    this.#idle ??= Promise.withResolvers<void>();
    return this.#idle.promise;
  }
}

/** A buffer size of at least `bytes`: powers of two from 4 KiB, capped. */
function bufferSize(bytes: number): number {
  if (bytes >= MAX_BATCH_BYTES) return bytes;
  let size = MIN_BATCH_BYTES;
  while (size < bytes) size *= 2;
  return Math.min(size, MAX_BATCH_BYTES);
}
