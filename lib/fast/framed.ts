/**
 * The fast tier of length-prefix framing: the same frames and the same
 * {@linkcode FramedDuplex} contract as the teaching `framedDuplex` in
 * `lib/wire/framed.ts`, tuned for the benchmark. A send encodes its frame at
 * once into a batch that every send of the same tick joins (one write, one
 * shared promise: `frame_batcher.ts`); a receive returns a frame already
 * buffered without an async step, and many frames come out of one large
 * read. On `read`/`write` resources buffers are reused: reads land straight
 * in the decoder (a large body directly in the message), batch buffers are
 * kept across writes, and a large message is written from the caller's
 * buffer. With `reuseBuffers` received messages are lent, not given. Chosen
 * explicitly by the bench and by programs that ask for speed.
 *
 * @module
 */

import { formatNumber } from "../notebook/number_format.ts";
import {
  checkMaxFrameBytes,
  DEFAULT_MAX_FRAME_BYTES,
} from "../wire/frame_decoder.ts";
import type { ReadWriteResource, StreamPair } from "../wire/byte_endpoints.ts";
import { FastFramedDuplex, type FastFramedOptions } from "./framed_duplex.ts";
import {
  sinkFromResource,
  sinkFromStream,
  sourceFromResource,
  sourceFromStream,
} from "./byte_endpoints.ts";

export {
  type BufferedReceiver,
  FastFramedDuplex,
  type FastFramedOptions,
} from "./framed_duplex.ts";

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
