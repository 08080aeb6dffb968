/**
 * Traces of the simulated lossy link (`lib/net/lossy_link.ts`), in virtual
 * time: each packet is wrapped with a transmission number, so a packet the
 * link dropped is a send with no receive (marked lost), one it duplicated
 * is a send with two receives, and one it reordered simply arrives after a
 * later one. Two protocols: UDP style (send once, hope) and stop-and-wait
 * (number, acknowledge, retransmit on timeout: TCP's idea with a window of
 * one, the easiest to read in a diagram).
 *
 * @module
 */

import {
  LossyLink,
  type LossyLinkOptions,
  VirtualClock,
} from "../net/lossy_link.ts";
import { ReliableReceiver } from "../net/reliable.ts";
import {
  channelOf,
  type Trace,
  type TraceEvent,
  type TraceMark,
} from "./events.ts";
import { clipLabel } from "./label.ts";

/** Names of the two ends in these diagrams. */
export const SENDER = "emisor";
/** The receiving end. */
export const RECEIVER = "receptor";

interface Packet {
  tx: number;
}

/** Records sends and deliveries of wrapped packets; marks the lost ones at the end. */
class LinkTracer {
  events: TraceEvent[] = [];
  #sends = new Map<number, TraceEvent>();
  #delivered = new Set<number>();
  #tx = 0;
  constructor(readonly clock: VirtualClock) {}
  send(from: string, to: string, label: string, mark?: TraceMark): number {
    const tx = ++this.#tx;
    const e: TraceEvent = {
      process: from,
      kind: "send",
      channel: channelOf(from, to),
      msg: tx,
      atMs: this.clock.now,
      label,
      ...(mark ? { mark } : {}),
    };
    this.#sends.set(tx, e);
    this.events.push(e);
    return tx;
  }
  receive(at: string, tx: number, duplicate: boolean): void {
    const send = this.#sends.get(tx)!;
    const copy = this.#delivered.has(tx);
    this.#delivered.add(tx);
    this.events.push({
      process: at,
      kind: "receive",
      channel: send.channel,
      msg: tx,
      atMs: this.clock.now,
      label: send.label,
      ...(copy || duplicate ? { mark: "duplicate" as const } : {}),
    });
  }
  finish(): Trace {
    for (const [tx, e] of this.#sends) {
      if (!this.#delivered.has(tx)) e.mark = "lost";
    }
    return { events: this.events, omitted: 0, cap: this.events.length };
  }
}

/**
 * Sends each message once, UDP style, over a lossy link, and returns the
 * trace (virtual ms).
 *
 * @example With certain loss, every arrow ends in a cross
 * ```ts
 * import { traceUnreliable } from "./lossy.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const trace = traceUnreliable(["a", "b"], { loss: 1, seed: 1 });
 * assertEquals(trace.events.map((e) => e.mark), ["lost", "lost"]);
 * ```
 */
export function traceUnreliable(
  messages: readonly string[],
  link: LossyLinkOptions & { spacingMs?: number },
): Trace {
  const clock = new VirtualClock();
  const tracer = new LinkTracer(clock);
  const wire = new LossyLink<Packet>(
    clock,
    link,
    (p) => tracer.receive(RECEIVER, p.tx, false),
  );
  messages.forEach((text, i) =>
    clock.schedule(i * (link.spacingMs ?? 20), () => {
      wire.send({ tx: tracer.send(SENDER, RECEIVER, clipLabel(text, 14)) });
    })
  );
  clock.run(100_000);
  return tracer.finish();
}

/**
 * Stop-and-wait over a lossy link in both directions: the sender numbers a
 * message, waits for its acknowledgement, and sends it again after
 * `timeoutMs` without one; the receiver acknowledges every copy and
 * delivers each message once, in order. Returns the trace and what the
 * receiving application got.
 *
 * @example Everything arrives once despite losses; the trace shows the retransmissions
 * ```ts
 * import { traceStopAndWait } from "./lossy.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const run = traceStopAndWait(["a", "b", "c"], { loss: 0.3, seed: 4 });
 * assertEquals(run.delivered, ["a", "b", "c"]);
 * const sends = run.trace.events.filter((e) => e.kind === "send" && e.label.startsWith("dato"));
 * assertEquals(sends.length >= 3, true);
 * ```
 */
export function traceStopAndWait(
  messages: readonly string[],
  link: LossyLinkOptions,
  options: { timeoutMs?: number; maxAttempts?: number } = {},
): { trace: Trace; delivered: string[]; retransmissions: number } {
  const timeoutMs = options.timeoutMs ?? 60;
  const maxAttempts = options.maxAttempts ?? 20;
  const clock = new VirtualClock();
  const tracer = new LinkTracer(clock);
  const receiver = new ReliableReceiver<string>();
  const delivered: string[] = [];
  let current = 0;
  let attempt = 0;
  let retransmissions = 0;
  let cancel: () => void = () => {};
  const backward = new LossyLink<Packet & { seq: number }>(
    clock,
    { ...link, seed: (link.seed ^ 0x9e3779b9) >>> 0 },
    (p) => {
      tracer.receive(SENDER, p.tx, p.seq !== current);
      if (p.seq !== current) return;
      cancel();
      current++;
      attempt = 0;
      transmit();
    },
  );
  const forward = new LossyLink<Packet & { seq: number }>(clock, link, (p) => {
    const before = receiver.duplicates;
    const { deliver } = receiver.accept({
      seq: p.seq,
      payload: messages[p.seq],
    });
    tracer.receive(RECEIVER, p.tx, receiver.duplicates > before);
    delivered.push(...deliver);
    backward.send({
      tx: tracer.send(RECEIVER, SENDER, `ack ${p.seq}`),
      seq: p.seq,
    });
  });
  function transmit(): void {
    if (current >= messages.length) return;
    attempt++;
    if (attempt > maxAttempts) {
      throw new RangeError(
        `El mensaje ${current} no fue confirmado tras ${maxAttempts} intentos`,
      );
    }
    if (attempt > 1) retransmissions++;
    const label = `dato ${current}: ${clipLabel(messages[current], 10)}`;
    const tx = tracer.send(
      SENDER,
      RECEIVER,
      label,
      attempt > 1 ? "retransmission" : undefined,
    );
    forward.send({ tx, seq: current });
    cancel = clock.schedule(timeoutMs, transmit);
  }
  transmit();
  clock.run(100_000);
  return { trace: tracer.finish(), delivered, retransmissions };
}
