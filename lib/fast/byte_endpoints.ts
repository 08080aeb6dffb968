/**
 * The fast tier's byte endpoints: how bytes get from a socket, a file or a
 * web stream into the {@linkcode FastFrameDecoder} (a `read` lands straight
 * in its buffers), and how written batches get back out (the batches are
 * encoded by `frame_batcher.ts`). Kept apart from the framing logic so each
 * side is small and testable.
 *
 * @module
 */

import type { FastFrameDecoder } from "./frame_decoder.ts";
import type { ReadWriteResource } from "../wire/byte_endpoints.ts";

export type { ReadWriteResource, StreamPair } from "../wire/byte_endpoints.ts";

/**
 * Where framed bytes come from. Exists so sockets, files and web streams feed
 * the decoder alike; `fill` resolves false at the end of the stream.
 */
export interface ChunkSource {
  fill(decoder: FastFrameDecoder): Promise<boolean>;
  /**
   * Optional: `fill` without the promise, for a source whose reads block
   * this thread anyway (true: bytes came, false: the end).
   */
  fillNow?(decoder: FastFrameDecoder): boolean;
  cancel(): Promise<void>;
}

/** Where framed bytes go; exists so sockets, files and web streams are written alike. */
export interface ByteSink {
  /**
   * Whether the sink is done with the bytes once `write` settles, so a
   * write buffer may be reused and a caller's own buffer may be written
   * without a defensive copy.
   */
  readonly releasesOnSettle: boolean;
  write(bytes: Uint8Array): Promise<void>;
  /**
   * Optional: writes what fits right now without waiting and returns the
   * count (0: nothing fit; the rest goes through `write`); throws what
   * `write` would reject with. Only on sinks that release on settle.
   */
  writeNow?(bytes: Uint8Array): number;
  closeWrite(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Reads a `read`/`write` resource straight into a decoder (no copy, no
 * allocation per read).
 *
 * @example
 * ```ts
 * import { sourceFromResource } from "./byte_endpoints.ts";
 * import { FastFrameDecoder } from "./frame_decoder.ts";
 * import { encodeFrame } from "../wire/frame.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const bytes = encodeFrame(new Uint8Array([1, 2]));
 * let given = false;
 * const source = sourceFromResource({
 *   read: (buffer) => {
 *     if (given) return Promise.resolve(null);
 *     given = true;
 *     buffer.set(bytes);
 *     return Promise.resolve(bytes.length);
 *   },
 *   write: (b) => Promise.resolve(b.length),
 *   close: () => {},
 * }, 1024);
 * const decoder = new FastFrameDecoder();
 * assertEquals(await source.fill(decoder), true);
 * assertEquals(decoder.next().kind, "frame");
 * assertEquals(await source.fill(decoder), false);
 * ```
 */
export function sourceFromResource(
  resource: ReadWriteResource,
  bufferBytes: number,
): ChunkSource {
  // Read straight into the decoder (its staging space, or the body of a
  // large message): no copy, no allocation per read.
  const targetOf = (decoder: FastFrameDecoder) => {
    const target = decoder.readTarget();
    return target.length > bufferBytes && !decoder.readingBody
      ? target.subarray(0, bufferBytes)
      : target;
  };
  const readNow = resource.readNow?.bind(resource);
  return {
    async fill(decoder) {
      const n = await resource.read(targetOf(decoder));
      if (n === null) return false;
      decoder.commit(n);
      return true;
    },
    fillNow: readNow && ((decoder) => {
      const n = readNow(targetOf(decoder));
      if (n === null) return false;
      decoder.commit(n);
      return true;
    }),
    cancel: () => Promise.resolve(),
  };
}

/**
 * Writes whole buffers to a resource (looping over partial writes); the
 * resource is done with the bytes once `write` settles.
 *
 * @example
 * ```ts
 * import { sinkFromResource } from "./byte_endpoints.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const written: number[] = [];
 * const sink = sinkFromResource({
 *   read: () => Promise.resolve(null),
 *   write: (b) => { written.push(b[0]); return Promise.resolve(1); },
 *   close: () => {},
 * });
 * await sink.write(new Uint8Array([5, 6]));
 * assertEquals(written, [5, 6]);
 * assertEquals(sink.releasesOnSettle, true);
 * ```
 */
export function sinkFromResource(resource: ReadWriteResource): ByteSink {
  let closed = false;
  const writeNow = resource.writeNow?.bind(resource);
  return {
    releasesOnSettle: true,
    writeNow,
    async write(bytes) {
      let offset = 0;
      while (offset < bytes.length) {
        offset += await resource.write(bytes.subarray(offset));
      }
    },
    async closeWrite() {
      await resource.closeWrite?.();
    },
    close() {
      if (!closed) {
        closed = true;
        try {
          resource.close();
        } catch (error) {
          if (!(error instanceof Deno.errors.BadResource)) throw error;
        }
      }
      return Promise.resolve();
    },
  };
}

/**
 * Feeds a web stream's chunks to a decoder.
 *
 * @example
 * ```ts
 * import { sourceFromStream } from "./byte_endpoints.ts";
 * import { FastFrameDecoder } from "./frame_decoder.ts";
 * import { encodeFrame } from "../wire/frame.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const source = sourceFromStream(ReadableStream.from([encodeFrame(new Uint8Array([3]))]));
 * const decoder = new FastFrameDecoder();
 * assertEquals(await source.fill(decoder), true);
 * assertEquals(decoder.next().kind, "frame");
 * assertEquals(await source.fill(decoder), false);
 * await source.cancel();
 * ```
 */
export function sourceFromStream(
  readable: ReadableStream<Uint8Array>,
): ChunkSource {
  const reader = readable.getReader();
  return {
    async fill(decoder) {
      const { value, done } = await reader.read();
      if (done) return false;
      decoder.push(value);
      return true;
    },
    async cancel() {
      await reader.cancel().catch(() => {});
      reader.releaseLock();
    },
  };
}

/**
 * Writes to a web stream; with `reuse` it says it is done with a chunk once
 * its write settles (only for streams known to be, such as a child's stdin).
 *
 * @example
 * ```ts
 * import { sinkFromStream } from "./byte_endpoints.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const chunks: Uint8Array[] = [];
 * const sink = sinkFromStream(new WritableStream({ write: (c) => void chunks.push(c) }), false);
 * await sink.write(new Uint8Array([9]));
 * await sink.close();
 * assertEquals(chunks.length, 1);
 * ```
 */
export function sinkFromStream(
  writable: WritableStream<Uint8Array>,
  reuse: boolean,
): ByteSink {
  const writer = writable.getWriter();
  let closed = false;
  // A write the peer never reads cannot be cancelled through the stream:
  // close() gives up on it (and aborts the stream) instead of waiting forever.
  const givenUp = Promise.withResolvers<never>();
  givenUp.promise.catch(() => {});
  let writing = 0;
  return {
    // A generic stream may keep a chunk after write() settles: the writer
    // gives it a fresh buffer per batch unless the owner said otherwise.
    releasesOnSettle: reuse,
    async write(bytes) {
      writing++;
      try {
        await Promise.race([writer.write(bytes), givenUp.promise]);
      } finally {
        writing--;
      }
    },
    async closeWrite() {
      if (closed) return;
      closed = true;
      await writer.close().catch(() => {});
    },
    async close() {
      if (closed && writing === 0) return;
      closed = true;
      const stuck = writing > 0;
      givenUp.reject(
        new Error("El flujo se cerró con una escritura pendiente"),
      );
      if (stuck) void writer.abort().catch(() => {});
      else await writer.close().catch(() => writer.abort().catch(() => {}));
    },
  };
}
