/**
 * One side's view of a ring's memory, and the way each side waits on it.
 *
 * Waiting follows the fast tier's one {@linkcode WaitPolicy} (numbers:
 * `RING_WAIT`): spin for an adaptive budget (a message usually arrives within
 * microseconds; a 1 MiB one within a few hundred), then raise the side's
 * "parked" flag and sleep on the counter with `Atomics.wait` (Workers) or
 * `Atomics.waitAsync` (any thread) in bounded slices. The other side calls
 * `Atomics.notify` only when that flag is up, so a busy stream costs no
 * wake-up calls at all.
 *
 * @module
 */

import {
  READER_CLOSED,
  RING_HEADER_BYTES,
  WRITER_CLOSED,
} from "./ring_layout.ts";
import { RING_WAIT, WaitPolicy } from "./wait_policy.ts";
import type { Liveness } from "../transports/ring_liveness.ts";

/** Options shared by the producer and the consumer side. */
export interface RingSideOptions {
  /** Use the synchronous `Atomics.wait` (only in Workers; faster wake-up). */
  blocking?: boolean;
  /** Largest message accepted (default 64 MiB). */
  maxMessageBytes?: number;
  /** Longest spin before sleeping, in ms (default `RING_WAIT.maxSpinMs`, 0.5). */
  spinMs?: number;
  /**
   * Consumer side: lend received messages instead of giving them away: a
   * message is a view (straight into the shared ring when it lies in one
   * piece, else into one reused buffer) valid only until the next read. For
   * loops that finish with each message before the next (an echo, a
   * benchmark); saves an allocation and a copy per message, which matters
   * for large ones (default false: messages owned).
   */
  lendMessages?: boolean;
  /**
   * This end's heartbeat and its watch on the peer's (`openRingDuplex`
   * sets it from the channel): every sleep slice beats and checks it.
   */
  alive?: Liveness;
}

/**
 * How many sides of each ring this thread opened. Module state is per
 * thread (each Worker loads its own copy), so a count of 2 means both ends
 * live here: the peer cannot run while this thread spins, so it never does.
 */
const sidesInThisThread = new WeakMap<SharedArrayBuffer, { count: number }>();

/**
 * Both sides' view of one ring's memory. Exists so the producer and the
 * consumer share one definition of the layout and of waiting.
 *
 * @example Publishing a counter is visible through the view
 * ```ts
 * import { RingView } from "./ring_view.ts";
 * import { createRingBuffer, HEAD } from "./ring_layout.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const view = new RingView(createRingBuffer(16), {});
 * view.publish(HEAD, 8, 2);
 * assertEquals(view.load(HEAD), 8);
 * assertEquals(view.capacity, 16);
 * ```
 */
export class RingView {
  readonly buffer: SharedArrayBuffer;
  readonly header: Int32Array;
  readonly data: Uint8Array;
  readonly capacity: number;
  readonly mask: number;
  readonly blocking: boolean;
  readonly maxMessageBytes: number;
  readonly spinMs: number;
  readonly alive: Liveness | null;
  #policy: WaitPolicy;
  #spinStart = 0;
  #sidesHere: { count: number };

  constructor(buffer: SharedArrayBuffer, options: RingSideOptions) {
    if (!(buffer instanceof SharedArrayBuffer)) {
      throw new TypeError("Un anillo necesita un SharedArrayBuffer");
    }
    this.buffer = buffer;
    this.header = new Int32Array(buffer, 0, RING_HEADER_BYTES / 4);
    this.data = new Uint8Array(buffer, RING_HEADER_BYTES);
    this.capacity = this.data.length;
    this.mask = this.capacity - 1;
    this.blocking = options.blocking ?? false;
    this.maxMessageBytes = options.maxMessageBytes ?? 64 * 1024 * 1024;
    this.spinMs = options.spinMs ?? RING_WAIT.maxSpinMs;
    this.alive = options.alive ?? null;
    this.#policy = new WaitPolicy({ ...RING_WAIT, maxSpinMs: this.spinMs });
    let sides = sidesInThisThread.get(buffer);
    if (sides === undefined) {
      sides = { count: 0 };
      sidesInThisThread.set(buffer, sides);
    }
    sides.count++;
    this.#sidesHere = sides;
  }

