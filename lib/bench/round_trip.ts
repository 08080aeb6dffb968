/**
 * Ping-pong over any {@linkcode MessageDuplex}: the latency half of the
 * benchmark protocol, small enough for a notebook cell.
 *
 * @module
 */

import { nowSenderOf } from "../fast/send_now.ts";
import type { MessageDuplex } from "../wire/duplex.ts";
import { ProtocolError } from "../wire/errors.ts";
import { summarize, type Summary } from "./stats.ts";
import { BenchTimeoutError, Watchdog } from "../util/deadline.ts";
import { BENCH_ECHO_FILL, benchMessage } from "./protocol.ts";

/** Round-trip times in microseconds, raw and summarised. */
export interface RoundTripResult {
  /** Size of each message sent (and echoed), in bytes. */
  sizeBytes: number;
  /** Every timed round trip, in microseconds, in order. */
  samplesUs: number[];
  /** The samples' statistics (µs). */
  summary: Summary;
}

/**
 * Sends a message, waits for the echo, and times each round trip. The peer
 * must echo (see `echoUntilClosed` in `lib/wire/echo.ts`); an echo that differs in length
 * is a `ProtocolError`.
 *
 * @example Against an in-memory echo
 * ```ts
 * import { measureRoundTrips } from "./round_trip.ts";
 * import { echoUntilClosed } from "../wire/echo.ts";
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
  options: {
    /** Most timed round trips (default 200; with `durationMs`, 1 000 000). */
    count?: number;
    /** Untimed round trips first (default 20). */
    warmup?: number;
    /** Message size in bytes (default 64). */
    sizeBytes?: number;
    /** Stop timing once this much time has passed (after at least 3 round trips). */
    durationMs?: number;
    /** Bound on the whole measurement; a silent peer is a `BenchTimeoutError` (default 30 s). */
    timeoutMs?: number;
  } = {},
): Promise<RoundTripResult> {
  const timed = options.durationMs !== undefined;
  const count = options.count ?? (timed ? 1_000_000 : 200);
  const warmup = options.warmup ?? 20;
  const sizeBytes = options.sizeBytes ?? 64;
  const durationMs = options.durationMs ?? Infinity;
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(
      `La cantidad de viajes de ida y vuelta debe ser un entero positivo, no ${count}`,
    );
  }
  if (!(durationMs > 0)) {
    throw new RangeError(`durationMs debe ser positivo, no ${durationMs}`);
  }
  const timeoutMs = options.timeoutMs ?? 30_000;
  const message = benchMessage(sizeBytes, BENCH_ECHO_FILL);
  const samplesUs: number[] = [];
  using dog = new Watchdog(timeoutMs, () => duplex.close());
  // A lone ping gains nothing from waiting to be batched: where the duplex
  // can, it goes out in one write at once, as C's peer does it.
  const sendNow = nowSenderOf(duplex);
  let timedStart = 0;
  for (let i = 0; i < warmup + count; i++) {
    if (i === warmup) timedStart = performance.now();
    const start = performance.now();
    await (sendNow?.(message) ?? duplex.send(message));
    const reply = await duplex.receive();
    const end = performance.now();
    if (reply === null) {
      if (dog.expired) throw new BenchTimeoutError("un eco", timeoutMs);
      throw new ProtocolError("El otro extremo cerró antes de devolver el eco");
    }
    if (reply.length !== sizeBytes) {
      throw new ProtocolError(
        `Eco de ${reply.length} bytes para un mensaje de ${sizeBytes} bytes`,
      );
    }
    if (i >= warmup) {
      samplesUs.push((end - start) * 1000);
      if (samplesUs.length >= 3 && end - timedStart >= durationMs) break;
    }
  }
  return { sizeBytes, samplesUs, summary: summarize(samplesUs) };
}
