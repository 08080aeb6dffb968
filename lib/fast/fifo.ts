/**
 * The fast tier of the named-pipe duplex: the same two FIFOs, opened the same
 * bounded way as in `lib/transports/fifo.ts` (read that file for the
 * concept), framed by {@linkcode fastFramedDuplex} with reused buffers.
 * Where FFI is allowed they are read and written by busy polling through
 * libc (`busy_poll_pipe.ts`, the same wait as the fast sockets); elsewhere
 * optionally with blocking calls. Chosen explicitly by the benchmark and by
 * programs that ask for speed.
 *
 * @module
 */

import { type FifoStreams, openFifoStreams } from "../transports/fifo.ts";
import type { ReadWriteResource } from "../wire/framed.ts";
import { type FastFramedDuplex, fastFramedDuplex } from "./framed.ts";
import { busyPollSpin, openFifoPipe } from "./pipe_ends.ts";
import { blockingPipeResource } from "./blocking_pipe.ts";
import type { FastPipeWaitOptions } from "./pipe.ts";

/** Options of {@linkcode openFifoDuplexFast}. */
export interface FastFifoOptions extends FastPipeWaitOptions {
  /**
   * A received message is a view valid only until the next `receive()`, and
   * the write buffer is reused: for loops that finish with each message
   * before asking for the next, such as the benchmark (default false).
   */
  reuseBuffers?: boolean;
  /**
   * Read and write the FIFOs with calls that block this thread: with busy
   * polling, each read spins for the budget, then sleeps in `poll` here;
   * without it (`busyPollMs: false`, or FFI not allowed), `readSync`/`writeSync`.
   * Deno's async file operations each go through a helper thread (measured
   * here: ~160 µs per echo against ~70 µs blocking), so a process whose only
   * job is to serve the FIFO should say so. While it waits, nothing else in
   * that process runs (no timers, no other I/O): leave it off anywhere else,
   * such as a notebook or a test (default false).
   */
  blockingIo?: boolean;
  /**
   * With `blockingIo` and libc (busy polling allowed), the longest one read
   * or write sleeps before it fails with `Deno.errors.TimedOut` (default: no
   * limit); without libc it is a `TypeError`, since `readSync` cannot be
   * bounded.
   */
  blockingWaitLimitMs?: number;
  /** Largest incoming message accepted (default 16 MiB). */
  maxFrameBytes?: number;
}

/**
 * The FIFO ends read and written with blocking calls. The framing calls them
 * from async functions, so a throwing call still becomes a rejection.
 */
function blocking(streams: FifoStreams): ReadWriteResource {
  return {
    read: (buffer) => Promise.resolve(streams.input.readSync(buffer)),
    write: (bytes) => Promise.resolve(streams.output.writeSync(bytes)),
    closeWrite: () => streams.closeWrite(),
    close: () => streams.close(),
  };
}

/**
 * `openFifoDuplex`, framed by the fast tier.
 *
 * @example A server and a client over two FIFOs, reusing buffers
 * ```ts
 * import { openFifoDuplexFast } from "./fifo.ts";
 * import { createFifoPair } from "../transports/fifo.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using fifos = await createFifoPair();
 * const [server, client] = await Promise.all([
 *   openFifoDuplexFast(fifos.requests, fifos.replies, 5000, { reuseBuffers: true }),
 *   openFifoDuplexFast(fifos.replies, fifos.requests, 5000, { reuseBuffers: true }),
 * ]);
 * await client.send(new TextEncoder().encode("abracadabra"));
 * const request = new TextDecoder().decode((await server.receive())!);
 * await server.send(new TextEncoder().encode([...request].reverse().join("")));
 * assertEquals(new TextDecoder().decode((await client.receive())!), "arbadacarba");
 * await client.close();
 * await server.close();
 * ```
 */
export async function openFifoDuplexFast(
  readPath: string,
  writePath: string,
  timeoutMs = 5000,
  options: FastFifoOptions = {},
): Promise<FastFramedDuplex> {
  const framing = {
    maxFrameBytes: options.maxFrameBytes,
    reuseBuffers: options.reuseBuffers,
  };
  const spin = busyPollSpin(options.busyPollMs);
  if (spin !== false) {
    const pipe = await openFifoPipe(readPath, writePath, timeoutMs, spin);
    const resource = options.blockingIo
      ? blockingPipeResource(pipe, spin, options.blockingWaitLimitMs)
      : pipe;
    return fastFramedDuplex(resource, {
      ...framing,
      onClose: () => pipe.whenClosed(),
    });
  }
  if (options.blockingWaitLimitMs !== undefined) {
    throw new TypeError(
      "Un límite de espera bloqueante necesita libc por FFI: busyPollMs no puede ser false",
    );
  }
  const streams = await openFifoStreams(readPath, writePath, timeoutMs);
  return fastFramedDuplex(
    options.blockingIo ? blocking(streams) : streams,
    framing,
  );
}
