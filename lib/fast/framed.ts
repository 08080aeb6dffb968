/**
 * The fast tier of length-prefix framing: the same frames and the same
 * {@linkcode FramedDuplex} contract as the teaching `framedDuplex` in
 * `lib/wire/framed.ts`, tuned for the benchmark. It merges the frames of
 * concurrent sends into one write, decodes many frames out of one large
 * read, and on `read`/`write` resources reuses its buffers: reads land
 * straight in the decoder (a large body directly in the message), batches
 * are encoded into one write buffer kept across writes, and a large message
 * is written from the caller's buffer. With `reuseBuffers` received messages
 * are lent, not given. Chosen explicitly by the bench and by programs that
 * ask for speed.
 *
 * @module
 */

import { formatNumber } from "../notebook/number_format.ts";
import { DuplexClosedError } from "../wire/errors.ts";
import { FRAME_PREFIX_BYTES, writeFramePrefix } from "../wire/frame.ts";
import {
  checkMaxFrameBytes,
  DEFAULT_MAX_FRAME_BYTES,
} from "../wire/frame_decoder.ts";
import type { FramedDuplex, FramedDuplexOptions } from "../wire/framed.ts";
import {
  isPeerReset,
  type ReadWriteResource,
  type StreamPair,
} from "../wire/byte_endpoints.ts";
import { FastFrameDecoder } from "./frame_decoder.ts";
import {
  type ByteSink,
  type ChunkSource,
  sinkFromResource,
  sinkFromStream,
  sourceFromResource,
  sourceFromStream,
} from "./byte_endpoints.ts";

/** Options of {@linkcode fastFramedDuplex}. */
export interface FastFramedOptions extends FramedDuplexOptions {
  /**
   * Most bytes one read of a `read`-style resource asks for: a positive
   * integer (default 64 KiB; a large body is read whole).
   */
  readBufferBytes?: number;
  /**
   * Reuse buffers across messages: a received message is a view valid only
   * until the next `receive()`, and a stream sink's write buffer is reused
   * once its write settles. For loops that finish with each message before
   * asking for the next (an echo, a benchmark); saves an allocation and a
   * copy per message (default false: received messages are owned).
   */
  reuseBuffers?: boolean;
}

/**
 * The fast framed duplex: a {@linkcode FramedDuplex} (with its half-close,
 * `closeWrite()`) whose sends coalesce and whose buffers are reused.
 */
export class FastFramedDuplex implements FramedDuplex {
  #source: ChunkSource;
  #sink: ByteSink;
  #decoder: FastFrameDecoder;
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

  /** Prefer {@linkcode fastFramedDuplex}; this is the shared constructor. */
  constructor(
    source: ChunkSource,
    sink: ByteSink,
    options: FastFramedOptions,
  ) {
    this.#source = source;
    this.#sink = sink;
    this.#decoder = new FastFrameDecoder({
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
          `Un mensaje de ${message.length} bytes no cabe en un prefijo de largo de 4 bytes`,
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

/**
 * Wraps a byte stream as a fast framed duplex.
 *
 * Accepts a `Deno.Conn`/`Deno.FsFile`-like resource (read/write/close) or a
 * pair of web streams. Closing the duplex closes the resource. On a web
 * stream pair, pass `reuseBuffers` only when the stream is done with a chunk
 * once its write settles (a child's stdin is; a `TransformStream` is not).
 *
 * @example A 1 MiB echo over TCP on loopback, with reused buffers
 * ```ts
 * import { fastFramedDuplex } from "./framed.ts";
 * import { assertEquals } from "@std/assert";
 *
 * using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
 * const accepted = listener.accept();
 * await using client = fastFramedDuplex(
 *   await Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port }),
 *   { reuseBuffers: true },
 * );
 * await using server = fastFramedDuplex(await accepted, { reuseBuffers: true });
 * const big = new Uint8Array(1 << 20).map((_, i) => i & 0xff);
 * await client.send(big);
 * await server.send((await server.receive())!);
 * assertEquals(await client.receive(), big);
 * ```
 */
export function fastFramedDuplex(
  endpoint: ReadWriteResource | StreamPair,
  options: FastFramedOptions = {},
): FastFramedDuplex {
  const readBufferBytes = options.readBufferBytes ?? 64 * 1024;
  if (typeof readBufferBytes !== "number") {
    throw new TypeError(
      `readBufferBytes inválido (${
        String(readBufferBytes)
      }): se esperaba un número`,
    );
  }
  // A read of zero bytes returns zero bytes: the receive loop would spin.
  if (!Number.isSafeInteger(readBufferBytes) || readBufferBytes < 1) {
    throw new RangeError(
      `readBufferBytes inválido (${
        formatNumber(readBufferBytes)
      }): se esperaba un entero positivo`,
    );
  }
  // Checked here, before any stream is wrapped, so nothing is left half-built.
  checkMaxFrameBytes(options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES);
  if ("read" in endpoint && typeof endpoint.read === "function") {
    const resource = endpoint as ReadWriteResource;
    return new FastFramedDuplex(
      sourceFromResource(resource, readBufferBytes),
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
      "No se pueden delimitar mensajes (framing) sobre este extremo: se esperaban métodos read/write o flujos readable/writable",
    );
  }
  return new FastFramedDuplex(
    sourceFromStream(pair.readable),
    sinkFromStream(pair.writable, options.reuseBuffers ?? false),
    options,
  );
}
