/**
 * Length-prefixed framing: how a byte stream carries whole messages.
 *
 * TCP, Unix sockets and pipes deliver bytes, not messages: one `read` may hold
 * half a message or three of them. The class's Python sends
 * `len(msg).to_bytes(4, "big") + msg`; the kit uses exactly that layout, so its
 * programs and the class's interoperate byte for byte.
 *
 * The decoder works on plain `Uint8Array` chunks and never touches I/O, so it
 * is tested by feeding the same bytes in every possible chunking.
 *
 * @module
 */

import { FRAME_PREFIX_BYTES, MAX_PREFIX_VALUE } from "./frame_decoder.ts";
import { formatNumber } from "../notebook/number_format.ts";

export {
  type DecodeStep,
  DEFAULT_MAX_FRAME_BYTES,
  FRAME_PREFIX_BYTES,
  FrameDecoder,
  type FrameDecoderOptions,
  MAX_PREFIX_VALUE,
  readFramePrefix,
  type StreamEnd,
} from "./frame_decoder.ts";

/**
 * Encodes one message as prefix + body in a single buffer, so it goes out in
 * one write (a separate 4-byte write meets Nagle's algorithm and delayed ACKs).
 *
 * @example Same bytes as Python's `len(msg).to_bytes(4, "big") + msg`
 * ```ts
 * import { encodeFrame } from "./frame.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const frame = encodeFrame(new TextEncoder().encode("waku waku"));
 * assertEquals([...frame.subarray(0, 4)], [0, 0, 0, 9]);
 * assertEquals(frame.length, 13);
 * ```
 */
export function encodeFrame(payload: Uint8Array): Uint8Array {
  checkLength(payload.length);
  const frame = new Uint8Array(FRAME_PREFIX_BYTES + payload.length);
  writeFramePrefix(frame, 0, payload.length);
  frame.set(payload, FRAME_PREFIX_BYTES);
  return frame;
}

/**
 * Encodes several messages back to back into one buffer (coalesced writes).
 *
 * @example Two frames, one buffer
 * ```ts
 * import { encodeFrames } from "./frame.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const bytes = encodeFrames([new Uint8Array([7]), new Uint8Array()]);
 * assertEquals([...bytes], [0, 0, 0, 1, 7, 0, 0, 0, 0]);
 * ```
 */
export function encodeFrames(payloads: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const payload of payloads) {
    checkLength(payload.length);
    total += FRAME_PREFIX_BYTES + payload.length;
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const payload of payloads) {
    writeFramePrefix(out, offset, payload.length);
    out.set(payload, offset + FRAME_PREFIX_BYTES);
    offset += FRAME_PREFIX_BYTES + payload.length;
  }
  return out;
}

/** Refuses, before anything is allocated, a length no 4-byte prefix can carry. */
function checkLength(length: number): void {
  if (length > MAX_PREFIX_VALUE) {
    throw new RangeError(
      `Un mensaje de ${
        formatNumber(length)
      } bytes no cabe en un prefijo de largo de 4 bytes`,
    );
  }
}

/**
 * Writes a big-endian 4-byte length prefix into `bytes` at `offset`: how a
 * sender encodes frames straight into a reused write buffer.
 *
 * @example
 * ```ts
 * import { writeFramePrefix } from "./frame.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const bytes = new Uint8Array(6);
 * writeFramePrefix(bytes, 1, 258);
 * assertEquals([...bytes], [0, 0, 0, 1, 2, 0]);
 * ```
 */
export function writeFramePrefix(
  bytes: Uint8Array,
  offset: number,
  length: number,
): void {
  bytes[offset] = length >>> 24;
  bytes[offset + 1] = (length >>> 16) & 0xff;
  bytes[offset + 2] = (length >>> 8) & 0xff;
  bytes[offset + 3] = length & 0xff;
}
