/**
 * A ring buffer on a `SharedArrayBuffer`: messages between two threads
 * through memory both of them see, with no copy through the runtime.
 *
 * **Layout.** Four `Int32` cells, then `capacity` bytes of data. `head`
 * counts the bytes ever written, `tail` the bytes ever read, and two flags
 * say that the writer or the reader closed. Bytes waiting: `(head - tail)
 * >>> 0`; free: `capacity` minus that. The counters wrap at 2^32 and the
 * capacity is a power of two, so `counter % capacity` stays the right
 * position across the wrap.
 *
 * **Why no lock.** One producer and one consumer (SPSC): only the producer
 * stores `head`, only the consumer stores `tail`. No cell has two writers,
 * so no write is lost; a stale read of the other side's counter only shows
 * less data (or less room) than there is, never more. The producer copies
 * the bytes in *before* it stores `head`, the consumer copies them out
 * *before* it stores `tail`, and `Atomics` keeps that order across threads.
 *
 * **Frames.** The sockets' 4-byte big-endian length prefix, then the body;
 * no padding. The ring is a byte stream, like a pipe: a send writes what
 * fits and waits for room for the rest, so a message larger than the free
 * space — or than the whole ring — streams through in pieces while the
 * consumer reads them. A receive always returns one whole message.
 *
 * **Waiting.** A side that cannot go on sleeps with `Atomics.waitAsync` on
 * the counter it needs to move, in bounded slices (a close is noticed, no
 * wait is endless); the other side calls `Atomics.notify` after each store.
 * Nothing spins here: the fast tier (`lib/fast/ring.ts`) spins first, lends
 * messages and aligns frames. This file is the idea without the tuning.
 *
 * **Closing.** `close()` raises this end's flags: the peer drains what was
 * sent, then reads `null`; a send into a ring whose reader closed is a
 * `DuplexClosedError`. A thread that dies cannot raise its flags: each end
 * beats in a heartbeat word (`ring_liveness.ts`), and a wait whose peer has
 * been silent past the bound fails with `RingPeerLostError`. A supervisor
 * that knows better (a Worker's error event) calls
 * {@linkcode RingDuplex.markPeerDead}.
 *
 * @module
 */

import type { MessageDuplex } from "../wire/duplex.ts";
import { formatNumber } from "../notebook/number_format.ts";
import {
  DuplexClosedError,
  FrameTooLargeError,
  TruncatedFrameError,
} from "../wire/errors.ts";
import { createLivenessBuffer, Liveness } from "./ring_liveness.ts";

const [HEAD, TAIL, WRITER_CLOSED, READER_CLOSED] = [0, 1, 2, 3];
const CELLS_BYTES = 16;
const PREFIX_BYTES = 4;
/** As for the sockets: a corrupt prefix must not allocate gigabytes. */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
/** Longest single sleep before the flags are looked at again. */
const WAIT_SLICE_MS = 50;

/** The two rings of a channel: `aToB` is written by end "a", read by "b". */
export interface RingChannelBuffers {
  aToB: SharedArrayBuffer;
  bToA: SharedArrayBuffer;
  /** The two ends' heartbeat words; without it, a dead peer goes unnoticed. */
  liveness?: SharedArrayBuffer;
}

/**
 * Bytes one message of `bodyBytes` takes in the ring: prefix plus body.
 *
 * @example Four bytes more than the body, nothing else
 * ```ts
 * import { ringFrameBytes } from "./ring.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals([0, 5, 64].map(ringFrameBytes), [4, 9, 68]);
 * ```
 */
export function ringFrameBytes(bodyBytes: number): number {
  if (!Number.isInteger(bodyBytes) || bodyBytes < 0) {
    throw new RangeError(
      `El tamaño del mensaje debe ser un entero no negativo, no ${
        formatNumber(bodyBytes)
      }`,
    );
  }
  return PREFIX_BYTES + bodyBytes;
}

/** One ring seen from one thread: its cells, its data, its end's liveness. */
interface Ring {
  cells: Int32Array;
  data: Uint8Array;
  alive: Liveness;
}

function ringOf(
  buffer: SharedArrayBuffer,
  alive = new Liveness(undefined, "a"),
): Ring {
  const c = buffer.byteLength - CELLS_BYTES;
  if (!(c >= 16 && c <= 2 ** 30 && (c & (c - 1)) === 0)) {
    throw new RangeError(
      `La capacidad del anillo debe ser una potencia de dos entre 16 y 2^30 bytes, no ${
        formatNumber(c)
      }`,
    );
  }
  return {
    cells: new Int32Array(buffer, 0, 4),
    data: new Uint8Array(buffer, CELLS_BYTES),
    alive,
  };
}

