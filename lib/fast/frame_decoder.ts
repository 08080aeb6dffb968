/**
 * The fast tier's frame decoder: the same frames and the same
 * {@linkcode DecodeStep} values as the teaching `FrameDecoder` in
 * `lib/wire/frame_decoder.ts`, tuned for the benchmark. Reads land straight
 * in its buffers ({@linkcode FastFrameDecoder.readTarget}), a large body is
 * assembled in the buffer that becomes the message, and with `lendFrames`
 * frames are views into buffers reused from message to message.
 *
 * Read the teaching decoder first: this one only adds the speed work.
 *
 * @module
 */

import { FrameTooLargeError, TruncatedFrameError } from "../wire/errors.ts";
import { checkChunk, refuseCommit } from "./decoder_checks.ts";
import {
  checkMaxFrameBytes,
  type DecodeStep,
  DEFAULT_MAX_FRAME_BYTES,
  FRAME_PREFIX_BYTES,
  type FrameDecoderOptions,
  readFramePrefix,
  type StreamEnd,
} from "../wire/frame_decoder.ts";
import { LargeBody } from "./large_body.ts";

/** Options of {@linkcode FastFrameDecoder}. */
export interface FastFrameDecoderOptions extends FrameDecoderOptions {
  /**
   * Lend frames instead of giving them: each frame is a view into a buffer
   * the decoder reuses (large bodies are assembled in one buffer kept from
   * frame to frame), valid only until the next `push`/`commit`. Saves an
   * allocation and a copy per message (default false: frames are owned).
   */
  lendFrames?: boolean;
}

/** Bodies at least this large are assembled in their own buffer, bytes read straight into it. */
const LARGE_BODY_BYTES = 64 * 1024;

/** Free space the staging buffer offers a read (and its starting size). */
const READ_SPACE_BYTES = 64 * 1024;

