/**
 * Decoding length-prefixed frames out of a byte stream, chunk by chunk.
 *
 * A stream read may hold half a frame or many; the decoder reassembles them
 * without touching I/O, so it is tested on plain bytes in every chunking.
 * Encoding lives in `frame.ts`, which re-exports everything here. (The
 * benchmark's tuned decoder, `lib/fast/frame_decoder.ts`, gives the same
 * {@linkcode DecodeStep} values.)
 *
 * @module
 */

import { FrameTooLargeError, TruncatedFrameError } from "./errors.ts";
import { formatNumber } from "../notebook/number_format.ts";

/** Bytes in the big-endian length prefix (as the class's `to_bytes(4, "big")`). */
export const FRAME_PREFIX_BYTES = 4;

/** Default largest body a decoder accepts: 16 MiB. */
export const DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

/** The largest length a 4-byte unsigned prefix can carry. */
export const MAX_PREFIX_VALUE = 0xffff_ffff;

/**
 * The largest `maxFrameBytes` a decoder accepts: 1 GiB. A limit near 4 GiB
 * would let one garbage prefix hold a connection's memory hostage; a
 * program that truly needs bigger messages should split them.
 */
export const MAX_FRAME_BYTES_LIMIT = 1024 * 1024 * 1024;

/**
 * Checks a `maxFrameBytes` option (shared by both tiers' decoders).
 *
 * @example Out of range is a `RangeError`
 * ```ts
 * import { checkMaxFrameBytes } from "./frame_decoder.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 *
 * assertEquals(checkMaxFrameBytes(1024), 1024);
 * assertThrows(() => checkMaxFrameBytes(0xffff_ffff), RangeError);
 * ```
 */
export function checkMaxFrameBytes(max: unknown): number {
  if (typeof max !== "number") {
    throw new TypeError(
      `maxFrameBytes inválido (${String(max)}): debe ser un número`,
    );
  }
  if (!Number.isInteger(max) || max < 0 || max > MAX_FRAME_BYTES_LIMIT) {
    throw new RangeError(
      `maxFrameBytes inválido (${max}): debe ser un entero entre 0 y ${
        formatNumber(MAX_FRAME_BYTES_LIMIT)
      }`,
    );
  }
  return max;
}

/**
 * One step of decoding. The outcomes a stream reader must tell apart are
 * values, not exceptions: a whole frame, or "need more bytes" (and how many).
 * A protocol violation (a length above the limit) is a value too, so the
 * transport decides how to fail — closing only that connection.
 */
export type DecodeStep =
  | { readonly kind: "frame"; readonly frame: Uint8Array }
  | { readonly kind: "need-more"; readonly missingBytes: number }
  | { readonly kind: "violation"; readonly error: FrameTooLargeError };

/**
 * How a byte stream ended, as seen by the decoder (from
 * {@linkcode FrameDecoder.finish}): cleanly between frames, or inside one.
 */
export type StreamEnd =
  | { readonly kind: "clean-end" }
  | { readonly kind: "ended-mid-frame"; readonly error: TruncatedFrameError };

/** Options of {@linkcode FrameDecoder}. */
export interface FrameDecoderOptions {
  /** Largest body accepted; a larger announced length is a violation. Default 16 MiB, at most 1 GiB. */
  maxFrameBytes?: number;
}

/**
 * Reassembles length-prefixed frames from chunks of any size.
 *
 * `push` appends a chunk to a staging buffer; `next` looks at the staged
 * bytes: fewer than 4 is "need more", otherwise the prefix says how long the
 * body is, and the frame comes out once all of it has arrived. Each frame is
 * a copy the caller owns, and chunks are copied in, so a reader may reuse its
 * read buffer at once.
 *
 * @example Frames split and merged across chunks
 * ```ts
 * import { encodeFrames, FrameDecoder } from "./frame.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const bytes = encodeFrames([new Uint8Array([1, 2]), new Uint8Array([3])]);
 * const decoder = new FrameDecoder();
 * decoder.push(bytes.subarray(0, 3));
 * assertEquals(decoder.next(), { kind: "need-more", missingBytes: 1 });
 * decoder.push(bytes.subarray(3));
 * const first = decoder.next();
 * assertEquals(first.kind === "frame" ? [...first.frame] : null, [1, 2]);
 * const second = decoder.next();
 * assertEquals(second.kind === "frame" ? [...second.frame] : null, [3]);
 * assertEquals(decoder.finish().kind, "clean-end");
 * ```
 */
export class FrameDecoder {
  /** Largest body accepted; a larger announced length is a violation. */
  readonly maxFrameBytes: number;
  /** Bytes received and not yet returned live in `#stage[#start, #end)`. */
  #stage = new Uint8Array(0);
  #start = 0;
  #end = 0;
  /**
   * Once a length is too large the stream cannot be trusted again: the
   * decoder is poisoned, `next` repeats the violation and `push` refuses.
   */
  #violation: FrameTooLargeError | null = null;

