/**
 * Two shared-memory rings made into a {@linkcode MessageDuplex}.
 *
 * One ring per direction keeps each ring single-producer/single-consumer (the
 * lock-free case). The buffers are plain `SharedArrayBuffer`s, so they travel
 * to a Worker with `postMessage` and each thread opens its own side with
 * {@linkcode openRingDuplex}.
 *
 * This is the fast tier (spinning through the shared `WaitPolicy`, lent
 * messages, 8-byte aligned frames), chosen by the bench; the version to read
 * first, without any of that, is `lib/transports/ring.ts`.
 *
 * @module
 */

import type { MessageDuplex } from "../wire/duplex.ts";
import { DuplexClosedError } from "../wire/errors.ts";
import {
  createRingBuffer,
  RingConsumer,
  RingProducer,
  type RingSideOptions,
} from "./ring_buffer.ts";
import { closeRingSide, READER_CLOSED, WRITER_CLOSED } from "./ring_layout.ts";
import { createLivenessBuffer, Liveness } from "../transports/ring_liveness.ts";

/** What a send that completed synchronously returns (shared: it never changes). */
const SENT: Promise<void> = Promise.resolve();

/** The shared memory of a ring duplex: one ring per direction. */
export interface RingChannelBuffers {
  /** Ring written by side "a" and read by side "b". */
  aToB: SharedArrayBuffer;
  /** Ring written by side "b" and read by side "a". */
  bToA: SharedArrayBuffer;
  /** Both ends' heartbeat words (`ring_liveness.ts`); without it a dead peer goes unnoticed. */
  liveness?: SharedArrayBuffer;
}

/** Which end of a ring channel a thread opens. */
export type RingSide = "a" | "b";

/**
 * Allocates the two rings of a duplex channel.
 *
 * @example Each direction gets its own ring
 * ```ts
 * import { createRingChannel } from "./ring.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const buffers = createRingChannel(4096);
 * assertEquals(buffers.aToB.byteLength, buffers.bToA.byteLength);
 * ```
 */
export function createRingChannel(
  capacityBytes = 64 * 1024,
  options: { peerSilenceMs?: number } = {},
): RingChannelBuffers {
  return {
    aToB: createRingBuffer(capacityBytes),
    bToA: createRingBuffer(capacityBytes),
    liveness: createLivenessBuffer(options.peerSilenceMs),
  };
}

/**
 * One end of a ring channel. A peer thread that vanishes is found by the
 * heartbeat (a wait throws `RingPeerLostError` after the channel's
 * `peerSilenceMs`); a supervisor that knows sooner (it terminated the
 * Worker, or saw it fail) calls `markPeerDead()`.
 *
 * `send` and `receive` first try to finish synchronously, spinning for a
 * bounded, adaptive time (`spinMs`, default 0.5 ms) while the peer thread
 * frees space or publishes the message: a round trip between two threads
 * then costs a couple of microseconds instead of an event-loop wake-up. With
 * both ends in one thread nothing spins (the peer could not run meanwhile).
 */
export class RingDuplex implements MessageDuplex {
  #producer: RingProducer;
  #consumer: RingConsumer;
  #inbound: SharedArrayBuffer;
  #outbound: SharedArrayBuffer;
  #closed = false;
  #sendChain: Promise<unknown> = Promise.resolve();
  #receiveChain: Promise<unknown> = Promise.resolve();
  /** Sends / receives waiting in their chains: the fast path must not pass them. */
  #slowSends = 0;
  #slowReceives = 0;
  #alive: Liveness;

