/**
 * A lossy network link, simulated in virtual time and seeded.
 *
 * Loopback never loses a datagram, so UDP on this machine looks as reliable
 * as TCP. To show what TCP guarantees and UDP does not, the kit sends packets
 * through a simulated link that drops, duplicates, delays and reorders them
 * with probabilities the reader chooses. Time is virtual (an event queue),
 * so a run of thousands of packets takes milliseconds and the same seed
 * replays exactly the same losses.
 *
 * @module
 */

import { formatNumber } from "../notebook/number_format.ts";
import { type SeededRandom, seededRandom } from "../util/random.ts";

/**
 * A discrete-event clock: callbacks run in time order (ties in scheduling
 * order); `run` advances virtual time from event to event.
 */
export class VirtualClock {
  #now = 0;
  #sequence = 0;
  #queue: { at: number; order: number; run: () => void }[] = [];

  /** Current virtual time in milliseconds. */
  get now(): number {
    return this.#now;
  }

  /** Events still waiting. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Runs `run` after `delayMs` of virtual time; returns a cancel function. */
  schedule(delayMs: number, run: () => void): () => void {
    if (!(delayMs >= 0)) {
      throw new RangeError(`El retardo debe ser ≥ 0, no ${delayMs}`);
    }
    const event = { at: this.#now + delayMs, order: this.#sequence++, run };
    // Binary insertion keeps the queue sorted by (at, order).
    let low = 0;
    let high = this.#queue.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      const other = this.#queue[mid];
      if (
        other.at < event.at ||
        (other.at === event.at && other.order < event.order)
      ) {
        low = mid + 1;
      } else high = mid;
    }
    this.#queue.splice(low, 0, event);
    return () => {
      const index = this.#queue.indexOf(event);
      if (index >= 0) this.#queue.splice(index, 1);
    };
  }

  /**
   * Runs events until none is left or `maxEvents` ran (a bound, so a
   * protocol bug cannot loop forever). Returns how many ran.
   *
   * @example Events run in time order
   * ```ts
   * import { VirtualClock } from "./lossy_link.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const clock = new VirtualClock();
   * const seen: string[] = [];
   * clock.schedule(20, () => seen.push(`b@${clock.now}`));
   * clock.schedule(10, () => seen.push(`a@${clock.now}`));
   * assertEquals(clock.run(), 2);
   * assertEquals(seen, ["a@10", "b@20"]);
   * ```
   */
  run(maxEvents = 1_000_000): number {
    let count = 0;
    while (this.#queue.length > 0) {
      if (count >= maxEvents) {
        throw new RangeError(
          `La simulación superó los ${formatNumber(maxEvents)} eventos`,
        );
      }
      const event = this.#queue.shift()!;
      this.#now = event.at;
      event.run();
      count++;
    }
    return count;
  }
}

/** How badly the link behaves. Probabilities are in [0, 1]. */
export interface LossyLinkOptions {
  /** Probability that a packet is dropped (default 0). */
  loss?: number;
  /** Probability that a delivered packet arrives twice (default 0). */
  duplicate?: number;
  /** Probability that a packet is held back and overtaken (default 0). */
  reorder?: number;
  /** Base one-way delay range in ms (default [5, 15]). */
  delayMs?: readonly [number, number];
  /** Extra delay of a held-back packet in ms (default 40). */
  reorderDelayMs?: number;
  /** Seed of the link's random choices. */
  seed: number;
}

/** What the link did to the packets it carried. */
export interface LinkStats {
  /** Packets handed to the link. */
  sent: number;
  /** Packets it lost. */
  dropped: number;
  /** Packets it delivered twice. */
  duplicated: number;
  /** Packets it held back so later ones overtook them. */
  reordered: number;
  /** Deliveries, duplicates included. */
  delivered: number;
}

function checkProbability(name: string, value: number): number {
  if (!(value >= 0 && value <= 1)) {
    throw new RangeError(
      `${name} debe ser una probabilidad en [0, 1], no ${value}`,
    );
  }
  return value;
}

