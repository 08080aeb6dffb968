/**
 * The one interface every IPC mechanism of the kit implements.
 *
 * TCP, Unix sockets, pipes, FIFOs, MessagePorts and the shared-memory ring all
 * look the same from above: a two-way channel of whole messages (bytes). The
 * patterns (task farm, work queue, request/reply) and the benchmarks are
 * written once against this interface, so the workshop's question — sockets vs
 * pipes vs queues — is answered by running the *same* code over each.
 *
 * @module
 */

/**
 * A two-way channel of whole messages.
 *
 * Contract every implementation keeps (checked by the shared conformance
 * suite in `tests/duplex_conformance.ts`):
 * - messages arrive whole, in the order they were sent, empty ones included;
 * - `receive()` resolves `null` once the peer closed cleanly (or this side
 *   closed), and keeps resolving `null` after that;
 * - a peer that vanishes mid-message is a typed error, never a short message;
 * - `send()` after `close()` rejects with `DuplexClosedError`;
 * - `close()` is idempotent and releases every resource (socket, file, port).
 *
 * The message passed to `send` may be reused by the caller once the returned
 * promise settles.
 */
export interface MessageDuplex extends AsyncDisposable {
  /** Sends one whole message. */
  send(message: Uint8Array): Promise<void>;
  /** Resolves the next message, or `null` at a clean end of the stream. */
  receive(): Promise<Uint8Array | null>;
  /** Closes this end; a pending `receive()` resolves `null`. */
  close(): Promise<void>;
}

/**
 * Iterates the messages of a duplex until its clean end.
 *
 * @example Draining a duplex
 * ```ts
 * import { messages } from "./duplex.ts";
 * import { memoryDuplexPair } from "./memory.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const [a, b] = memoryDuplexPair();
 * await a.send(new Uint8Array([1]));
 * await a.send(new Uint8Array([2]));
 * await a.close();
 * const seen: number[] = [];
 * for await (const message of messages(b)) seen.push(message[0]);
 * assertEquals(seen, [1, 2]);
 * await b.close();
 * ```
 */
export async function* messages(
  duplex: MessageDuplex,
): AsyncGenerator<Uint8Array, void, undefined> {
  while (true) {
    const message = await duplex.receive();
    if (message === null) return;
    yield message;
  }
}