  /** Prefer {@linkcode openRingDuplex}. */
  constructor(
    outbound: SharedArrayBuffer,
    inbound: SharedArrayBuffer,
    options: RingSideOptions = {},
  ) {
    this.#alive = options.alive ?? new Liveness(undefined, "a");
    options = { ...options, alive: this.#alive };
    this.#outbound = outbound;
    this.#inbound = inbound;
    this.#producer = new RingProducer(outbound, options);
    this.#consumer = new RingConsumer(inbound, options);
  }

  /**
   * Sends one message; when the peer has closed it is dropped, as on a
   * socket. A message that fits, or fits after a brief spin while the peer
   * reads, is written before this returns (no promise to wait on, no
   * allocation); otherwise it waits its turn behind earlier sends.
   */
  send(message: Uint8Array): Promise<void> {
    if (this.#closed) return Promise.reject(new DuplexClosedError("send"));
    if (this.#slowSends === 0 && this.#producer.pollWriteMessage(message)) {
      return SENT;
    }
    this.#slowSends++;
    const done = this.#sendChain.then(async () => {
      if (this.#closed) throw new DuplexClosedError("send");
      if (this.#alive.failure) throw this.#alive.failure;
      const written = await this.#producer.writeMessage(message);
      if (!written && this.#alive.failure) throw this.#alive.failure;
      if (!written && this.#closed) throw new DuplexClosedError("send");
    }).finally(() => this.#slowSends--);
    this.#sendChain = done.catch(() => {});
    return done;
  }

  /**
   * The next message, or `null` at the peer's clean end or after `close()`.
   * A message whole in the ring, or made whole during a brief synchronous
   * spin, is returned through an already-settled promise: no chain, no
   * sleep. Only when earlier receives still wait, or the spin runs out, does
   * this one queue behind them.
   */
  receive(): Promise<Uint8Array | null> {
    if (this.#closed) return Promise.resolve(null);
    let spun = false;
    if (this.#slowReceives === 0) {
      try {
        const ready = this.#consumer.pollMessage();
        if (ready !== undefined) return Promise.resolve(ready);
      } catch (error) {
        return Promise.reject(error);
      }
      spun = true;
    }
    this.#slowReceives++;
    const failure = (error?: unknown) => {
      if (this.#alive.failure && !this.#closed) throw this.#alive.failure;
      if (error) throw error;
      return null;
    };
    const next = this.#receiveChain.then(() =>
      this.#consumer.readMessage({ spinFirst: !spun })
    ).then((message) => message ?? failure(), failure)
      .finally(() => this.#slowReceives--);
    this.#receiveChain = next.catch(() => {});
    return next;
  }

  /** Closes both directions of this end and wakes every waiter. Idempotent. */
  close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      this.#alive[Symbol.dispose]();
      this.#producer.close();
      this.#consumer.close();
    }
    return Promise.resolve();
  }

  /**
   * Declares the peer gone without a goodbye (its Worker was terminated): the
   * inbound ring is drained and then reads end, outbound messages are dropped.
   * With a `failure` (its Worker crashed), they throw it instead.
   */
  markPeerDead(failure?: Error): void {
    if (failure) this.#alive.fail(failure);
    closeRingSide(this.#inbound, WRITER_CLOSED);
    closeRingSide(this.#outbound, READER_CLOSED);
  }

  /** Same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/**
 * Opens one side of a ring channel in the current thread.
 *
 * @example Both ends in one thread (the two rings still do the work)
 * ```ts
 * import { createRingChannel, openRingDuplex } from "./ring.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const buffers = createRingChannel(1024);
 * await using a = openRingDuplex(buffers, "a");
 * await using b = openRingDuplex(buffers, "b");
 * await a.send(new TextEncoder().encode("hola"));
 * assertEquals(new TextDecoder().decode((await b.receive())!), "hola");
 * ```
 */
export function openRingDuplex(
  buffers: RingChannelBuffers,
  side: RingSide,
  options: RingSideOptions = {},
): RingDuplex {
  if (side !== "a" && side !== "b") {
    throw new TypeError(
      `El extremo del anillo debe ser "a" o "b", no ${String(side)}`,
    );
  }
  const outbound = side === "a" ? buffers.aToB : buffers.bToA;
  const inbound = side === "a" ? buffers.bToA : buffers.aToB;
  const alive = new Liveness(buffers.liveness, side); // starts beating
  return new RingDuplex(outbound, inbound, { ...options, alive });
}

/**
 * A connected pair in one thread: what tests and examples use.
 *
 * @example A round trip
 * ```ts
 * import { ringDuplexPair } from "./ring.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const [a, b] = ringDuplexPair(64);
 * await b.send(new Uint8Array([7]));
 * assertEquals([...(await a.receive())!], [7]);
 * await a.close();
 * assertEquals(await b.receive(), null);
 * await b.close();
 * ```
 */
export function ringDuplexPair(
  capacityBytes = 64 * 1024,
): [RingDuplex, RingDuplex] {
  const buffers = createRingChannel(capacityBytes);
  return [openRingDuplex(buffers, "a"), openRingDuplex(buffers, "b")];
}
