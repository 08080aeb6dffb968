/**
 * MessagePort, MessageChannel and Worker as a {@linkcode MessageDuplex}: the
 * analog of Python's `multiprocessing.Pipe()` between threads.
 *
 * A port already carries whole messages, so there is no framing; what the
 * adapter adds is the duplex contract: an explicit goodbye (ports have no
 * portable "closed" event), `null` after it, typed errors, and the cheaper
 * of two ways to copy.
 *
 * Each `send` leaves the caller free to reuse its buffer. A small message is
 * structured-cloned (copied into the message and out again); a large one is
 * copied once into a fresh `ArrayBuffer` that is then *transferred*, since
 * for it a second copy costs more than a transfer's fixed price (measured on
 * the kit's 2-core test machine: 64 B, ~220k cloned against ~113k
 * transferred messages/s; 64 KiB, ~41k against ~53k).
 * {@linkcode PortDuplex.sendTransfer} hands over a buffer the caller no
 * longer needs with no copy at all: the way to move megabytes between
 * threads.
 *
 * @module
 */

import type { MessageDuplex } from "../wire/duplex.ts";
import { DuplexClosedError, ProtocolError } from "../wire/errors.ts";

/** What both `MessagePort`, `Worker` and a worker's `self` look like here. */
export interface PortLike {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(
    type: "message",
    listener: (event: MessageEvent) => void,
  ): void;
  removeEventListener(
    type: "message",
    listener: (event: MessageEvent) => void,
  ): void;
}

/** Options of {@linkcode portDuplex}. */
export interface PortDuplexOptions {
  /** Extra clean-up run once by `close()` (e.g. terminate a Worker). */
  onClose?: () => void;
}

/** The goodbye marker; data messages are `ArrayBuffer`s or cloned `Uint8Array`s. */
const GOODBYE = "kit:goodbye";

/** Messages this large are copied once and transferred; smaller ones are cloned. */
export const TRANSFER_FROM_BYTES = 16 * 1024;

/**
 * A duplex over one port. Exists (rather than raw `postMessage`) so that the
 * patterns and benchmarks treat threads exactly like sockets and pipes.
 */
