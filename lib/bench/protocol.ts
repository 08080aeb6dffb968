/**
 * The bench protocol: what a peer does with each message it receives.
 *
 * One tiny protocol serves both measurements and every runtime (the Deno
 * transports, the Python baseline and the C baseline speak it byte for byte
 * over the class's 4-byte length prefix). The first byte of a message says
 * what the peer does with it:
 *
 * | first byte | peer action |
 * |---|---|
 * | `0x02` (sink) | counts it, replies nothing |
 * | `0x03` (sink + ack) | counts it, replies `[0x06, n as u32 big-endian]`, n = messages since its previous ack |
 * | anything else, or empty | echoes the message back unchanged |
 *
 * Latency is ping-pong over the echo; throughput streams sink messages and
 * asks for an ack every half credit window, so drain time is always counted.
 *
 * @module
 */

import { nowSenderOf } from "../fast/send_now.ts";
import type { MessageDuplex } from "../wire/duplex.ts";
import { ProtocolError } from "../wire/errors.ts";
import type { BufferedReceiver } from "../fast/framed.ts";

/** First byte of a message the peer only counts. */
export const BENCH_OP_SINK = 0x02;
/** First byte of a message the peer counts and acknowledges. */
export const BENCH_OP_ACK_REQUEST = 0x03;
/** First byte of the peer's acknowledgement. */
export const BENCH_OP_ACK = 0x06;
/** Filler byte of echo (ping) messages. */
export const BENCH_ECHO_FILL = 0x61;

/** Bytes of an acknowledgement: the op byte and a u32 count. */
const ACK_BYTES = 5;

/**
 * Builds an acknowledgement carrying how many messages the peer counted
 * since its previous acknowledgement (this one's request included), modulo
 * 2³² like the wire field. Counting per batch keeps the peer stateless across
 * measurements on one connection.
 *
 * @example
 * ```ts
 * import { encodeBenchAck, decodeBenchAck } from "./protocol.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals([...encodeBenchAck(258)], [0x06, 0, 0, 1, 2]);
 * assertEquals(decodeBenchAck(encodeBenchAck(258)), 258);
 * ```
 */
export function encodeBenchAck(count: number): Uint8Array {
  const ack = new Uint8Array(ACK_BYTES);
  ack[0] = BENCH_OP_ACK;
  new DataView(ack.buffer).setUint32(1, count >>> 0);
  return ack;
}

/**
 * Reads the count out of an acknowledgement; anything else is a
 * `ProtocolError` (a peer that echoed instead of acknowledging, say).
 *
 * @example A wrong reply is refused
 * ```ts
 * import { decodeBenchAck } from "./protocol.ts";
 * import { ProtocolError } from "../wire/errors.ts";
 * import { assertThrows } from "@std/assert";
 *
 * assertThrows(() => decodeBenchAck(new Uint8Array([0x61])), ProtocolError);
 * ```
 */
export function decodeBenchAck(message: Uint8Array): number {
  if (message.length !== ACK_BYTES || message[0] !== BENCH_OP_ACK) {
    throw new ProtocolError(
      `Se esperaba un acuse de recibo de ${ACK_BYTES} bytes y llegaron ${message.length} bytes que empiezan con ${
        message[0]
      }`,
    );
  }
  return new DataView(message.buffer, message.byteOffset, ACK_BYTES)
    .getUint32(1);
}

/**
 * Builds a message of `sizeBytes` whose first byte is `op` (the rest is
 * filler). A size of 0 can only be an echo.
 *
 * @example
 * ```ts
 * import { BENCH_OP_SINK, benchMessage } from "./protocol.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const m = benchMessage(4, BENCH_OP_SINK);
 * assertEquals([...m], [2, 0x61, 0x61, 0x61]);
 * ```
 */
export function benchMessage(sizeBytes: number, op: number): Uint8Array {
  if (!Number.isInteger(sizeBytes) || sizeBytes < 0) {
    throw new RangeError(
      `El tamaño del mensaje debe ser un entero ≥ 0, no ${sizeBytes}`,
    );
  }
  if (sizeBytes === 0 && op !== BENCH_ECHO_FILL) {
    throw new RangeError("Un mensaje vacío solo puede ser un eco");
  }
  const message = new Uint8Array(sizeBytes).fill(BENCH_ECHO_FILL);
  if (sizeBytes > 0) message[0] = op;
  return message;
}

/** What the peer did over one connection. */
export interface BenchPeerTally {
  echoed: number;
  sunk: number;
  acked: number;
}

/**
 * The peer side of the protocol: serves one duplex until the other side
 * closes, then returns what it did. Runs in a Worker, a child process or the
 * same thread (the `memory` pair).
 *
 * @example Echo, sink and ack over an in-memory pair
 * ```ts
 * import {
 *   BENCH_OP_ACK_REQUEST, BENCH_OP_SINK, benchMessage, decodeBenchAck,
 *   serveBenchPeer,
 * } from "./protocol.ts";
 * import { memoryDuplexPair } from "../wire/memory.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const [a, b] = memoryDuplexPair();
 * const tally = serveBenchPeer(b);
 * await a.send(benchMessage(3, BENCH_OP_SINK));
 * await a.send(benchMessage(3, BENCH_OP_ACK_REQUEST));
 * assertEquals(decodeBenchAck((await a.receive())!), 2);
 * await a.send(new Uint8Array([9]));
 * assertEquals([...(await a.receive())!], [9]);
 * await a.close();
 * assertEquals(await tally, { echoed: 1, sunk: 2, acked: 1 });
 * await b.close();
 * ```
 */
export async function serveBenchPeer(
  duplex: MessageDuplex,
): Promise<BenchPeerTally> {
  const tally: BenchPeerTally = { echoed: 0, sunk: 0, acked: 0 };
  let sinceAck = 0;
  // Like C's peer, which parses every frame out of one read buffer: what is
  // already here is taken without an await (see FastFramedDuplex.receiveBuffered).
  const buffered = hasReceiveBuffered(duplex) ? duplex : undefined;
  // Replies are lone messages: written at once where the duplex can.
  const sendNow = nowSenderOf(duplex);
  const reply = (message: Uint8Array) =>
    sendNow?.(message) ?? duplex.send(message);
  while (true) {
    if (buffered) {
      // Sink messages are only counted: read their op byte in place.
      const sunk = buffered.takeBufferedWhile(isSink);
      tally.sunk += sunk;
      sinceAck += sunk;
    }
    const message = buffered?.receiveBuffered() ?? await duplex.receive();
    if (message === null) return tally;
    const op = message.length > 0 ? message[0] : BENCH_ECHO_FILL;
    if (op === BENCH_OP_SINK) {
      tally.sunk++;
      sinceAck++;
    } else if (op === BENCH_OP_ACK_REQUEST) {
      tally.sunk++;
      tally.acked++;
      await reply(encodeBenchAck(sinceAck + 1));
      sinceAck = 0;
    } else {
      tally.echoed++;
      await reply(message);
    }
  }
}

function isSink(bytes: Uint8Array, at: number, length: number): boolean {
  return length > 0 && bytes[at] === BENCH_OP_SINK;
}

function hasReceiveBuffered(
  duplex: MessageDuplex,
): duplex is MessageDuplex & BufferedReceiver {
  const candidate = duplex as Partial<BufferedReceiver>;
  return typeof candidate.receiveBuffered === "function" &&
    typeof candidate.takeBufferedWhile === "function";
}
