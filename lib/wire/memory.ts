/**
 * An in-process duplex pair: the reference implementation of the contract.
 *
 * It has no I/O at all, so it is what tests and examples use when the point is
 * the pattern (a task farm, a request/reply loop) rather than the mechanism, and
 * it is the baseline the conformance suite is checked against first.
 *
 * @module
 */

import type { MessageDuplex } from "./duplex.ts";
import { DuplexClosedError } from "./errors.ts";

class MemoryEnd implements MessageDuplex {
  peer!: MemoryEnd;
  #inbox: Uint8Array[] = [];
  #waiters: ((message: Uint8Array | null) => void)[] = [];
  #closed = false;
  #peerClosed = false;

  send(message: Uint8Array): Promise<void> {
    if (this.#closed) return Promise.reject(new DuplexClosedError("send"));
    if (this.#peerClosed) return Promise.resolve();
    this.peer.#deliver(message.slice());
    return Promise.resolve();
  }

  #deliver(message: Uint8Array): void {
    if (this.#closed) return;
    const waiter = this.#waiters.shift();
    if (waiter) waiter(message);
    else this.#inbox.push(message);
  }

  #peerEnded(): void {
    this.#peerClosed = true;
    for (const waiter of this.#waiters.splice(0)) waiter(null);
  }

  receive(): Promise<Uint8Array | null> {
    if (this.#closed) return Promise.resolve(null);
    const message = this.#inbox.shift();
    if (message !== undefined) return Promise.resolve(message);
    if (this.#peerClosed) return Promise.resolve(null);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    this.#inbox.length = 0;
    for (const waiter of this.#waiters.splice(0)) waiter(null);
    this.peer.#peerEnded();
    return Promise.resolve();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/**
 * Creates two connected in-memory duplex ends. Messages are copied on send, so
 * the sender may reuse its buffer.
 *
 * @example A request and its reply
 * ```ts
 * import { memoryDuplexPair } from "./memory.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const [client, server] = memoryDuplexPair();
 * await client.send(new Uint8Array([41]));
 * const request = (await server.receive())!;
 * await server.send(new Uint8Array([request[0] + 1]));
 * assertEquals([...(await client.receive())!], [42]);
 * await client.close();
 * assertEquals(await server.receive(), null);
 * await server.close();
 * ```
 */
export function memoryDuplexPair(): [MessageDuplex, MessageDuplex] {
  const a = new MemoryEnd();
  const b = new MemoryEnd();
  a.peer = b;
  b.peer = a;
  return [a, b];
}
