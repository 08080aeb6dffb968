/**
 * The fast framed duplex itself: sends handed to a {@linkcode FrameBatcher},
 * receives decoded by a {@linkcode FastFrameDecoder} fed by a chunk source.
 * Built by `fastFramedDuplex` (`framed.ts`), which picks the byte endpoints.
 *
 * @module
 */

import { DuplexClosedError } from "../wire/errors.ts";
import type { FramedDuplex, FramedDuplexOptions } from "../wire/framed.ts";
import { isPeerReset } from "../wire/byte_endpoints.ts";
import { FastFrameDecoder } from "./frame_decoder.ts";
import { FrameBatcher } from "./frame_batcher.ts";
import type { ByteSink, ChunkSource } from "./byte_endpoints.ts";

/** Options of `fastFramedDuplex` (`framed.ts`). */
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
 * A duplex that can hand over a message already here without an `await`
 * (see {@linkcode FastFramedDuplex.receiveBuffered}); fast tier only.
 */
export interface BufferedReceiver {
  receiveBuffered(): Uint8Array | undefined;
  takeBufferedWhile(
    accept: (bytes: Uint8Array, at: number, length: number) => boolean,
  ): number;
}

/**
 * The fast framed duplex: a {@linkcode FramedDuplex} (with its half-close,
 * `closeWrite()`) whose sends coalesce and whose buffers are reused.
 */
export class FastFramedDuplex implements FramedDuplex, BufferedReceiver {
  #source: ChunkSource;
  #sink: ByteSink;
  #batcher: FrameBatcher;
  #decoder: FastFrameDecoder;
  #onClose?: () => void | Promise<void>;
  #closed = false;
  #writeClosed = false;
  #ended = false;
  #receiveChain: Promise<unknown> = Promise.resolve();
  /** Receives started and not yet settled (they run one after another). */
  #receiving = 0;

  /** Prefer `fastFramedDuplex` (`framed.ts`); this is the shared constructor. */
  constructor(
    source: ChunkSource,
    sink: ByteSink,
    options: FastFramedOptions,
  ) {
    this.#source = source;
    this.#sink = sink;
    this.#batcher = new FrameBatcher(sink);
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

  /**
   * Sends one message as one frame. It is encoded at once; every send made
   * while a write is scheduled or under way joins the next write and gets
   * the same promise (it settles when that write did, for all of them).
   */
  send(message: Uint8Array): Promise<void> {
    return this.#refusal(message) ?? this.#batcher.enqueue(message);
  }

  /**
   * Sends one message as one frame in one write, now, as C's `writev` per
   * frame: for a sink that writes without an await (libc pipes and FIFOs)
   * when nothing else waits to be written. Returns `null`, having done
   * nothing, where that cannot be (then `send`); otherwise a promise that
   * is already settled unless the sink took only part of the frame (the
   * rest follows through the usual queue).
   */
  sendNow(message: Uint8Array): Promise<void> | null {
    return this.#refusal(message) ?? this.#batcher.writeFrameNow(message);
  }

  /** Why `message` cannot be sent, as a rejection, or `null`. */
  #refusal(message: Uint8Array): Promise<never> | null {
    if (this.#closed || this.#writeClosed) {
      return Promise.reject(new DuplexClosedError("send"));
    }
    const writeError = this.#batcher.error;
    if (writeError !== null) return Promise.reject(writeError);
    if (!(message instanceof Uint8Array)) {
      return Promise.reject(
        new TypeError(
          `No se puede enviar ${
            Object.prototype.toString.call(message)
          }: se esperaba un Uint8Array`,
        ),
      );
    }
    if (message.length > 0xffff_ffff) {
      return Promise.reject(
        new RangeError(
          `Un mensaje de ${message.length} bytes no cabe en un prefijo de largo de 4 bytes`,
        ),
      );
    }
    return null;
  }

