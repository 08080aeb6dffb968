/**
 * The byte endpoints under a framed duplex: a socket, a file, a FIFO or a
 * pair of web streams, all seen as one {@linkcode ByteStream} (read a chunk,
 * write all bytes, half-close, close), so `framed.ts` deals in frames only.
 *
 * @module
 */

import { DuplexClosedError } from "./errors.ts";

/** A resource with Deno's `read`/`write` shape, such as `Deno.Conn` or `Deno.FsFile`. */
export interface ReadWriteResource {
  read(buffer: Uint8Array): Promise<number | null>;
  write(bytes: Uint8Array): Promise<number>;
  /**
   * Optional: writes synchronously and returns how many bytes that was (0:
   * none fit now); throws what `write` would reject with. A non-blocking
   * resource never waits here; a blocking one waits as its `write` does.
   * Lets a writer that finds room skip a promise per write.
   */
  writeNow?(bytes: Uint8Array): number;
  /**
   * Optional, for a resource whose reads block this thread anyway: `read`
   * without the promise (a count, or `null` at the end); throws what `read`
   * would reject with.
   */
  readNow?(buffer: Uint8Array): number | null;
  close(): void;
  closeWrite?(): Promise<void>;
}

/** A pair of web streams, such as a child process's stdout and stdin. */
export interface StreamPair {
  readable: ReadableStream<Uint8Array>;
  writable: WritableStream<Uint8Array>;
}

/** The four things framing needs from any byte stream; `read` resolves `null` at its end. */
export interface ByteStream {
  read(): Promise<Uint8Array | null>;
  write(bytes: Uint8Array): Promise<void>;
  closeWrite(): Promise<void>;
  close(): Promise<void>;
}

/** A `read`/`write` resource as a {@linkcode ByteStream}. */
function resourceStream(resource: ReadWriteResource): ByteStream {
  // One read buffer serves every read: the decoder copies what it is pushed.
  const buffer = new Uint8Array(64 * 1024);
  return {
    async read() {
      const n = await resource.read(buffer);
      return n === null ? null : buffer.subarray(0, n);
    },
    async write(bytes) {
      // A resource may accept fewer bytes than offered: write the rest.
      let offset = 0;
      while (offset < bytes.length) {
        offset += await resource.write(bytes.subarray(offset));
      }
    },
    closeWrite: async () => await resource.closeWrite?.(),
    close() {
      try {
        resource.close();
      } catch (error) {
        if (!(error instanceof Deno.errors.BadResource)) throw error;
      }
      return Promise.resolve();
    },
  };
}

/** A pair of web streams as a {@linkcode ByteStream}. */
function webStream(pair: StreamPair): ByteStream {
  const reader = pair.readable.getReader();
  const writer = pair.writable.getWriter();
  // A write the peer never reads cannot be cancelled through the stream:
  // close() gives up on it instead of waiting for it forever.
  const givenUp = Promise.withResolvers<never>();
  givenUp.promise.catch(() => {});
  let writing = 0;
  return {
    async read() {
      const { value, done } = await reader.read();
      return done ? null : value;
    },
    async write(bytes) {
      writing++;
      try {
        await Promise.race([writer.write(bytes), givenUp.promise]);
      } finally {
        writing--;
      }
    },
    closeWrite: () => writer.close().catch(() => {}),
    async close() {
      const stuck = writing > 0;
      givenUp.reject(new DuplexClosedError("send"));
      await reader.cancel().catch(() => {});
      if (stuck) void writer.abort().catch(() => {});
      else await writer.close().catch(() => {});
    },
  };
}

/**
 * Whether an I/O error means the peer went away (reset, broken pipe, EOF in
 * the middle of a read): framing reads it as the end of the stream.
 *
 * @example
 * ```ts
 * import { isPeerReset } from "./byte_endpoints.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(isPeerReset(new Deno.errors.ConnectionReset("gone")), true);
 * assertEquals(isPeerReset(new Deno.errors.PermissionDenied("no")), false);
 * ```
 */
export function isPeerReset(error: unknown): boolean {
  return error instanceof Deno.errors.ConnectionReset ||
    error instanceof Deno.errors.BrokenPipe ||
    error instanceof Deno.errors.UnexpectedEof;
}

/**
 * Sees a `read`/`write` resource (`Deno.Conn`, `Deno.FsFile`) or a pair of
 * web streams as a {@linkcode ByteStream}.
 *
 * @example The same bytes out of a resource and out of a web stream
 * ```ts
 * import { byteStream } from "./byte_endpoints.ts";
 * import { assertEquals } from "@std/assert";
 *
 * let given = false;
 * const fromResource = byteStream({
 *   read(buffer) {
 *     if (given) return Promise.resolve(null);
 *     given = true;
 *     buffer.set([1, 2, 3]);
 *     return Promise.resolve(3);
 *   },
 *   write: (bytes) => Promise.resolve(bytes.length),
 *   close: () => {},
 * });
 * assertEquals([...(await fromResource.read())!], [1, 2, 3]);
 * assertEquals(await fromResource.read(), null);
 *
 * const fromStreams = byteStream({
 *   readable: ReadableStream.from([new Uint8Array([1, 2, 3])]),
 *   writable: new WritableStream(),
 * });
 * assertEquals([...(await fromStreams.read())!], [1, 2, 3]);
 * assertEquals(await fromStreams.read(), null);
 * await fromStreams.close();
 * ```
 */
export function byteStream(
  endpoint: ReadWriteResource | StreamPair,
): ByteStream {
  if ("read" in endpoint && typeof endpoint.read === "function") {
    return resourceStream(endpoint);
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
  return webStream(pair);
}