/**
 * Reassembles length-prefixed frames from chunks of any size.
 *
 * Bytes are staged in one reusable buffer, so many small frames come out of
 * one large read with a single copy each. A large body (64 KiB and more) is
 * assembled in the buffer that becomes the message, and {@linkcode readTarget}
 * lets a reader put its bytes straight there: a 1 MiB message costs one
 * allocation and no intermediate copies. Chunks passed to `push` are copied,
 * so callers may reuse their read buffer at once.
 *
 * @example Frames split and merged across chunks
 * ```ts
 * import { FastFrameDecoder } from "./frame_decoder.ts";
 * import { encodeFrames } from "../wire/frame.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const bytes = encodeFrames([new Uint8Array([1, 2]), new Uint8Array([3])]);
 * const decoder = new FastFrameDecoder();
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
export class FastFrameDecoder {
  readonly maxFrameBytes: number;
  /** Staged stream bytes live in `#stage[#start, #end)`. */
  #stage = new Uint8Array(0);
  #start = 0;
  #end = 0;
  /** Length of the frame whose prefix was read, or -1 while reading a prefix. */
  #bodyLength = -1;
  /** The large body being assembled, when one is. */
  #body: LargeBody;
  /** Whether the last readTarget() was the large body (else the stage). */
  #targetIsBody = false;
  #lendFrames: boolean;
  #violation: FrameTooLargeError | null = null;

  /** Creates a decoder; `maxFrameBytes` defaults to 16 MiB (at most 1 GiB). */
  constructor(options: FastFrameDecoderOptions = {}) {
    this.maxFrameBytes = checkMaxFrameBytes(
      options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES,
    );
    this.#lendFrames = options.lendFrames ?? false;
    this.#body = new LargeBody(this.#lendFrames);
  }

  /** Bytes received but not yet returned as frames (prefix included). */
  get bufferedBytes(): number {
    return this.#end - this.#start + this.#body.filled +
      (this.#bodyLength >= 0 ? FRAME_PREFIX_BYTES : 0);
  }

  /**
   * Appends a chunk of stream bytes (copied; the caller keeps its buffer).
   * After a violation it throws that violation, as `readTarget` does.
   */
  push(chunk: Uint8Array): void {
    checkChunk(chunk);
    if (this.#violation) throw this.#violation;
    let offset = 0;
    while (offset < chunk.length) {
      const target = this.readTarget();
      const n = Math.min(target.length, chunk.length - offset);
      target.set(chunk.subarray(offset, offset + n));
      this.commit(n);
      offset += n;
    }
  }

  /**
   * Where the next read should put its bytes: the rest of a large body being
   * assembled, or free space in the staging buffer. Follow with
   * {@linkcode commit}. Zero-copy reading for `read(buffer)`-style sources.
   *
   * @example Reading straight into the decoder
   * ```ts
   * import { FastFrameDecoder } from "./frame_decoder.ts";
   * import { encodeFrame } from "../wire/frame.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const decoder = new FastFrameDecoder();
   * const bytes = encodeFrame(new Uint8Array([7, 8]));
   * decoder.readTarget().set(bytes);
   * decoder.commit(bytes.length);
   * const step = decoder.next();
   * assertEquals(step.kind === "frame" ? [...step.frame] : null, [7, 8]);
   * ```
   */
  readTarget(): Uint8Array {
    // A poisoned stream gets no more buffer space: the peer cannot grow it.
    if (this.#violation) throw this.#violation;
    // A full body waits for next(); bytes after it belong to the next frame.
    this.#targetIsBody = this.#body.wantsBytes;
    if (this.#targetIsBody) return this.#body.target();
    if (this.#stage.length - this.#end < READ_SPACE_BYTES) this.#makeRoom();
    return this.#stage.subarray(this.#end);
  }

  /** Whether the last {@linkcode readTarget} was the body of a large message. */
  get readingBody(): boolean {
    return this.#targetIsBody;
  }

  /**
   * Declares that `count` bytes were written into the last
   * {@linkcode readTarget}: an integer from 0 to the target's length.
   */
  commit(count: number): void {
    // `(count >>> 0) === count` is the cheap test for a non-negative
    // integer: it fails for -1, 1.5, NaN and non-numbers alike.
    if (this.#targetIsBody && this.#body.active) {
      const space = this.#body.space;
      if ((count >>> 0) !== count || count > space) {
        refuseCommit(count, space);
      }
      this.#body.advance(count);
      return;
    }
    const space = this.#stage.length - this.#end;
    if ((count >>> 0) !== count || count > space) {
      refuseCommit(count, space);
    }
    this.#end += count;
  }

  /** Compacts the staging buffer, growing it only when compaction is not enough. */
  #makeRoom(): void {
    const staged = this.#end - this.#start;
    if (this.#stage.length - staged >= READ_SPACE_BYTES) {
      this.#stage.copyWithin(0, this.#start, this.#end);
    } else {
      let size = Math.max(READ_SPACE_BYTES, this.#stage.length);
      while (size - staged < READ_SPACE_BYTES) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.#stage.subarray(this.#start, this.#end));
      this.#stage = grown;
    }
    this.#start = 0;
    this.#end = staged;
  }

  /**
   * The hot path of {@linkcode next}: the next frame when a whole small frame
   * is already staged, else `null` with nothing consumed — then `next()`
   * says why (more bytes needed, a violation, a large body). Allocates no
   * step object, so a reader draining many frames out of one read pays only
   * for the frame itself.
   *
   * @example Draining what one read brought, then asking `next()` why it stopped
   * ```ts
   * import { FastFrameDecoder } from "./frame_decoder.ts";
   * import { encodeFrames } from "../wire/frame.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const decoder = new FastFrameDecoder();
   * const bytes = encodeFrames([new Uint8Array([1]), new Uint8Array([2, 3])]);
   * decoder.push(bytes.subarray(0, bytes.length - 1));
   * assertEquals([...decoder.nextFrame()!], [1]);
   * assertEquals(decoder.nextFrame(), null);
   * assertEquals(decoder.next(), { kind: "need-more", missingBytes: 1 });
   * ```
   */
  nextFrame(): Uint8Array | null {
    // Anything but "a prefix comes next" (a violation, a body whose prefix
    // next() already consumed, a large body) is next()'s to report.
    if (this.#bodyLength >= 0 || this.#violation !== null) return null;
    const at = this.#start;
    const bodyAt = at + FRAME_PREFIX_BYTES;
    if (bodyAt > this.#end) return null;
    const stage = this.#stage;
    const length = readFramePrefix(stage, at);
    const end = bodyAt + length;
    if (end > this.#end || length > this.maxFrameBytes) return null;
    const frame = this.#lendFrames
      ? stage.subarray(bodyAt, end)
      : stage.slice(bodyAt, end);
    if (end === this.#end) this.#start = this.#end = 0;
    else this.#start = end;
    return frame;
  }

  /**
   * Consumes the whole small frames already staged while `accept(bytes, at,
   * length)` returns true for them — the body is `bytes[at..at + length)`,
   * read in place, as a C receiver reads a frame out of its buffer — and
   * returns how many it consumed. The first frame refused, or any frame
   * {@linkcode nextFrame} would not hand out, stays for `nextFrame()`/`next()`.
   * Allocates nothing per frame.
   *
   * @example Counting the frames that start with 7 without a view each
   * ```ts
   * import { FastFrameDecoder } from "./frame_decoder.ts";
   * import { encodeFrames } from "../wire/frame.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const decoder = new FastFrameDecoder();
   * const sevens = (bytes: Uint8Array, at: number, length: number) =>
   *   length > 0 && bytes[at] === 7;
   * decoder.push(encodeFrames([Uint8Array.of(7, 1), Uint8Array.of(7), Uint8Array.of(8)]));
   * assertEquals(decoder.takeWhile(sevens), 2);
   * assertEquals([...decoder.nextFrame()!], [8]);
   * ```
   */
  takeWhile(
    accept: (bytes: Uint8Array, at: number, length: number) => boolean,
  ): number {
    if (this.#bodyLength >= 0 || this.#violation !== null) return 0;
    const stage = this.#stage;
    let at = this.#start;
    let taken = 0;
    while (at + FRAME_PREFIX_BYTES <= this.#end) {
      const bodyAt = at + FRAME_PREFIX_BYTES;
      const length = readFramePrefix(stage, at);
      const end = bodyAt + length;
      if (end > this.#end || length > this.maxFrameBytes) break;
      if (!accept(stage, bodyAt, length)) break;
      at = end;
      taken++;
    }
    if (at === this.#end) this.#start = this.#end = 0;
    else this.#start = at;
    return taken;
  }

  /** Returns the next whole frame, or says how many more bytes are needed. */
  next(): DecodeStep {
    if (this.#violation) return { kind: "violation", error: this.#violation };
    if (this.#body.active) {
      if (!this.#body.complete) {
        return { kind: "need-more", missingBytes: this.#body.missingBytes };
      }
      this.#bodyLength = -1;
      return { kind: "frame", frame: this.#body.take() };
    }
    const stage = this.#stage;
    if (this.#bodyLength < 0) {
      const staged = this.#end - this.#start;
      if (staged < FRAME_PREFIX_BYTES) {
        return { kind: "need-more", missingBytes: FRAME_PREFIX_BYTES - staged };
      }
      const at = this.#start;
      const length = readFramePrefix(stage, at);
      if (length > this.maxFrameBytes) {
        this.#violation = new FrameTooLargeError(length, this.maxFrameBytes);
        // No free space left: a commit without a fresh readTarget is refused.
        this.#stage = this.#stage.subarray(0, this.#end);
        this.#targetIsBody = false;
        return { kind: "violation", error: this.#violation };
      }
      this.#start += FRAME_PREFIX_BYTES;
      this.#bodyLength = length;
    }
    const staged = this.#end - this.#start;
    if (staged >= this.#bodyLength) {
      const end = this.#start + this.#bodyLength;
      const frame = this.#lendFrames
        ? stage.subarray(this.#start, end)
        : stage.slice(this.#start, end);
      this.#start += this.#bodyLength;
      if (this.#start === this.#end) this.#start = this.#end = 0;
      this.#bodyLength = -1;
      return { kind: "frame", frame };
    }
    if (this.#bodyLength >= LARGE_BODY_BYTES) {
      // Move what arrived into the message's own buffer; the rest lands there directly.
      this.#body.start(
        this.#bodyLength,
        stage.subarray(this.#start, this.#end),
      );
      this.#start = this.#end = 0;
    }
    return { kind: "need-more", missingBytes: this.#bodyLength - staged };
  }

  /** Tells how the stream ended, once the source has no more bytes. */
  finish(): StreamEnd {
    const arrived = this.#end - this.#start + this.#body.filled;
    if (this.#bodyLength >= 0) {
      return {
        kind: "ended-mid-frame",
        error: new TruncatedFrameError("body", this.#bodyLength - arrived),
      };
    }
    if (arrived > 0) {
      return {
        kind: "ended-mid-frame",
        error: new TruncatedFrameError("prefix", FRAME_PREFIX_BYTES - arrived),
      };
    }
    return { kind: "clean-end" };
  }
}
