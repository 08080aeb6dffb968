/**
 * A byte stream made into a {@linkcode MessageDuplex} by length-prefix framing.
 *
 * Sockets (`Deno.Conn`), files and FIFOs (`Deno.FsFile`) and a child's stdio
 * (`ReadableStream`/`WritableStream`) only move bytes. This adapter owns the
 * framing: a send writes prefix + body as one buffer, a receive reads chunks
 * into a {@linkcode FrameDecoder} until a whole frame is there, and every way
 * a stream can end becomes `null` (a clean end) or a typed error. This is the
 * teaching tier; the benchmark's tuned framing (coalesced writes, reused
 * buffers) is `fastFramedDuplex` in `lib/fast/framed.ts`.
 *
 * @module
 */

import type { MessageDuplex } from "./duplex.ts";
import { DuplexClosedError } from "./errors.ts";
import { encodeFrame, FrameDecoder } from "./frame.ts";
import {
  checkMaxFrameBytes,
  DEFAULT_MAX_FRAME_BYTES,
} from "./frame_decoder.ts";
import {
  type ByteStream,
  byteStream,
  isPeerReset,
  type ReadWriteResource,
  type StreamPair,
} from "./byte_endpoints.ts";

export {
  isPeerReset,
  type ReadWriteResource,
  type StreamPair,
} from "./byte_endpoints.ts";

/**
 * A framed duplex: the {@linkcode MessageDuplex} contract plus `closeWrite()`,
 * a half-close that tells the peer "no more messages" (TCP FIN, or closing a
 * child's stdin) while replies can still be received. Both tiers implement it.
 */
export interface FramedDuplex extends MessageDuplex, AsyncDisposable {
  /** Whether `close()` has been called. */
  readonly closed: boolean;
  /** Half-close: no more sends from this side; receiving goes on. */
  closeWrite(): Promise<void>;
}

/** Options of {@linkcode framedDuplex}. */
export interface FramedDuplexOptions {
  /** Largest incoming body accepted (default 16 MiB, at most 1 GiB); larger is `FrameTooLargeError`. */
  maxFrameBytes?: number;
  /** Extra clean-up run once by `close()`, after the streams are closed. */
  onClose?: () => void | Promise<void>;
}

/** The teaching framed duplex: one write per frame, one read at a time. */
class LengthPrefixedDuplex implements FramedDuplex {
  #stream: ByteStream;
  #decoder: FrameDecoder;
  #onClose?: () => void | Promise<void>;
  /** Sends and receives each wait for the one before: frames never interleave. */
  #sends: Promise<unknown> = Promise.resolve();
  #receives: Promise<unknown> = Promise.resolve();
  #ended = false;
  #writeClosed = false;
  #closing: Promise<void> | null = null;

  constructor(stream: ByteStream, options: FramedDuplexOptions) {
    this.#stream = stream;
    this.#decoder = new FrameDecoder({ maxFrameBytes: options.maxFrameBytes });
    this.#onClose = options.onClose;
  }

  get closed(): boolean {
    return this.#closing !== null;
  }

  async send(message: Uint8Array): Promise<void> {
    if (this.closed || this.#writeClosed) throw new DuplexClosedError("send");
    // One buffer, one write: a lone 4-byte prefix write would meet Nagle's
    // algorithm and the peer's delayed ACK. The copy also frees the caller's
    // buffer at once.
    const frame = encodeFrame(message);
    const sent = this.#sends.then(() => this.#write(frame));
    this.#sends = sent.catch(() => {});
    await sent;
  }

  async #write(frame: Uint8Array): Promise<void> {
    if (this.closed) throw new DuplexClosedError("send");
    try {
      await this.#stream.write(frame);
    } catch (error) {
      throw this.closed ? new DuplexClosedError("send") : error;
    }
  }

  receive(): Promise<Uint8Array | null> {
    const received = this.#receives.then(() => this.#receiveOne());
    this.#receives = received.catch(() => {});
    return received;
  }

  async #receiveOne(): Promise<Uint8Array | null> {
    while (!this.closed) {
      const step = this.#decoder.next();
      if (step.kind === "frame") return step.frame;
      if (step.kind === "violation") throw step.error;
      const chunk = this.#ended ? null : await this.#read();
      if (this.closed) break;
      if (chunk === null) {
        this.#ended = true;
        const end = this.#decoder.finish();
        if (end.kind === "ended-mid-frame") throw end.error;
        return null;
      }
      this.#decoder.push(chunk);
    }
    return null;
  }

  /** Reads one chunk; a peer that reset the connection is an end like any other. */
  async #read(): Promise<Uint8Array | null> {
    try {
      return await this.#stream.read();
    } catch (error) {
      if (this.closed || isPeerReset(error)) return null;
      throw error;
    }
  }

  async closeWrite(): Promise<void> {
    if (this.closed || this.#writeClosed) return;
    this.#writeClosed = true;
    await this.#sends; // frames already queued go out before the FIN
    await this.#stream.closeWrite();
  }

  close(): Promise<void> {
    // Every caller waits for the same clean-up, which runs once.
    this.#closing ??= (async () => {
      await this.#stream.close();
      await this.#onClose?.();
    })();
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
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
  // A bad option throws before the endpoint is wrapped (a web stream's
  // reader would stay locked otherwise).
  checkMaxFrameBytes(options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES);
  return new LengthPrefixedDuplex(byteStream(endpoint), options);
}
