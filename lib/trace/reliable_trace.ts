/**
 * The reliable transfer of `lib/net/reliable.ts` (sequence numbers, a
 * window, acknowledgements, retransmission on timeout) as a trace, through
 * its `trace` hook: each packet the link carried is one arrow, in virtual
 * time. A packet the link dropped is a send with no receive (marked lost;
 * a lost retransmission too: the cross matters more), a data packet sent
 * again after a timeout is marked as a retransmission, and the second copy
 * of a packet the link itself duplicated is marked duplicate. A
 * retransmission that reaches a receiver which already had that message
 * keeps its retransmission colour: the receiver drops it, but still
 * acknowledges it, because the first acknowledgement may have been lost.
 *
 * @module
 */

import {
  type ReliableOutcome,
  type ReliableTraceEvent,
  transferReliably,
} from "../net/reliable.ts";
import type { LossyLinkOptions } from "../net/lossy_link.ts";
import { channelOf, type Trace, type TraceEvent } from "./events.ts";
import { RECEIVER, SENDER } from "./lossy.ts";

/**
 * Turns the hook's events into a trace: the sender and the receiver as two
 * processes, each packet paired by its transmission number.
 *
 * @example A lost data packet, its retransmission, a duplicated ack
 * ```ts
 * import { traceFromReliableEvents } from "./reliable_trace.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const e = (atMs: number, dir: "data" | "ack", event: "send" | "deliver", tx: number, retransmission = false) =>
 *   ({ atMs, dir, event, seq: 0, tx, retransmission });
 * const trace = traceFromReliableEvents([
 *   e(0, "data", "send", 1), // dropped by the link
 *   e(120, "data", "send", 2, true),
 *   e(130, "data", "deliver", 2),
 *   e(130, "ack", "send", 3),
 *   e(140, "ack", "deliver", 3),
 *   e(145, "ack", "deliver", 3), // the link delivered it twice
 * ]);
 * assertEquals(trace.events.map((x) => x.mark ?? "-"), ["lost", "retransmission", "-", "-", "-", "duplicate"]);
 * ```
 */
export function traceFromReliableEvents(
  events: readonly ReliableTraceEvent[],
): Trace {
  const out: TraceEvent[] = [];
  const sends = new Map<number, TraceEvent>();
  const delivered = new Set<number>();
  for (const e of events) {
    const [from, to] = e.dir === "data"
      ? [SENDER, RECEIVER]
      : [RECEIVER, SENDER];
    const label = `${e.dir === "data" ? "dato" : "ack"} ${e.seq}`;
    if (e.event === "send") {
      const send: TraceEvent = {
        process: from,
        kind: "send",
        channel: channelOf(from, to),
        msg: e.tx,
        atMs: e.atMs,
        label,
        ...(e.retransmission ? { mark: "retransmission" as const } : {}),
      };
      sends.set(e.tx, send);
      out.push(send);
      continue;
    }
    const again = delivered.has(e.tx);
    delivered.add(e.tx);
    out.push({
      process: to,
      kind: "receive",
      channel: channelOf(from, to),
      msg: e.tx,
      atMs: e.atMs,
      label,
      ...(again ? { mark: "duplicate" as const } : {}),
    });
  }
  for (const [tx, send] of sends) {
    if (!delivered.has(tx)) send.mark = "lost";
  }
  return { events: out, omitted: 0, cap: Math.max(1, out.length) };
}

/**
 * Runs {@linkcode transferReliably} over the simulated lossy link and
 * returns its trace with the outcome. Keep it short (a handful of messages)
 * to draw it: every packet is an arrow.
 *
 * @example Everything arrives once and in order; lost packets and retransmissions agree with the outcome
 * ```ts
 * import { traceReliableTransfer } from "./reliable_trace.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const { trace, outcome } = traceReliableTransfer(["a", "b", "c", "d"], {
 *   link: { loss: 0.3, seed: 11 },
 *   window: 2,
 * });
 * assertEquals(outcome.delivered, ["a", "b", "c", "d"]);
 * const marked = (m: string) => trace.events.filter((e) => e.mark === m).length;
 * const dataSends = trace.events.filter((e) => e.kind === "send" && e.label.startsWith("dato"));
 * assertEquals(dataSends.length, outcome.dataPackets);
 * // A lost retransmission is drawn as lost (the cross matters more).
 * assertEquals(marked("lost"), outcome.forward.dropped + outcome.backward.dropped);
 * ```
 */
export function traceReliableTransfer(
  messages: readonly string[],
  options: {
    link: LossyLinkOptions;
    window?: number;
    timeoutMs?: number;
    maxAttempts?: number;
  },
): { trace: Trace; outcome: ReliableOutcome<string> } {
  const events: ReliableTraceEvent[] = [];
  const outcome = transferReliably(messages, {
    ...options,
    trace: (e) => events.push(e),
  });
  return { trace: traceFromReliableEvents(events), outcome };
}
