/**
 * One-way throughput over any {@linkcode MessageDuplex}: the other half of
 * the benchmark protocol (see `protocol.ts`).
 *
 * The sender streams sink messages and, every half credit window, one that
 * asks for an acknowledgement; it never has more than a window of messages
 * unacknowledged. That bounds memory on transports without back-pressure
 * (MessagePort queues grow without limit) and keeps a pipeline full on those
 * with it. The clock stops when the acknowledgement of the *last* message
 * arrives, so what is measured is delivered messages, drain time included —
 * not bytes handed to a kernel buffer.
 *
 * @module
 */

import type { MessageDuplex } from "../wire/duplex.ts";
import { ProtocolError } from "../wire/errors.ts";
import { BenchTimeoutError, Watchdog } from "../util/deadline.ts";
import {
  BENCH_OP_ACK_REQUEST,
  BENCH_OP_SINK,
  benchMessage,
  decodeBenchAck,
} from "./protocol.ts";

/** Options of {@linkcode measureThroughput}. */
export interface ThroughputOptions {
  /** Message size in bytes (default 64; at least 1, the first byte is the op). */
  sizeBytes?: number;
  /** Timed streaming lasts at least this long (default 200 ms). */
  durationMs?: number;
  /** Most messages sent in the timed part (default unbounded). */
  maxMessages?: number;
  /** Credit window in messages (default: see {@linkcode defaultCreditWindow}). */
  window?: number;
  /** Send one window untimed first (default true). */
  warmup?: boolean;
  /** Bound on the whole measurement (default 30 s). */
  timeoutMs?: number;
}

/** What one throughput run measured. */
export interface ThroughputResult {
  sizeBytes: number;
  /** Messages delivered and acknowledged in the timed part. */
  messages: number;
  seconds: number;
  messagesPerSecond: number;
  /** Payload megabytes (10⁶ bytes) per second. */
  megabytesPerSecond: number;
  window: number;
}

/**
 * Most messages in flight, however small. A cap of 512 once held 64 B
 * messages to 32 KiB in flight, and a two-batch window of them measured how
 * fast each side turns an acknowledgement around (a latency, measured
 * apart) more than how many messages a mechanism carries. Python's and C's
 * baselines use the same numbers (`window_of`).
 */
export const MAX_CREDIT_WINDOW = 4096;

/**
 * The default credit window: about 2 MiB in flight, between 2 and
 * {@linkcode MAX_CREDIT_WINDOW} messages (an even number, acknowledged
 * every half window).
 *
 * @example
 * ```ts
 * import { defaultCreditWindow } from "./throughput.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(defaultCreditWindow(64), 4096);
 * assertEquals(defaultCreditWindow(4096), 512);
 * assertEquals(defaultCreditWindow(1 << 20), 2);
 * ```
 */
export function defaultCreditWindow(sizeBytes: number): number {
  const fit = Math.floor((2 * 1024 * 1024) / Math.max(1, sizeBytes));
  const clamped = Math.max(2, Math.min(MAX_CREDIT_WINDOW, fit));
  return clamped - (clamped % 2);
}

/**
 * Streams messages to a bench peer (see `serveBenchPeer`) and measures
 * delivered messages per second. Each acknowledgement carries how many
 * messages its batch delivered, so a lost or duplicated message is a
 * `ProtocolError`.
 *
 * @example Against an in-memory peer
 * ```ts
 * import { measureThroughput } from "./throughput.ts";
 * import { serveBenchPeer } from "./protocol.ts";
 * import { memoryDuplexPair } from "../wire/memory.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const [a, b] = memoryDuplexPair();
 * const peer = serveBenchPeer(b);
 * const result = await measureThroughput(a, { maxMessages: 40, window: 8 });
 * assertEquals(result.messages, 40);
 * await a.close();
 * assertEquals((await peer).sunk, 48); // 8 warm-up + 40 timed
 * await b.close();
 * ```
 */
export async function measureThroughput(
  duplex: MessageDuplex,
  options: ThroughputOptions = {},
): Promise<ThroughputResult> {
  const sizeBytes = options.sizeBytes ?? 64;
  if (!Number.isInteger(sizeBytes) || sizeBytes < 1) {
    throw new RangeError(
      `Los mensajes de rendimiento necesitan al menos 1 byte, no ${sizeBytes}`,
    );
  }
  const window = options.window ?? defaultCreditWindow(sizeBytes);
  if (!Number.isInteger(window) || window < 2 || window % 2 !== 0) {
    throw new RangeError(
      `La ventana de créditos debe ser un entero par ≥ 2, no ${window}`,
    );
  }
  const durationMs = options.durationMs ?? 200;
  const maxMessages = options.maxMessages ?? Infinity;
  if (!(durationMs > 0) || !(maxMessages > 0)) {
    throw new RangeError("durationMs y maxMessages deben ser positivos");
  }
  const timeoutMs = options.timeoutMs ?? 30_000;
  const half = window / 2;
  const sink = benchMessage(sizeBytes, BENCH_OP_SINK);
  const ackRequest = benchMessage(sizeBytes, BENCH_OP_ACK_REQUEST);
  using dog = new Watchdog(timeoutMs, () => duplex.close());

  let sendError: unknown = null;
  const noteError = (error: unknown) => {
    sendError ??= error;
  };
  let counted = 0; // messages sent in this measurement
  const expectedAcks: number[] = []; // the batch size each pending ack must carry

  const sendBatch = (size: number): Promise<void> => {
    // Sends are not awaited one by one: a stream transport merges them into
    // few writes, and the ack that follows proves they all arrived.
    // A batching duplex hands every send of one write the same promise:
    // one `.catch` per distinct promise, not per message.
    let last: Promise<void> = Promise.resolve();
    for (let j = 0; j < size; j++) {
      const sent = duplex.send(j === size - 1 ? ackRequest : sink);
      if (sent !== last) {
        sent.catch(noteError);
        last = sent;
      }
    }
    counted += size;
    expectedAcks.push(size);
    return last;
  };
  const awaitAck = async (): Promise<void> => {
    const reply = await duplex.receive();
    const expected = expectedAcks.shift();
    if (sendError !== null) throw sendError;
    if (reply === null) {
      if (dog.expired) {
        throw new BenchTimeoutError("un acuse de recibo", timeoutMs);
      }
      throw new ProtocolError("El otro extremo cerró antes de acusar recibo");
    }
    const seen = decodeBenchAck(reply);
    if (seen !== expected) {
      throw new ProtocolError(
        `El otro extremo contó ${seen} mensajes donde se enviaron ${expected}`,
      );
    }
  };

  if (options.warmup ?? true) {
    await sendBatch(half);
    await sendBatch(half);
    while (expectedAcks.length > 0) await awaitAck();
  }
  const base = counted;
  const start = performance.now();
  let now = start;
  while (now - start < durationMs && counted - base < maxMessages) {
    const size = Math.min(half, maxMessages - (counted - base));
    const lastSend = sendBatch(size);
    if (expectedAcks.length >= 2) await awaitAck();
    else await lastSend;
    now = performance.now();
  }
  while (expectedAcks.length > 0) await awaitAck();
  const seconds = (performance.now() - start) / 1000;
  const messages = counted - base;
  return {
    sizeBytes,
    messages,
    seconds,
    messagesPerSecond: messages / seconds,
    megabytesPerSecond: (messages * sizeBytes) / seconds / 1e6,
    window,
  };
}