/**
 * Both rings of a channel, each `capacityBytes` of data after the cells.
 * They are plain `SharedArrayBuffer`s: post them to a Worker and each thread
 * opens its own end with `new RingDuplex(rings, "a" | "b")`.
 *
 * @example The capacity must be a power of two
 * ```ts
 * import { createRingChannel } from "./ring.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 *
 * const rings = createRingChannel(1024);
 * assertEquals(rings.aToB.byteLength, rings.bToA.byteLength);
 * assertThrows(() => createRingChannel(1000), RangeError);
 * ```
 */
export function createRingChannel(
  capacityBytes: number,
  options: { peerSilenceMs?: number } = {},
): RingChannelBuffers {
  if (!Number.isInteger(capacityBytes)) {
    throw new RangeError(
      `La capacidad del anillo debe ser un entero, no ${
        formatNumber(capacityBytes)
      }`,
    );
  }
  const ring = () => new SharedArrayBuffer(CELLS_BYTES + capacityBytes);
  ringOf(new SharedArrayBuffer(CELLS_BYTES + capacityBytes)); // checks it
  const liveness = createLivenessBuffer(options.peerSilenceMs);
  return { aToB: ring(), bToA: ring(), liveness };
}

/** A counter or flag, as an unsigned 32-bit number. */
function load(ring: Ring, cell: number): number {
  return Atomics.load(ring.cells, cell) >>> 0;
}

/** Raises a closed flag and wakes whoever sleeps on either counter. */
function raiseFlag(ring: Ring, flag: number): void {
  Atomics.store(ring.cells, flag, 1);
  Atomics.notify(ring.cells, HEAD);
  Atomics.notify(ring.cells, TAIL);
}

/**
 * Sleeps while `cell` still holds `seen`, one slice at most. `waitAsync`
 * neither keeps Deno's event loop alive nor reliably keeps its own timeout,
 * so a timer does both; a slice that runs out is not an error.
 */
async function sleepWhile(ring: Ring, cell: number, seen: number) {
  ring.alive.check(); // throws once the peer is silent past the bound
  const waiting = Atomics.waitAsync(ring.cells, cell, seen | 0, WAIT_SLICE_MS);
  if (!waiting.async) return; // it had changed already
  let timer: ReturnType<typeof setTimeout> | undefined;
  const slice = new Promise((end) => timer = setTimeout(end, WAIT_SLICE_MS));
  await Promise.race([waiting.value, slice]);
  clearTimeout(timer);
}

/** Copies all of `bytes` in, waiting for room. The only store of `head`. */
async function writeBytes(ring: Ring, bytes: Uint8Array): Promise<void> {
  const capacity = ring.data.length;
  for (let done = 0; done < bytes.length;) {
    if (ring.alive.failure) throw ring.alive.failure;
    if (load(ring, WRITER_CLOSED) || load(ring, READER_CLOSED)) {
      throw new DuplexClosedError("send");
    }
    const [head, tail] = [load(ring, HEAD), load(ring, TAIL)];
    const free = capacity - ((head - tail) >>> 0);
    if (free === 0) {
      await sleepWhile(ring, TAIL, tail);
      continue;
    }
    const at = head % capacity; // a piece stops at the end of the data area
    const n = Math.min(free, bytes.length - done, capacity - at);
    ring.data.set(bytes.subarray(done, done + n), at);
    done += n;
    Atomics.store(ring.cells, HEAD, head + n); // only now may the reader see it
    Atomics.notify(ring.cells, HEAD);
  }
}

/**
 * Fills `target`, waiting for data. The only store of `tail`. Returns the
 * bytes it got: fewer only when a side closed first.
 */
async function readBytes(ring: Ring, target: Uint8Array): Promise<number> {
  const capacity = ring.data.length;
  let done = 0;
  while (done < target.length && !load(ring, READER_CLOSED)) {
    const [tail, head] = [load(ring, TAIL), load(ring, HEAD)];
    if (head === tail) {
      // Closed, and nothing was written since `head` was read: the end.
      if (load(ring, WRITER_CLOSED) && load(ring, HEAD) === head) break;
      await sleepWhile(ring, HEAD, head);
      continue;
    }
    const at = tail % capacity;
    const n = Math.min(
      (head - tail) >>> 0,
      target.length - done,
      capacity - at,
    );
    target.set(ring.data.subarray(at, at + n), done);
    done += n;
    Atomics.store(ring.cells, TAIL, tail + n); // only now may the writer reuse it
    Atomics.notify(ring.cells, TAIL);
  }
  return done;
}