  /** Resolves the next message, `null` at a clean end; throws on a broken frame. */
  receive(): Promise<Uint8Array | null> {
    // Fastest path: a whole frame is already buffered and nobody is ahead.
    if (this.#receiving === 0 && !this.#closed) {
      const frame = this.#decoder.nextFrame();
      if (frame !== null) return Promise.resolve(frame);
      // A source that blocks this thread anyway: read without an await,
      // unless sends wait to be written (see #receiveOne).
      const fillNow = this.#source.fillNow;
      if (fillNow !== undefined && !this.#batcher.busy) {
        return this.#receiveNow(fillNow);
      }
    }
    // Nobody else is receiving: no need to queue behind them.
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
      const frame = this.#decoded();
      if (frame !== undefined) return frame;
      if (this.#ended) return this.#end();
      // A read that blocks this thread must not start while sends of this
      // duplex still wait to be written: it would sleep for a reply to
      // bytes never sent (C's peer flushes before it reads for the same
      // reason).
      if (this.#source.fillNow !== undefined && this.#batcher.busy) {
        await this.#batcher.settled();
        continue;
      }
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

  /**
   * The next frame the bytes already read make whole, or `undefined` when
   * more must be read; throws the stream's violation.
   */
  #decoded(): Uint8Array | undefined {
    const frame = this.#decoder.nextFrame();
    if (frame !== null) return frame;
    const step = this.#decoder.next();
    if (step.kind === "frame") return step.frame;
    if (step.kind === "violation") throw step.error;
    return undefined;
  }

  /** `#receiveOne` with no await, for a source whose reads block anyway. */
  #receiveNow(
    fillNow: (decoder: FastFrameDecoder) => boolean,
  ): Promise<Uint8Array | null> {
    try {
      while (true) {
        const frame = this.#decoded();
        if (frame !== undefined) return Promise.resolve(frame);
        if (this.#ended) return Promise.resolve(this.#end());
        let more: boolean;
        try {
          more = fillNow.call(this.#source, this.#decoder);
        } catch (error) {
          if (this.#closed) return Promise.resolve(null);
          if (!isPeerReset(error)) throw error;
          more = false;
        }
        if (!more) {
          this.#ended = true;
          return Promise.resolve(this.#end());
        }
      }
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #end(): null {
    const end = this.#decoder.finish();
    if (end.kind === "ended-mid-frame") throw end.error;
    return null;
  }

  /**
   * A message that is already here, without waiting: the next frame when a
   * whole one is buffered and no `receive()` is pending, else `undefined` —
   * and then `receive()` says what comes next (more bytes to wait for, the
   * end, a broken frame: this method never skips one). Optional, fast tier
   * only (not part of `MessageDuplex`): it lets a loop drain the frames of
   * one read without an `await` per message, the way a C receiver parses
   * every frame out of one read buffer. A lent frame (`reuseBuffers`) is
   * valid until the next `receive()` or `receiveBuffered()`.
   *
   * @example Draining what arrived, then waiting for the end
   * ```ts
   * import { fastFramedDuplex } from "./framed.ts";
   * import { encodeFrames } from "../wire/frame.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const bytes = encodeFrames([new Uint8Array([1]), new Uint8Array([2])]);
   * const duplex = fastFramedDuplex({
   *   readable: ReadableStream.from([bytes]),
   *   writable: new WritableStream(),
   * });
   * assertEquals(duplex.receiveBuffered(), undefined); // nothing read yet
   * assertEquals([...(await duplex.receive())!], [1]);
   * assertEquals([...duplex.receiveBuffered()!], [2]);
   * assertEquals(duplex.receiveBuffered(), undefined);
   * assertEquals(await duplex.receive(), null);
   * await duplex.close();
   * ```
   */
  receiveBuffered(): Uint8Array | undefined {
    if (this.#receiving !== 0 || this.#closed) return undefined;
    return this.#decoder.nextFrame() ?? undefined;
  }

  /**
   * Consumes the messages already here while `accept(bytes, at, length)`
   * returns true (the body is `bytes[at..at + length)`, valid only during
   * the call) and returns how many: a C receiver's parse loop, with no view
   * or copy per message. Stops at the first message refused or not yet
   * whole, which `receive()`/`receiveBuffered()` then hand out; 0 while a
   * `receive()` is pending.
   *
   * @example Skipping a run of heartbeats (messages starting with 0)
   * ```ts
   * import { fastFramedDuplex } from "./framed.ts";
   * import { encodeFrames } from "../wire/frame.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const bytes = encodeFrames([Uint8Array.of(0), Uint8Array.of(0), Uint8Array.of(5)]);
   * const duplex = fastFramedDuplex({
   *   readable: ReadableStream.from([bytes]),
   *   writable: new WritableStream(),
   * });
   * const heartbeat = (b: Uint8Array, at: number, length: number) => length === 1 && b[at] === 0;
   * assertEquals([...(await duplex.receive())!], [0]);
   * assertEquals(duplex.takeBufferedWhile(heartbeat), 1);
   * assertEquals([...duplex.receiveBuffered()!], [5]);
   * await duplex.close();
   * ```
   */
  takeBufferedWhile(
    accept: (bytes: Uint8Array, at: number, length: number) => boolean,
  ): number {
    if (this.#receiving !== 0 || this.#closed) return 0;
    return this.#decoder.takeWhile(accept);
  }

  /** Half-close: no more sends from this side; receiving goes on. */
  async closeWrite(): Promise<void> {
    if (this.#writeClosed || this.#closed) return;
    this.#writeClosed = true;
    await this.#batcher.settled();
    await this.#sink.closeWrite();
  }

  /** Closes both directions and releases the underlying resource. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#batcher.fail(new DuplexClosedError("send"));
    await this.#source.cancel().catch(() => {});
    await this.#sink.close().catch(() => {});
    await this.#onClose?.();
  }

  /** Same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