  /** Creates a decoder; `maxFrameBytes` defaults to 16 MiB (at most 1 GiB). */
  constructor(options: FrameDecoderOptions = {}) {
    this.maxFrameBytes = checkMaxFrameBytes(
      options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES,
    );
  }

  /** Bytes received but not yet returned as frames (prefixes included). */
  get bufferedBytes(): number {
    return this.#end - this.#start;
  }

  /**
   * Appends a chunk of stream bytes (copied; the caller keeps its buffer).
   * After a violation it throws that violation: buffering more of a corrupt
   * stream would only let the peer grow our memory.
   */
  push(chunk: Uint8Array): void {
    if (!(chunk instanceof Uint8Array)) {
      throw new TypeError(
        `No se puede agregar ${
          Object.prototype.toString.call(chunk)
        }: se esperaba un Uint8Array`,
      );
    }
    if (this.#violation) throw this.#violation;
    if (this.#stage.length - this.#end < chunk.length) {
      this.#makeRoom(chunk.length);
    }
    this.#stage.set(chunk, this.#end);
    this.#end += chunk.length;
  }

  /** Moves the staged bytes to the front, growing the buffer if they still do not fit. */
  #makeRoom(extra: number): void {
    const staged = this.#stage.subarray(this.#start, this.#end);
    const needed = staged.length + extra;
    if (needed <= this.#stage.length) {
      this.#stage.copyWithin(0, this.#start, this.#end);
    } else {
      // Doubling keeps a large frame that arrives in many chunks from
      // being copied over and over (linear cost, not quadratic).
      const grown = new Uint8Array(Math.max(needed, 2 * this.#stage.length));
      grown.set(staged);
      this.#stage = grown;
    }
    this.#start = 0;
    this.#end = staged.length;
  }

  /** Returns the next whole frame, or says how many more bytes are needed. */
  next(): DecodeStep {
    if (this.#violation) return { kind: "violation", error: this.#violation };
    const staged = this.#end - this.#start;
    if (staged < FRAME_PREFIX_BYTES) {
      return { kind: "need-more", missingBytes: FRAME_PREFIX_BYTES - staged };
    }
    const length = this.#announcedLength();
    if (length > this.maxFrameBytes) {
      // Rejected before the body arrives: a garbage prefix must not make
      // the reader wait for (or allocate) gigabytes.
      this.#violation = new FrameTooLargeError(length, this.maxFrameBytes);
      return { kind: "violation", error: this.#violation };
    }
    const frameEnd = this.#start + FRAME_PREFIX_BYTES + length;
    if (frameEnd > this.#end) {
      return { kind: "need-more", missingBytes: frameEnd - this.#end };
    }
    const frame = this.#stage.slice(this.#start + FRAME_PREFIX_BYTES, frameEnd);
    this.#start = frameEnd;
    return { kind: "frame", frame };
  }

  /** The body length announced by the staged prefix (big-endian, unsigned). */
  #announcedLength(): number {
    return readFramePrefix(this.#stage, this.#start);
  }

  /** Tells how the stream ended, once the source has no more bytes. */
  finish(): StreamEnd {
    const staged = this.#end - this.#start;
    if (staged === 0) return { kind: "clean-end" };
    if (staged < FRAME_PREFIX_BYTES) {
      return {
        kind: "ended-mid-frame",
        error: new TruncatedFrameError("prefix", FRAME_PREFIX_BYTES - staged),
      };
    }
    const bodyArrived = staged - FRAME_PREFIX_BYTES;
    return {
      kind: "ended-mid-frame",
      error: new TruncatedFrameError(
        "body",
        this.#announcedLength() - bodyArrived,
      ),
    };
  }
}

/**
 * Reads the big-endian 4-byte length prefix at `offset` of `bytes` (the
 * caller checked that 4 bytes are there): the inverse of
 * `writeFramePrefix` (`frame.ts`), unsigned up to 4 GiB − 1.
 *
 * @example
 * ```ts
 * import { readFramePrefix, writeFramePrefix } from "./frame.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const bytes = new Uint8Array(5);
 * writeFramePrefix(bytes, 1, 0xfffffffe);
 * assertEquals(readFramePrefix(bytes, 1), 0xfffffffe);
 * ```
 */
export function readFramePrefix(bytes: Uint8Array, offset: number): number {
  // `<< 24` would go negative for lengths of 2 GiB and more: multiply.
  return bytes[offset] * 2 ** 24 + (bytes[offset + 1] << 16) +
    (bytes[offset + 2] << 8) + bytes[offset + 3];
}