/**
 * One direction of a lossy link: `send` a packet, and some time later the
 * `deliver` callback may get it — once, twice, late, or never.
 *
 * @example With no loss, everything arrives
 * ```ts
 * import { LossyLink, VirtualClock } from "./lossy_link.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const clock = new VirtualClock();
 * const got: number[] = [];
 * const link = new LossyLink<number>(clock, { seed: 1 }, (n) => got.push(n));
 * for (let i = 0; i < 5; i++) link.send(i);
 * clock.run();
 * assertEquals(got.sort(), [0, 1, 2, 3, 4]);
 * ```
 */
export class LossyLink<T> {
  readonly stats: LinkStats = {
    sent: 0,
    dropped: 0,
    duplicated: 0,
    reordered: 0,
    delivered: 0,
  };
  #clock: VirtualClock;
  #random: SeededRandom;
  #deliver: (packet: T) => void;
  #loss: number;
  #duplicate: number;
  #reorder: number;
  #delay: readonly [number, number];
  #reorderDelay: number;

  /** Builds a link on `clock` that hands surviving packets to `deliver`. */
  constructor(
    clock: VirtualClock,
    options: LossyLinkOptions,
    deliver: (packet: T) => void,
  ) {
    this.#clock = clock;
    this.#random = seededRandom(options.seed);
    this.#deliver = deliver;
    this.#loss = checkProbability("loss", options.loss ?? 0);
    this.#duplicate = checkProbability("duplicate", options.duplicate ?? 0);
    this.#reorder = checkProbability("reorder", options.reorder ?? 0);
    this.#delay = options.delayMs ?? [5, 15];
    if (!(this.#delay[0] >= 0 && this.#delay[1] >= this.#delay[0])) {
      throw new RangeError(`Rango de retardo no válido [${this.#delay}]`);
    }
    this.#reorderDelay = options.reorderDelayMs ?? 40;
  }

  /** Puts a packet on the link. */
  send(packet: T): void {
    this.stats.sent++;
    if (this.#random.next() < this.#loss) {
      this.stats.dropped++;
      return;
    }
    const copies = this.#random.next() < this.#duplicate ? 2 : 1;
    if (copies === 2) this.stats.duplicated++;
    for (let i = 0; i < copies; i++) {
      const [low, high] = this.#delay;
      let delay = low + this.#random.next() * (high - low);
      if (this.#random.next() < this.#reorder) {
        this.stats.reordered++;
        delay += this.#reorderDelay;
      }
      this.#clock.schedule(delay, () => {
        this.stats.delivered++;
        this.#deliver(packet);
      });
    }
  }
}

/**
 * Sends every message once over a lossy link, UDP style: no numbering, no
 * acknowledgement, no retransmission. Returns what the receiver got.
 *
 * @example Loss shows up as missing messages
 * ```ts
 * import { sendUnreliably } from "./lossy_link.ts";
 * import { assert } from "@std/assert";
 *
 * const messages = Array.from({ length: 100 }, (_, i) => i);
 * const { received } = sendUnreliably(messages, { loss: 0.3, seed: 7 });
 * assert(new Set(received).size < 100);
 * ```
 */
export function sendUnreliably<T>(
  messages: readonly T[],
  options: LossyLinkOptions & {
    /** Virtual ms between sends (default 20: wider than the delay jitter, so only `reorder` reorders). */
    spacingMs?: number;
  },
): {
  /** Packets in arrival order, duplicates included. */
  received: T[];
  /** What the link did. */
  link: LinkStats;
} {
  const clock = new VirtualClock();
  const received: T[] = [];
  const link = new LossyLink<T>(clock, options, (m) => received.push(m));
  const spacing = options.spacingMs ?? 20;
  messages.forEach((message, i) =>
    clock.schedule(i * spacing, () => link.send(message))
  );
  clock.run();
  return { received, link: link.stats };
}