/**
 * One end of a ring channel: it writes one ring and reads the other.
 * Concurrent sends (and receives) take turns, so frames never interleave.
 * A Worker opens its end from the buffers it was posted.
 *
 * @example Both ends in one thread
 * ```ts
 * import { RingDuplex } from "./ring.ts";
 * import { assertEquals } from "@std/assert";
 *
 * // A ring is 16 bytes of cells plus its capacity (a power of two).
 * const rings = { aToB: new SharedArrayBuffer(16 + 64), bToA: new SharedArrayBuffer(16 + 64) };
 * await using a = new RingDuplex(rings, "a");
 * await using b = new RingDuplex(rings, "b");
 * await a.send(new TextEncoder().encode("hola"));
 * assertEquals(new TextDecoder().decode((await b.receive())!), "hola");
 * ```
 */
export class RingDuplex implements MessageDuplex {
  #out: Ring;
  #in: Ring;
  #closed = false;
  #sending: Promise<unknown> = Promise.resolve();
  #receiving: Promise<unknown> = Promise.resolve();
  #alive: Liveness;

  /** Opens end "a" (writes `aToB`) or "b" of a channel, in this thread. */
  constructor(rings: RingChannelBuffers, side: "a" | "b") {
    if (side !== "a" && side !== "b") {
      throw new TypeError(
        `El extremo del anillo debe ser "a" o "b", no ${String(side)}`,
      );
    }
    this.#out = ringOf(side === "a" ? rings.aToB : rings.bToA);
    this.#in = ringOf(side === "a" ? rings.bToA : rings.aToB);
    this.#alive = new Liveness(rings.liveness, side); // starts beating
    this.#out.alive = this.#in.alive = this.#alive;
  }

  /** Writes prefix and body; settles once every byte is in the ring. */
  send(message: Uint8Array): Promise<void> {
    if (this.#closed) return Promise.reject(new DuplexClosedError("send"));
    if (message.length > MAX_MESSAGE_BYTES) {
      const error = new FrameTooLargeError(message.length, MAX_MESSAGE_BYTES);
      return Promise.reject(error);
    }
    const prefix = new Uint8Array(PREFIX_BYTES);
    new DataView(prefix.buffer).setUint32(0, message.length); // big-endian
    const sent = this.#sending.then(async () => {
      await writeBytes(this.#out, prefix);
      await writeBytes(this.#out, message);
    });
    this.#sending = sent.catch(() => {});
    return sent;
  }

  /** The next message; `null` once the peer closed (and it is drained) or this end did. */
  receive(): Promise<Uint8Array | null> {
    const next = this.#receiving.then(() => this.#readMessage());
    this.#receiving = next.catch(() => {});
    return next;
  }

  async #readMessage(): Promise<Uint8Array | null> {
    const prefix = new Uint8Array(PREFIX_BYTES);
    const got = await readBytes(this.#in, prefix);
    if (got < PREFIX_BYTES && this.#alive.failure) throw this.#alive.failure;
    if (load(this.#in, READER_CLOSED) || got === 0) return null;
    if (got < PREFIX_BYTES) {
      throw new TruncatedFrameError("prefix", PREFIX_BYTES - got);
    }
    const length = new DataView(prefix.buffer).getUint32(0);
    if (length > MAX_MESSAGE_BYTES) {
      throw new FrameTooLargeError(length, MAX_MESSAGE_BYTES);
    }
    const body = new Uint8Array(length);
    const n = await readBytes(this.#in, body);
    if (n < length && this.#alive.failure) throw this.#alive.failure;
    if (load(this.#in, READER_CLOSED)) return null;
    if (n < length) throw new TruncatedFrameError("body", length - n);
    return body;
  }

  /** Raises this end's flags on both rings; idempotent. */
  close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      this.#alive[Symbol.dispose]();
      raiseFlag(this.#out, WRITER_CLOSED);
      raiseFlag(this.#in, READER_CLOSED);
    }
    return Promise.resolve();
  }

  /**
   * The peer's thread is gone: raise its flags, as its `close()` would have.
   * With a `failure` (its Worker crashed), what would have waited for the
   * peer throws it instead of ending quietly.
   */
  markPeerDead(failure?: Error): void {
    if (failure) this.#alive.fail(failure);
    raiseFlag(this.#in, WRITER_CLOSED);
    raiseFlag(this.#out, READER_CLOSED);
  }

  /** Same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/**
 * Two connected ends in one thread.
 *
 * @example A message four times the ring, then the end
 * ```ts
 * import { ringDuplexPair } from "./ring.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 *
 * assertThrows(() => ringDuplexPair(100), RangeError); // not a power of two
 * const [a, b] = ringDuplexPair(64);
 * const big = new Uint8Array(256).map((_, i) => i);
 * const [, got] = await Promise.all([a.send(big), b.receive()]);
 * assertEquals(got, big);
 * await a.close();
 * assertEquals(await b.receive(), null);
 * await b.close();
 * ```
 */
export function ringDuplexPair(capacityBytes = 64 * 1024): [
  RingDuplex,
  RingDuplex,
] {
  const rings = createRingChannel(capacityBytes);
  return [new RingDuplex(rings, "a"), new RingDuplex(rings, "b")];
}
