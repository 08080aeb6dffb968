/**
 * Ping-pong over any {@linkcode MessageDuplex}: the latency half of the
 * benchmark protocol, small enough for a notebook cell.
 *
 * @module
 */

import type { MessageDuplex } from "../wire/duplex.ts";
import { ProtocolError } from "../wire/errors.ts";
import { summarize, type Summary } from "./stats.ts";

/**
 * Echoes every message back until the peer closes; returns how many it echoed.
 *
 * @example
 * ```ts
 * import { echoUntilClosed } from "./round_trip.ts";
 * import { memoryDuplexPair } from "../wire/memory.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const [a, b] = memoryDuplexPair();
 * const echoed = echoUntilClosed(b);
 * await a.send(new Uint8Array([9]));
 * assertEquals([...(await a.receive())!], [9]);
 * await a.close();
 * assertEquals(await echoed, 1);
 * await b.close();
 * ```
 */
export async function echoUntilClosed(duplex: MessageDuplex): Promise<number> {
  let count = 0;
  while (true) {
    const message = await duplex.receive();
    if (message === null) return count;
    await duplex.send(message);
    count++;
  }
}

/** Options of {@linkcode measureRoundTrips}. */
export interface RoundTripOptions {
  /** Timed round trips (default 200). */
  count?: number;
  /** Untimed round trips first (default 20). */
  warmup?: number;
  /** Message size in bytes (default 64). */
  sizeBytes?: number;
}

/** Round-trip times in microseconds, raw and summarised. */
export interface RoundTripResult {
  sizeBytes: number;
  samplesUs: number[];
  summary: Summary;
}

/**
 * Sends a message, waits for the echo, and times each round trip. The peer
 * must echo (see {@linkcode echoUntilClosed}); an echo that differs in length
 * is a `ProtocolError`.
 *
 * @example Against an in-memory echo
 * ```ts
 * import { echoUntilClosed, measureRoundTrips } from "./round_trip.ts";
 * import { memoryDuplexPair } from "../wire/memory.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const [a, b] = memoryDuplexPair();
 * const echo = echoUntilClosed(b);
 * const result = await measureRoundTrips(a, { count: 10, warmup: 2 });
 * assertEquals(result.samplesUs.length, 10);
 * await a.close();
 * await echo;
 * await b.close();
 * ```
 */
export async function measureRoundTrips(
  duplex: MessageDuplex,
  options: RoundTripOptions = {},
): Promise<RoundTripResult> {
  const count = options.count ?? 200;
  const warmup = options.warmup ?? 20;
  const sizeBytes = options.sizeBytes ?? 64;
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(
      `Round-trip count must be a positive integer, not ${count}`,
    );
  }
  const message = new Uint8Array(sizeBytes).fill(0x61);
  const samplesUs: number[] = [];
  for (let i = 0; i < warmup + count; i++) {
    const start = performance.now();
    await duplex.send(message);
    const reply = await duplex.receive();
    const elapsed = performance.now() - start;
    if (reply === null) throw new ProtocolError("Peer closed before echoing");
    if (reply.length !== sizeBytes) {
      throw new ProtocolError(
        `Echo of ${reply.length} bytes for a ${sizeBytes}-byte message`,
      );
    }
    if (i >= warmup) samplesUs.push(elapsed * 1000);
  }
  return { sizeBytes, samplesUs, summary: summarize(samplesUs) };
}
