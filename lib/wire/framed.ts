/**
 * A byte stream made into a {@linkcode MessageDuplex} by length-prefix framing.
 *
 * Sockets (`Deno.Conn`), files and FIFOs (`Deno.FsFile`) and a child's stdio
 * (`ReadableStream`/`WritableStream`) only move bytes. This adapter owns the
 * framing: it writes each message as one buffer (prefix + body), merges the
 * frames of concurrent sends into one write, decodes many frames out of one
 * large read, and turns every way a stream can end into `null` or a typed
 * error. On `read`/`write` resources it reuses its buffers: reads land
 * straight in the decoder (a large body directly in the message), and
 * batches are encoded into one write buffer kept across writes.
 *
 * @module
 */

import type { MessageDuplex } from "./duplex.ts";
import { DuplexClosedError } from "./errors.ts";
import { FRAME_PREFIX_BYTES, FrameDecoder, writeFramePrefix } from "./frame.ts";
import {
  type ByteSink,
  type ChunkSource,
  type ReadWriteResource,
  sinkFromResource,
  sinkFromStream,
  sourceFromResource,
  sourceFromStream,
  type StreamPair,
} from "./byte_endpoints.ts";

export type { ReadWriteResource, StreamPair } from "./byte_endpoints.ts";

/** Options of {@linkcode framedDuplex}. */
export interface FramedDuplexOptions {
  /** Largest incoming body accepted (default 16 MiB); larger is `FrameTooLargeError`. */
  maxFrameBytes?: number;
  /** Most bytes one read of a `read`-style resource asks for (default 64 KiB; a large body is read whole). */
  readBufferBytes?: number;
  /**
   * Reuse buffers across messages: a received message is a view valid only
   * until the next `receive()`, and a stream sink's write buffer is reused
   * once its write settles. For loops that finish with each message before
   * asking for the next (an echo, a benchmark); saves an allocation and a
   * copy per message (default false: received messages are owned).
   */
  reuseBuffers?: boolean;
  /** Extra clean-up run once by `close()`, after the streams are closed. */
  onClose?: () => void | Promise<void>;
}

/**
 * The framed duplex. Besides the {@linkcode MessageDuplex} contract it offers
 * `closeWrite()`: a half-close that tells the peer "no more messages" (TCP FIN,
 * or closing a child's stdin) while replies can still be received.
 */