export class PortDuplex implements MessageDuplex {
  #port: PortLike;
  #inbox: Uint8Array[] = [];
  #waiters: {
    resolve: (m: Uint8Array | null) => void;
    reject: (e: unknown) => void;
  }[] = [];
  #closed = false;
  #peerGone = false;
  #failure: unknown = null;
  #onClose?: () => void;
  #listener = (event: MessageEvent) => this.#onMessage(event.data);

  /** Prefer {@linkcode portDuplex}. */
  constructor(port: PortLike, options: PortDuplexOptions = {}) {
    this.#port = port;
    this.#onClose = options.onClose;
    port.addEventListener("message", this.#listener);
    (port as { start?: () => void }).start?.();
  }

  #onMessage(data: unknown): void {
    if (this.#closed || this.#peerGone) return;
    if (data === GOODBYE) return this.#end(null);
    let message: Uint8Array;
    if (data instanceof ArrayBuffer) message = new Uint8Array(data);
    else if (data instanceof Uint8Array) message = data;
    else {
      return this.#end(
        new ProtocolError(
          "El mensaje del puerto no es un ArrayBuffer, un Uint8Array ni la despedida",
        ),
      );
    }
    const waiter = this.#waiters.shift();
    if (waiter) waiter.resolve(message);
    else this.#inbox.push(message);
  }

  #end(failure: unknown): void {
    this.#peerGone = true;
    this.#failure = failure;
    for (const waiter of this.#waiters.splice(0)) {
      if (failure === null) waiter.resolve(null);
      else waiter.reject(failure);
    }
  }

  /** Sends a copy of `message`: cloned if small, else copied once and transferred. */
  send(message: Uint8Array): Promise<void> {
    if (message.length >= TRANSFER_FROM_BYTES) {
      return this.sendTransfer(message.slice().buffer);
    }
    // The clone algorithm copies a view's whole buffer, and shares (does not
    // copy) a SharedArrayBuffer: only a plain buffer of exactly these bytes
    // is cloned as it is.
    const whole = message.buffer instanceof ArrayBuffer &&
      message.byteOffset === 0 &&
      message.byteLength === message.buffer.byteLength;
    return this.#post(whole ? message : message.slice(), []);
  }

  /**
   * Hands `buffer` itself to the peer: zero copies, and `buffer` is detached
   * (length 0) here afterwards.
   */
  sendTransfer(buffer: ArrayBuffer): Promise<void> {
    return this.#post(buffer, [buffer]);
  }

  #post(
    data: ArrayBuffer | Uint8Array,
    transfer: Transferable[],
  ): Promise<void> {
    if (this.#closed) return Promise.reject(new DuplexClosedError("send"));
    if (this.#peerGone) return Promise.resolve();
    this.#port.postMessage(data, transfer);
    return Promise.resolve();
  }

  /** The next message; `null` after the peer's goodbye or this side's close. */
  receive(): Promise<Uint8Array | null> {
    if (this.#closed) return Promise.resolve(null);
    const message = this.#inbox.shift();
    if (message !== undefined) return Promise.resolve(message);
    if (this.#peerGone) {
      return this.#failure === null
        ? Promise.resolve(null)
        : Promise.reject(this.#failure);
    }
    return new Promise((resolve, reject) =>
      this.#waiters.push({ resolve, reject })
    );
  }

  /**
   * Declares the peer gone without a goodbye (its Worker crashed or was
   * terminated): waiting receives settle with `failure`, or `null`.
   */
  markPeerDead(failure: unknown = null): void {
    if (!this.#peerGone) this.#end(failure);
  }

  /** Says goodbye, stops listening and closes the port. Idempotent. */
  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    this.#inbox.length = 0;
    for (const waiter of this.#waiters.splice(0)) waiter.resolve(null);
    try {
      if (!this.#peerGone) this.#port.postMessage(GOODBYE, []);
    } catch {
      // The port may already be unusable (its thread is gone): nothing to say.
    }
    this.#port.removeEventListener("message", this.#listener);
    // Only a MessagePort is closed here: `self.close()` would end a Worker.
    if (this.#port instanceof MessagePort) this.#port.close();
    this.#onClose?.();
    return Promise.resolve();
  }

  /** Same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/**
 * Wraps a `MessagePort` (or a worker's `self`) as a duplex.
 *
 * @example The two ports of a MessageChannel, like `multiprocessing.Pipe()`
 * ```ts
 * import { portDuplex } from "./channel.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const { port1, port2 } = new MessageChannel();
 * await using parent = portDuplex(port1);
 * await using child = portDuplex(port2);
 * await child.send(new TextEncoder().encode("[42, null, 'hello']"));
 * assertEquals(new TextDecoder().decode((await parent.receive())!), "[42, null, 'hello']");
 * await parent.close();
 * assertEquals(await child.receive(), null);
 * ```
 */
export function portDuplex(
  port: PortLike,
  options: PortDuplexOptions = {},
): PortDuplex {
  if (
    typeof port?.postMessage !== "function" ||
    typeof port.addEventListener !== "function"
  ) {
    throw new TypeError(
      "Se esperaba un MessagePort, un Worker o el self de un worker",
    );
  }
  return new PortDuplex(port, options);
}

/**
 * A connected pair over a fresh `MessageChannel` (both ends in this thread;
 * hand one port to a Worker with `postMessage(port, [port])` to cross threads).
 *
 * @example
 * ```ts
 * import { channelDuplexPair } from "./channel.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const [a, b] = channelDuplexPair();
 * await a.send(new Uint8Array(3));
 * assertEquals((await b.receive())!.length, 3);
 * await a.close();
 * await b.close();
 * ```
 */
export function channelDuplexPair(): [PortDuplex, PortDuplex] {
  const { port1, port2 } = new MessageChannel();
  return [portDuplex(port1), portDuplex(port2)];
}
