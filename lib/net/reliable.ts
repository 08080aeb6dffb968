/**
 * Sequence numbers, acknowledgements and retransmission over a lossy link:
 * the idea TCP is built on, small enough to read in one sitting.
 *
 * The sender numbers each message and keeps up to `window` of them in
 * flight; each one is re-sent when its acknowledgement does not come back
 * within `timeoutMs`. The receiver acknowledges every data packet it gets
 * (again, if it is a duplicate: the first ACK may have been lost), drops
 * duplicates, holds early packets, and delivers strictly in order. Over the
 * simulated link of {@linkcode LossyLink} every message arrives exactly once
 * and in order, as long as the link is not hopeless.
 *
 * @module
 */

import { formatNumber } from "../notebook/number_format.ts";
import {
  type LinkStats,
  LossyLink,
  type LossyLinkOptions,
  VirtualClock,
} from "./lossy_link.ts";

/** A packet of the protocol. */
export type ReliablePacket<T> =
  | { kind: "data"; seq: number; payload: T }
  | { kind: "ack"; seq: number };

/** A message was re-sent `maxAttempts` times without an acknowledgement. */
export class DeliveryFailedError extends Error {
  /** The message's sequence number. */
  readonly seq: number;
  /** Builds the error. */
  constructor(seq: number, attempts: number) {
    super(
      `El mensaje ${seq} no fue confirmado tras ${
        formatNumber(attempts)
      } intentos`,
    );
    this.name = "DeliveryFailedError";
    this.seq = seq;
  }
}

/**
 * The receiving half: acknowledges, de-duplicates and re-orders. Pure:
 * `accept` returns the acknowledgement to send and the messages now
 * deliverable in order.
 *
 * @example An early packet waits for the one before it
 * ```ts
 * import { ReliableReceiver } from "./reliable.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const receiver = new ReliableReceiver<string>();
 * assertEquals(receiver.accept({ kind: "data", seq: 1, payload: "b" }).deliver, []);
 * assertEquals(receiver.accept({ kind: "data", seq: 0, payload: "a" }).deliver, ["a", "b"]);
 * assertEquals(receiver.accept({ kind: "data", seq: 0, payload: "a" }).deliver, []);
 * assertEquals(receiver.duplicates, 1);
 * ```
 */
export class ReliableReceiver<T> {
  #expected = 0;
  #early = new Map<number, T>();
  /** Data packets that were already delivered or already held. */
  duplicates = 0;

