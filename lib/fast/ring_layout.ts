/**
 * The shared layout of one ring: its header, its data area and its frames.
 *
 * Header: 192 bytes of `Int32` slots in three 64-byte cache lines. The
 * first holds `head` (only the producer stores it), the second `tail` (only
 * the consumer). The third holds the flags: both closed flags and both
 * "parked" flags, stored only when a side closes or falls asleep. Every
 * message reads the flags (is the other side closed? asleep, needing a
 * wake-up?), and on a line nobody writes in a busy stream those reads hit
 * the local cache. Sharing a line with a counter the other side keeps
 * storing would turn each of them into a cache miss (false sharing).
 *
 * Frames: an 8-byte header (the body length as a big-endian `u32`, then 4
 * reserved bytes written as zero) and the body, padded to a multiple of 8.
 * The sockets use a 4-byte prefix; the ring does not, for speed: V8 (not the
 * hardware) copies between a `SharedArrayBuffer` and ordinary memory 4 to 7
 * times faster when both sides sit at the same offset modulo 8 (it moves
 * shared memory with relaxed atomic words when it can, bytes otherwise), and
 * with 8-byte frames every
 * body starts at a multiple of 8 (`head` and `tail` only ever move by
 * multiples of 8, and the capacity is a power of two of at least 16, so even
 * the wrap point is aligned).
 *
 * @module
 */

import { formatNumber } from "../notebook/number_format.ts";

/** Bytes of the header before the data area (a multiple of 8: bodies stay aligned). */
export const RING_HEADER_BYTES = 192;
/** Bytes of a frame's header in the ring: the length and 4 reserved bytes. */
export const RING_FRAME_HEADER_BYTES = 8;
/** Slot of the bytes-written counter (the producer's line). */
export const HEAD = 0;
/** Slot of the bytes-read counter (the consumer's line, 64 bytes further). */
export const TAIL = 16;
/** Slot of the producer's closed flag (the flags' line, 128 bytes in). */
export const WRITER_CLOSED = 32;
/** Slot of the consumer's closed flag (the flags' line). */
export const READER_CLOSED = 33;
/** Slot raised while the producer sleeps waiting for space (the flags' line). */
export const PRODUCER_PARKED = 34;
/** Slot raised while the consumer sleeps waiting for data (the flags' line). */
export const CONSUMER_PARKED = 35;

/**
 * Allocates the shared memory of one ring.
 *
 * @example A ring's memory is its header plus the capacity
 * ```ts
 * import { createRingBuffer } from "./ring_layout.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(createRingBuffer(1024).byteLength, 192 + 1024);
 * ```
 */
export function createRingBuffer(capacityBytes: number): SharedArrayBuffer {
  if (
    !Number.isInteger(capacityBytes) || capacityBytes < 16 ||
    (capacityBytes & (capacityBytes - 1)) !== 0 || capacityBytes > 2 ** 30
  ) {
    throw new RangeError(
      `La capacidad del anillo debe ser una potencia de dos entre 16 y 2^30 bytes, no ${
        formatNumber(capacityBytes)
      }`,
    );
  }
  return new SharedArrayBuffer(RING_HEADER_BYTES + capacityBytes);
}

/**
 * Bytes one message of `bodyBytes` occupies in a ring: the 8-byte frame
 * header plus the body rounded up to a multiple of 8.
 *
 * @example Small bodies are padded, aligned ones are not
 * ```ts
 * import { ringFrameBytes } from "./ring_layout.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(ringFrameBytes(0), 8);
 * assertEquals(ringFrameBytes(5), 16);
 * assertEquals(ringFrameBytes(64), 72);
 * ```
 */
export function ringFrameBytes(bodyBytes: number): number {
  if (!Number.isInteger(bodyBytes) || bodyBytes < 0) {
    throw new RangeError(
      `El tamaño del mensaje debe ser un entero no negativo, no ${
        formatNumber(bodyBytes)
      }`,
    );
  }
  return RING_FRAME_HEADER_BYTES + paddedBodyBytes(bodyBytes);
}

/**
 * A body length rounded up to a multiple of 8, without the 32-bit overflow
 * of `(n + 7) & ~7` for lengths of 2^31 and above. The hot paths' version of
 * {@linkcode ringFrameBytes} (no validation: `length` is a `u32`).
 *
 * @example
 * ```ts
 * import { paddedBodyBytes } from "./ring_layout.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals([0, 1, 8, 9].map(paddedBodyBytes), [0, 8, 8, 16]);
 * assertEquals(paddedBodyBytes(2 ** 32 - 1), 2 ** 32);
 * ```
 */
export function paddedBodyBytes(length: number): number {
  return length + ((8 - (length & 7)) & 7);
}

/**
 * Writes a frame header at `at` (a multiple of 8 inside `data`, so the 8
 * bytes never straddle the wrap point).
 *
 * @example The length is big-endian, the reserved bytes zero
 * ```ts
 * import { readFrameLength, writeFrameHeader } from "./ring_layout.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const data = new Uint8Array(16).fill(0xff);
 * writeFrameHeader(data, 8, 258);
 * assertEquals([...data.subarray(8)], [0, 0, 1, 2, 0, 0, 0, 0]);
 * assertEquals(readFrameLength(data, 8), 258);
 * ```
 */
export function writeFrameHeader(
  data: Uint8Array,
  at: number,
  length: number,
): void {
  data[at] = length >>> 24;
  data[at + 1] = length >>> 16;
  data[at + 2] = length >>> 8;
  data[at + 3] = length;
  data[at + 4] = 0;
  data[at + 5] = 0;
  data[at + 6] = 0;
  data[at + 7] = 0;
}

/**
 * Reads the body length of the frame header at `at`.
 *
 * @example
 * ```ts
 * import { readFrameLength } from "./ring_layout.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(readFrameLength(new Uint8Array([0, 0, 0, 7, 0, 0, 0, 0]), 0), 7);
 * ```
 */
export function readFrameLength(data: Uint8Array, at: number): number {
  return ((data[at] << 24) | (data[at + 1] << 16) | (data[at + 2] << 8) |
    data[at + 3]) >>> 0;
}

/**
 * Raises one side's closed flag (`WRITER_CLOSED` or `READER_CLOSED`) and
 * wakes whoever sleeps on either counter. A function of the memory alone, so
 * a supervisor can close for a dead thread without opening a side.
 *
 * @example Closing the writer is visible in the header
 * ```ts
 * import {
 *   closeRingSide, createRingBuffer, WRITER_CLOSED,
 * } from "./ring_layout.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const ring = createRingBuffer(16);
 * closeRingSide(ring, WRITER_CLOSED);
 * assertEquals(new Int32Array(ring)[WRITER_CLOSED], 1);
 * ```
 */
export function closeRingSide(
  buffer: SharedArrayBuffer,
  flag: typeof WRITER_CLOSED | typeof READER_CLOSED,
): void {
  const header = new Int32Array(buffer, 0, RING_HEADER_BYTES / 4);
  Atomics.store(header, flag, 1);
  Atomics.notify(header, HEAD);
  Atomics.notify(header, TAIL);
}