export class FramedDuplex implements MessageDuplex {
  #source: ChunkSource;
  #sink: ByteSink;
  #decoder: FrameDecoder;
  #onClose?: () => void | Promise<void>;
  #closed = false;
  #writeClosed = false;
  #ended = false;
  #receiveChain: Promise<unknown> = Promise.resolve();
  /** Receives started and not yet settled (they run one after another). */
  #receiving = 0;
  #pending: {
    message: Uint8Array;
    resolve: () => void;
    reject: (e: unknown) => void;
  }[] = [];
  #flushing = false;
  #writeError: unknown = null;

  /** Prefer {@linkcode framedDuplex}; this is the shared constructor. */
  constructor(
    source: ChunkSource,
    sink: ByteSink,
    options: FramedDuplexOptions,
  ) {
    this.#source = source;
    this.#sink = sink;
    this.#decoder = new FrameDecoder({
      maxFrameBytes: options.maxFrameBytes,
      lendFrames: options.reuseBuffers,
    });
    this.#onClose = options.onClose;
  }

  /** Whether `close()` has been called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Sends one message as one frame; concurrent sends share one write. */
  send(message: Uint8Array): Promise<void> {
    if (this.#closed || this.#writeClosed) {
      return Promise.reject(new DuplexClosedError("send"));
    }
    if (this.#writeError !== null) return Promise.reject(this.#writeError);
    if (message.length > 0xffff_ffff) {
      return Promise.reject(
        new RangeError(
          `Message of ${message.length} bytes does not fit a 4-byte length prefix`,
        ),
      );
    }
    // The message is encoded at flush time, straight into the write buffer;
    // the contract lets the caller reuse it only once this promise settles.
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ message, resolve, reject });
      if (!this.#flushing) void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    this.#flushing = true;
    try {
      while (this.#pending.length > 0) {
        const batch = this.#pending.splice(0);
        try {
          const only = batch.length === 1 ? batch[0].message : null;
          if (
            only !== null && only.length >= IN_PLACE_WRITE_BYTES &&
            this.#sink.releasesOnSettle
          ) {
            await this.#writeLarge(only);
          } else {
            await this.#sink.write(this.#encodeBatch(batch));
          }
          for (const p of batch) p.resolve();
        } catch (error) {
          this.#writeError = this.#closed
            ? new DuplexClosedError("send")
            : error;
          for (const p of batch) p.reject(this.#writeError);
          for (const p of this.#pending.splice(0)) p.reject(this.#writeError);
        }
      }
    } finally {
      this.#flushing = false;
    }
  }

  /** Encodes a batch of messages as frames into the sink's write buffer. */
  #encodeBatch(batch: { message: Uint8Array }[]): Uint8Array {
    let total = 0;
    for (const p of batch) total += FRAME_PREFIX_BYTES + p.message.length;
    const bytes = this.#sink.buffer(total).subarray(0, total);
    let offset = 0;
    for (const p of batch) {
      writeFramePrefix(bytes, offset, p.message.length);
      bytes.set(p.message, offset + FRAME_PREFIX_BYTES);
      offset += FRAME_PREFIX_BYTES + p.message.length;
    }
    return bytes;
  }

  /** A large message, not copied whole: prefix + first 64 KiB (never a lone prefix), then the rest in place. */
  async #writeLarge(message: Uint8Array): Promise<void> {
    const headBytes = IN_PLACE_HEAD_BYTES - FRAME_PREFIX_BYTES;
    const head = this.#sink.buffer(IN_PLACE_HEAD_BYTES)
      .subarray(0, IN_PLACE_HEAD_BYTES);
    writeFramePrefix(head, 0, message.length);
    head.set(message.subarray(0, headBytes), FRAME_PREFIX_BYTES);
    await this.#sink.write(head);
    await this.#sink.write(message.subarray(headBytes));
  }

  /** Resolves the next message, `null` at a clean end; throws on a broken frame. */
  receive(): Promise<Uint8Array | null> {
    // Fast path: nobody else is receiving, so no need to queue behind them.
    const result = this.#receiving === 0
      ? this.#receiveOne()
      : this.#receiveChain.then(() => this.#receiveOne());
    this.#receiving++;
    const settled = result.then(
      () => void this.#receiving--,
      () => void this.#receiving--,
    );
    this.#receiveChain = settled;
    return result;
  }

  async #receiveOne(): Promise<Uint8Array | null> {
    while (true) {
      if (this.#closed) return null;
      const step = this.#decoder.next();
      if (step.kind === "frame") return step.frame;
      if (step.kind === "violation") throw step.error;
      if (this.#ended) return this.#end();
      let more: boolean;
      try {
        more = await this.#source.fill(this.#decoder);
      } catch (error) {
        if (this.#closed) return null;
        if (!isPeerReset(error)) throw error;
        more = false;
      }
      if (!more) {
        this.#ended = true;
        return this.#end();
      }
    }
  }

  #end(): null {
    const end = this.#decoder.finish();
    if (end.kind === "ended-mid-frame") throw end.error;
    return null;
  }

  /** Half-close: no more sends from this side; receiving goes on. */
  async closeWrite(): Promise<void> {
    if (this.#writeClosed || this.#closed) return;
    this.#writeClosed = true;
    while (this.#flushing) await new Promise((r) => setTimeout(r, 0));
    await this.#sink.closeWrite();
  }

  /** Closes both directions and releases the underlying resource. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const p of this.#pending.splice(0)) {
      p.reject(new DuplexClosedError("send"));
    }
    await this.#source.cancel().catch(() => {});
    await this.#sink.close().catch(() => {});
    await this.#onClose?.();
  }

  /** Same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/** Messages this large are written from the caller's buffer, not copied. */
const IN_PLACE_WRITE_BYTES = 256 * 1024;

/** Bytes of the first write of an in-place message (prefix included). */
const IN_PLACE_HEAD_BYTES = 64 * 1024;

function isPeerReset(error: unknown): boolean {
  return error instanceof Deno.errors.ConnectionReset ||
    error instanceof Deno.errors.BrokenPipe ||
    error instanceof Deno.errors.UnexpectedEof;
}

/**
 * Wraps a byte stream as a framed {@linkcode MessageDuplex}.
 *
 * Accepts a `Deno.Conn`/`Deno.FsFile`-like resource (read/write/close) or a
 * pair of web streams. Closing the duplex closes the resource.
 *
 * @example Two framed messages through a TCP connection on loopback
 * ```ts
 * import { framedDuplex } from "./framed.ts";
 * import { assertEquals } from "@std/assert";
 *
 * using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
 * const accepted = listener.accept();
 * await using client = framedDuplex(
 *   await Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port }),
 * );
 * await using server = framedDuplex(await accepted);
 * await client.send(new TextEncoder().encode("waku"));
 * await client.send(new Uint8Array());
 * assertEquals(new TextDecoder().decode((await server.receive())!), "waku");
 * assertEquals((await server.receive())!.length, 0);
 * ```
 */
export function framedDuplex(
  endpoint: ReadWriteResource | StreamPair,
  options: FramedDuplexOptions = {},
): FramedDuplex {
  if ("read" in endpoint && typeof endpoint.read === "function") {
    const resource = endpoint as ReadWriteResource;
    return new FramedDuplex(
      sourceFromResource(resource, options.readBufferBytes ?? 64 * 1024),
      sinkFromResource(resource),
      options,
    );
  }
  const pair = endpoint as StreamPair;
  if (
    !(pair.readable instanceof ReadableStream) ||
    !(pair.writable instanceof WritableStream)
  ) {
    throw new TypeError(
      "Cannot frame this endpoint: expected read/write methods or readable/writable streams",
    );
  }
  return new FramedDuplex(
    sourceFromStream(pair.readable),
    sinkFromStream(pair.writable, options.reuseBuffers ?? false),
    options,
  );
}