  /** Handles one data packet. */
  accept(packet: { kind?: "data"; seq: number; payload: T }): {
    ack: ReliablePacket<T>;
    deliver: T[];
  } {
    const ack: ReliablePacket<T> = { kind: "ack", seq: packet.seq };
    if (packet.seq < this.#expected || this.#early.has(packet.seq)) {
      this.duplicates++;
      return { ack, deliver: [] };
    }
    this.#early.set(packet.seq, packet.payload);
    const deliver: T[] = [];
    while (this.#early.has(this.#expected)) {
      deliver.push(this.#early.get(this.#expected)!);
      this.#early.delete(this.#expected);
      this.#expected++;
    }
    return { ack, deliver };
  }
}

/**
 * One packet event of a reliable transfer, for tracing: a data packet or an
 * acknowledgement put on the link (`send`) or handed over by it
 * (`deliver`). `tx` numbers every packet put on the link, in both
 * directions, so a duplicate delivery repeats its `tx` and a lost packet's
 * `tx` never shows up delivered.
 */
export interface ReliableTraceEvent {
  /** Virtual time, in ms. */
  atMs: number;
  /** Data (sender → receiver) or acknowledgement (receiver → sender). */
  dir: "data" | "ack";
  /** Put on the link, or handed over by it. */
  event: "send" | "deliver";
  /** The message's sequence number. */
  seq: number;
  /** The packet's transmission number (unique per packet put on the link). */
  tx: number;
  /** A data packet sent again after a timeout. */
  retransmission: boolean;
}

/** What a reliable transfer did. */
export interface ReliableOutcome<T> {
  /** Messages as the receiving application got them. */
  delivered: T[];
  /** Data packets sent, first copies and retransmissions. */
  dataPackets: number;
  /** Data packets sent again because their acknowledgement was late. */
  retransmissions: number;
  /** Data packets the receiver recognized as already seen and dropped. */
  duplicatesDiscarded: number;
  /** Virtual time when the last acknowledgement arrived, in ms. */
  finishedAtMs: number;
  /** What the link did to the data packets. */
  forward: LinkStats;
  /** What the link did to the acknowledgements. */
  backward: LinkStats;
}

/**
 * Sends `messages` over a simulated lossy link (data one way, ACKs the
 * other) with the protocol described in the module docs.
 *
 * @example Everything arrives once and in order despite 30 % loss
 * ```ts
 * import { transferReliably } from "./reliable.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const messages = Array.from({ length: 50 }, (_, i) => i);
 * const outcome = transferReliably(messages, {
 *   link: { loss: 0.3, duplicate: 0.1, reorder: 0.2, seed: 3 },
 * });
 * assertEquals(outcome.delivered, messages);
 * ```
 */
export function transferReliably<T>(
  messages: readonly T[],
  options: {
    /** Both directions of the link behave like this (each with its own seed). */
    link: LossyLinkOptions;
    /** Messages in flight at most (default 8). */
    window?: number;
    /** Retransmission timeout in virtual ms (default 120: above the slowest round trip of the default link). */
    timeoutMs?: number;
    /** Attempts per message before giving up (default 100). */
    maxAttempts?: number;
    /**
     * The receiving half (default {@linkcode ReliableReceiver}); exercises
     * plug theirs in. `accept` gets each data packet and returns the
     * messages now deliverable in order.
     */
    receiver?: {
      /** Handles one data packet. */
      accept(packet: { seq: number; payload: T }): { deliver: T[] };
      /** Duplicates it dropped, when it counts them. */
      duplicates?: number;
    };
    /** Called on every packet sent and delivered (see {@linkcode ReliableTraceEvent}). */
    trace?: (event: ReliableTraceEvent) => void;
  },
): ReliableOutcome<T> {
  const window = options.window ?? 8;
  const timeoutMs = options.timeoutMs ?? 120;
  const maxAttempts = options.maxAttempts ?? 100;
  if (!Number.isInteger(window) || window < 1) {
    throw new RangeError(
      `La ventana debe ser un entero positivo, no ${window}`,
    );
  }
  const clock = new VirtualClock();
  const receiver = options.receiver ?? new ReliableReceiver<T>();
  const delivered: T[] = [];
  const attempts = new Map<number, number>();
  const timers = new Map<number, () => void>();
  let nextToSend = 0;
  let acked = 0;
  const isAcked = new Set<number>();
  let dataPackets = 0;
  let retransmissions = 0;
  let finishedAtMs = 0;
  let failure: DeliveryFailedError | null = null;
  let tx = 0;
  const trace = options.trace ?? (() => {});
  type Wire = ReliablePacket<T> & { tx: number };

  const event = (
    dir: "data" | "ack",
    kind: "send" | "deliver",
    packet: Wire,
    retransmission = false,
  ) =>
    trace({
      atMs: clock.now,
      dir,
      event: kind,
      seq: packet.seq,
      tx: packet.tx,
      retransmission,
    });
  const backward = new LossyLink<Wire>(
    clock,
    { ...options.link, seed: (options.link.seed ^ 0x9e3779b9) >>> 0 },
    (packet) => {
      event("ack", "deliver", packet);
      onAck(packet.seq);
    },
  );
  const forward = new LossyLink<Wire>(
    clock,
    options.link,
    (packet) => {
      if (packet.kind !== "data") return;
      event("data", "deliver", packet);
      const { deliver } = receiver.accept({
        seq: packet.seq,
        payload: packet.payload,
      });
      delivered.push(...deliver);
      const ack: Wire = { kind: "ack", seq: packet.seq, tx: ++tx };
      event("ack", "send", ack);
      backward.send(ack);
    },
  );

  function transmit(seq: number): void {
    if (failure) return;
    const count = (attempts.get(seq) ?? 0) + 1;
    if (count > maxAttempts) {
      failure = new DeliveryFailedError(seq, maxAttempts);
      for (const cancel of timers.values()) cancel();
      return;
    }
    attempts.set(seq, count);
    dataPackets++;
    if (count > 1) retransmissions++;
    const packet: Wire = {
      kind: "data",
      seq,
      payload: messages[seq],
      tx: ++tx,
    };
    forward.send(packet);
    event("data", "send", packet, count > 1);
    timers.set(seq, clock.schedule(timeoutMs, () => transmit(seq)));
  }

  function fillWindow(): void {
    // The window slides over the oldest unacknowledged message.
    let base = 0;
    while (isAcked.has(base)) base++;
    while (nextToSend < messages.length && nextToSend < base + window) {
      transmit(nextToSend++);
    }
  }

  function onAck(seq: number): void {
    if (isAcked.has(seq)) return;
    isAcked.add(seq);
    acked++;
    timers.get(seq)?.();
    timers.delete(seq);
    if (acked === messages.length) finishedAtMs = clock.now;
    fillWindow();
  }

  fillWindow();
  clock.run();
  if (failure) throw failure;
  return {
    delivered,
    dataPackets,
    retransmissions,
    duplicatesDiscarded: receiver.duplicates ?? 0,
    finishedAtMs,
    forward: forward.stats,
    backward: backward.stats,
  };
}
