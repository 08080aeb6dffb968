/**
 * TCP vs UDP, measured: the numbers behind notebook 06's charts.
 *
 * {@linkcode compareDelivery} runs the same messages through the simulated
 * lossy link twice — bare (what UDP gives you) and with the ACK/retransmit
 * protocol (what TCP does for you) — for several loss rates.
 * {@linkcode measureTcpVsUdp} times real round trips over loopback TCP and
 * UDP, bounded so a lost datagram cannot hang a cell.
 *
 * @module
 */

import { measureRoundTrips, type RoundTripResult } from "./round_trip.ts";
import { echoUntilClosed } from "../wire/echo.ts";
import { connectTcp, listenTcp } from "../transports/tcp.ts";
import { udpDuplexPair } from "../transports/udp.ts";
import type { MessageDuplex } from "../wire/duplex.ts";
import { deadline, WaitTimeoutError } from "../util/deadline.ts";
import { sendUnreliably } from "../net/lossy_link.ts";
import { transferReliably } from "../net/reliable.ts";

/** One loss rate, both ways of sending. */
export interface DeliveryRow {
  /** Probability that the link drops a packet (0–1). */
  loss: number;
  /** Distinct messages that arrived without protection, in %. */
  bareDeliveredPct: number;
  /** Arrivals that were duplicates, without protection. */
  bareDuplicates: number;
  /** Arrivals that came after a later message, without protection. */
  bareOutOfOrder: number;
  /** With ACK + retransmission: distinct messages delivered, in %. */
  reliableDeliveredPct: number;
  /** Whether the protected delivery was exactly the sent sequence. */
  reliableExact: boolean;
  /** Retransmissions the protocol needed, per message sent. */
  retransmissionsPerMessage: number;
}

/**
 * Compares bare and protected delivery over the lossy link.
 *
 * @example
 * ```ts
 * import { compareDelivery } from "./tcp_vs_udp.ts";
 * import { assert, assertEquals } from "@std/assert";
 *
 * const [row] = compareDelivery([0.2], { messages: 200, seed: 4 });
 * assert(row.bareDeliveredPct < 100);
 * assertEquals([row.reliableDeliveredPct, row.reliableExact], [100, true]);
 * ```
 */
export function compareDelivery(
  losses: readonly number[],
  options: {
    /** How many messages to send at each loss rate. */
    messages: number;
    /** Seed of the link's randomness (same seed, same run). */
    seed: number;
    /** Probability that the link duplicates a packet (default 0.05). */
    duplicate?: number;
    /** Probability that the link delays a packet behind later ones (default 0.1). */
    reorder?: number;
  },
): DeliveryRow[] {
  const messages = Array.from({ length: options.messages }, (_, i) => i);
  return losses.map((loss) => {
    const link = {
      loss,
      duplicate: options.duplicate ?? 0.05,
      reorder: options.reorder ?? 0.1,
      seed: options.seed,
    };
    const bare = sendUnreliably(messages, link);
    let highest = -1;
    let outOfOrder = 0;
    for (const n of bare.received) {
      if (n < highest) outOfOrder++;
      highest = Math.max(highest, n);
    }
    const distinct = new Set(bare.received).size;
    const reliable = transferReliably(messages, { link });
    return {
      loss,
      bareDeliveredPct: (100 * distinct) / messages.length,
      bareDuplicates: bare.received.length - distinct,
      bareOutOfOrder: outOfOrder,
      reliableDeliveredPct: (100 * new Set(reliable.delivered).size) /
        messages.length,
      reliableExact: reliable.delivered.join() === messages.join(),
      retransmissionsPerMessage: reliable.retransmissions / messages.length,
    };
  });
}

async function timeEcho(
  client: MessageDuplex,
  server: MessageDuplex,
  count: number,
  timeoutMs: number,
): Promise<RoundTripResult | null> {
  const echoing = echoUntilClosed(server).catch(() => 0);
  const measuring = measureRoundTrips(client, {
    count,
    warmup: 20,
    sizeBytes: 64,
  });
  measuring.catch(() => {});
  try {
    return await deadline(measuring, timeoutMs, "los viajes de ida y vuelta");
  } catch (error) {
    // A lost datagram stalls the run: that run is reported as `null`.
    if (error instanceof WaitTimeoutError) return null;
    throw error;
  } finally {
    await client.close();
    await server.close();
    await echoing;
    await measuring.catch(() => {});
  }
}

/**
 * Round trips of 64 bytes over loopback TCP and UDP. A run that does not
 * finish in `timeoutMs` (a datagram lost under load) comes back as `null`.
 *
 * @example
 * ```ts
 * import { measureTcpVsUdp } from "./tcp_vs_udp.ts";
 * import { assert } from "@std/assert";
 *
 * const { tcp } = await measureTcpVsUdp({ count: 20 });
 * assert(tcp === null || tcp.samplesUs.length === 20);
 * ```
 */
export async function measureTcpVsUdp(
  options: {
    /** Timed round trips per protocol. */
    count: number;
    /** Bound on each protocol's run (default 3000 ms). */
    timeoutMs?: number;
  },
): Promise<{
  /** Round trips over loopback TCP; null when the run did not finish in time. */
  tcp: RoundTripResult | null;
  /** Round trips over loopback UDP; null when a lost datagram stalled it. */
  udp: RoundTripResult | null;
}> {
  const timeoutMs = options.timeoutMs ?? 3000;
  const listener = listenTcp();
  let tcp: RoundTripResult | null;
  try {
    const accepted = listener.accept();
    const client = await connectTcp({ port: listener.addr.port });
    tcp = await timeEcho(client, await accepted, options.count, timeoutMs);
  } finally {
    listener.close();
  }
  const [a, b] = udpDuplexPair();
  const udp = await timeEcho(a, b, options.count, timeoutMs);
  return { tcp, udp };
}