  /** A counter or flag, as an unsigned number. */
  load(slot: number): number {
    return Atomics.load(this.header, slot) >>> 0;
  }

  /** Whether either side closed. */
  anyClosed(): boolean {
    return Atomics.load(this.header, WRITER_CLOSED) !== 0 ||
      Atomics.load(this.header, READER_CLOSED) !== 0;
  }

  /** Stores a counter; wakes the other side only if it is asleep. */
  publish(slot: number, value: number, otherParked: number): void {
    Atomics.store(this.header, slot, value | 0);
    if (Atomics.load(this.header, otherParked) !== 0) {
      Atomics.notify(this.header, slot);
    }
  }

  /**
   * The deadline of a spin starting now; 0 (no spin at all) when the peer
   * lives in this very thread. The budget adapts (see `WaitPolicy`): on a
   * machine whose cores are busy the other thread is often not even running
   * while this one spins, and spinning then only steals its CPU.
   */
  spinDeadline(): number {
    if (this.#sidesHere.count > 1 || this.spinMs <= 0) return 0;
    this.#spinStart = performance.now();
    return this.#spinStart + this.#policy.next();
  }

  /** Spins until `slot` differs from `seen` (true) or `deadline` passes. */
  spinUntil(slot: number, seen: number, deadline: number): boolean {
    const header = this.header;
    const expected = seen | 0;
    for (let i = 0; i < 64; i++) {
      if (Atomics.load(header, slot) !== expected) return this.#caught();
    }
    if (deadline === 0) return false;
    do {
      for (let i = 0; i < 256; i++) {
        if (Atomics.load(header, slot) !== expected) return this.#caught();
      }
    } while (performance.now() < deadline);
    return false;
  }

  #caught(): true {
    this.#policy.caught();
    return true;
  }

  /** Spins up to the current budget; true as soon as `slot` differs from `seen`. */
  spin(slot: number, seen: number): boolean {
    return this.spinUntil(slot, seen, this.spinDeadline());
  }

  /**
   * Sleeps one bounded slice while `slot` still equals `seen`, with this
   * side's parked flag raised so the other side knows to notify. Tells the
   * spin budget how long the whole wait lasted.
   */
  async park(slot: number, seen: number, ownParked: number): Promise<void> {
    this.alive?.check(); // throws once the peer is silent past the bound
    const header = this.header;
    Atomics.store(header, ownParked, 1);
    const start = performance.now();
    try {
      // Re-check after raising the flag: a publish in between is not lost.
      if (Atomics.load(header, slot) !== (seen | 0) || this.anyClosed()) return;
      if (this.blocking) {
        Atomics.wait(header, slot, seen | 0, this.#policy.sleepSliceMs);
        return;
      }
      const slice = this.#policy.sleepSliceMs;
      const waiting = Atomics.waitAsync(header, slot, seen | 0, slice);
      if (!waiting.async) return;
      // waitAsync's own timeout is unreliable and it does not keep Deno's
      // event loop alive: a timer bounds the slice.
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        waiting.value,
        new Promise((resolve) => timer = setTimeout(resolve, slice)),
      ]);
      clearTimeout(timer);
    } finally {
      Atomics.store(header, ownParked, 0);
      this.#policy.missed(
        performance.now() - Math.min(start, this.#spinStart || start),
      );
    }
  }

  /** Copies `bytes` into the ring at counter `position` (wrapping). */
  copyIn(position: number, bytes: Uint8Array): void {
    const start = position & this.mask;
    const first = this.capacity - start;
    if (bytes.length <= first) {
      this.data.set(bytes, start);
      return;
    }
    this.data.set(bytes.subarray(0, first), start);
    this.data.set(bytes.subarray(first), 0);
  }

  /** Fills `target` from the ring at counter `position` (wrapping). */
  copyOut(position: number, target: Uint8Array): void {
    const start = position & this.mask;
    const first = Math.min(target.length, this.capacity - start);
    target.set(this.data.subarray(start, start + first));
    if (first < target.length) {
      target.set(this.data.subarray(0, target.length - first), first);
    }
  }
}
