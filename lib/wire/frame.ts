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

import { FrameTooLargeError, TruncatedFrameError } from "./errors.ts";

/** Bytes in the big-endian length prefix (as the class's `to_bytes(4, "big")`). */
export const FRAME_PREFIX_BYTES = 4;

/** Default largest body a decoder accepts: 16 MiB. */
export const DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

/** The largest length a 4-byte unsigned prefix can carry. */
const MAX_PREFIX_VALUE = 0xffff_ffff;

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
  const frame = new Uint8Array(FRAME_PREFIX_BYTES + payload.length);
  writePrefix(frame, 0, payload.length);
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
  for (const payload of payloads) total += FRAME_PREFIX_BYTES + payload.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const payload of payloads) {
    writePrefix(out, offset, payload.length);
    out.set(payload, offset + FRAME_PREFIX_BYTES);
    offset += FRAME_PREFIX_BYTES + payload.length;
  }
  return out;
}

function writePrefix(target: Uint8Array, offset: number, length: number): void {
  if (length > MAX_PREFIX_VALUE) {
    throw new RangeError(
      `Message of ${length} bytes does not fit a 4-byte length prefix`,
    );
  }
  target[offset] = length >>> 24;
  target[offset + 1] = (length >>> 16) & 0xff;
  target[offset + 2] = (length >>> 8) & 0xff;
  target[offset + 3] = length & 0xff;
}

/**
 * One step of decoding. The four outcomes a stream reader must tell apart are
 * values, not exceptions: a whole frame, "need more bytes", and (from
 * {@linkcode FrameDecoder.finish}) a clean end or an end mid-frame. A protocol
 * violation (a length above the limit) is a value too, so the transport decides
 * how to fail — closing only that connection.
 */
export type DecodeStep =
  | { readonly kind: "frame"; readonly frame: Uint8Array }
  | { readonly kind: "need-more"; readonly missingBytes: number }
  | { readonly kind: "violation"; readonly error: FrameTooLargeError };

/** How a byte stream ended, as seen by the decoder. */
export type StreamEnd =
  | { readonly kind: "clean-end" }
  | { readonly kind: "ended-mid-frame"; readonly error: TruncatedFrameError };

/** Options of {@linkcode FrameDecoder}. */
export interface FrameDecoderOptions {
  /** Largest body accepted; a larger announced length is a violation. Default 16 MiB. */
  maxFrameBytes?: number;
}

/**
 * Reassembles length-prefixed frames from chunks of any size.
 *
 * Chunks passed to `push` are owned by the decoder until the frames they carry
 * have been returned; callers that reuse a read buffer must push a copy.
 *
 * @example Frames split and merged across chunks
 * ```ts
 * import { encodeFrames, FrameDecoder } from "./frame.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const bytes = encodeFrames([new Uint8Array([1, 2]), new Uint8Array([3])]);
 * const decoder = new FrameDecoder();
 * decoder.push(bytes.subarray(0, 3));
 * assertEquals(decoder.next().kind, "need-more");
 * decoder.push(bytes.subarray(3));
 * const first = decoder.next();
 * assertEquals(first.kind === "frame" ? [...first.frame] : null, [1, 2]);
 * const second = decoder.next();
 * assertEquals(second.kind === "frame" ? [...second.frame] : null, [3]);
 * assertEquals(decoder.finish().kind, "clean-end");
 * ```
 */
export class FrameDecoder {
  readonly maxFrameBytes: number;
  #chunks: Uint8Array[] = [];
  /** Read offset into `#chunks[0]`. */
  #head = 0;
  #buffered = 0;
  /** Length of the frame whose prefix was read, or -1 while reading a prefix. */
  #bodyLength = -1;
  #violation: FrameTooLargeError | null = null;

  /** Creates a decoder; `maxFrameBytes` defaults to 16 MiB. */
  constructor(options: FrameDecoderOptions = {}) {
    const max = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    if (!Number.isInteger(max) || max < 0 || max > MAX_PREFIX_VALUE) {
      throw new RangeError(
        `Invalid maxFrameBytes ${max}: expected an integer from 0 to ${MAX_PREFIX_VALUE}`,
      );
    }
    this.maxFrameBytes = max;
  }

  /** Bytes received but not yet returned as frames (prefix included). */
  get bufferedBytes(): number {
    return this.#buffered + (this.#bodyLength >= 0 ? FRAME_PREFIX_BYTES : 0);
  }

  /** Appends a chunk of stream bytes. */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
  }

  /** Returns the next whole frame, or says how many more bytes are needed. */
  next(): DecodeStep {
    if (this.#violation) return { kind: "violation", error: this.#violation };
    if (this.#bodyLength < 0) {
      if (this.#buffered < FRAME_PREFIX_BYTES) {
        return {
          kind: "need-more",
          missingBytes: FRAME_PREFIX_BYTES - this.#buffered,
        };
      }
      const prefix = this.#take(FRAME_PREFIX_BYTES);
      const length = ((prefix[0] << 24) >>> 0) + (prefix[1] << 16) +
        (prefix[2] << 8) + prefix[3];
      if (length > this.maxFrameBytes) {
        this.#violation = new FrameTooLargeError(length, this.maxFrameBytes);
        return { kind: "violation", error: this.#violation };
      }
      this.#bodyLength = length;
    }
    if (this.#buffered < this.#bodyLength) {
      return {
        kind: "need-more",
        missingBytes: this.#bodyLength - this.#buffered,
      };
    }
    const frame = this.#take(this.#bodyLength);
    this.#bodyLength = -1;
    return { kind: "frame", frame };
  }

  /** Tells how the stream ended, once the source has no more bytes. */
  finish(): StreamEnd {
    if (this.#bodyLength >= 0) {
      return {
        kind: "ended-mid-frame",
        error: new TruncatedFrameError(
          "body",
          this.#bodyLength - this.#buffered,
        ),
      };
    }
    if (this.#buffered > 0) {
      return {
        kind: "ended-mid-frame",
        error: new TruncatedFrameError(
          "prefix",
          FRAME_PREFIX_BYTES - this.#buffered,
        ),
      };
    }
    return { kind: "clean-end" };
  }

  /** Removes `count` buffered bytes; copies only when they span chunks. */
  #take(count: number): Uint8Array {
    this.#buffered -= count;
    const first = this.#chunks[0];
    if (count === 0) return new Uint8Array(0);
    if (first.length - this.#head >= count) {
      const out = first.slice(this.#head, this.#head + count);
      this.#advance(count);
      return out;
    }
    const out = new Uint8Array(count);
    let filled = 0;
    while (filled < count) {
      const chunk = this.#chunks[0];
      const n = Math.min(chunk.length - this.#head, count - filled);
      out.set(chunk.subarray(this.#head, this.#head + n), filled);
      filled += n;
      this.#advance(n);
    }
    return out;
  }

  #advance(count: number): void {
    this.#head += count;
    if (this.#head === this.#chunks[0].length) {
      this.#chunks.shift();
      this.#head = 0;
    }
  }
}
