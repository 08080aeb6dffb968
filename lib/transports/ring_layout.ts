/**
 * The shared layout of one ring and the way each side waits on it.
 *
 * Header: 128 bytes of `Int32` slots in two 64-byte cache lines. The first
 * line holds only words the producer stores (`head`, its closed flag, its
 * "parked" flag), the second only words the consumer stores. Keeping the two
 * writers on separate lines stops every store of one side from evicting the
 * line the other side is polling (false sharing).
 *
 * Waiting: spin for a short time budget (a message usually arrives within
 * microseconds), then raise the side's "parked" flag and sleep on the
 * counter with `Atomics.wait` (Workers) or `Atomics.waitAsync` (any thread)
 * in bounded slices. The other side calls `Atomics.notify` only when that
 * flag is up, so a busy stream costs no wake-up calls at all.
 *
 * @module
 */

/** Bytes of the header before the data area. */
export const RING_HEADER_BYTES = 128;
/** Slot of the bytes-written counter (producer's line). */
export const HEAD = 0;
/** Slot of the producer's closed flag (producer's line). */
export const WRITER_CLOSED = 1;
/** Slot raised while the producer sleeps waiting for space (producer's line). */
export const PRODUCER_PARKED = 2;
/** Slot of the bytes-read counter (consumer's line, 64 bytes further). */
export const TAIL = 16;
/** Slot of the consumer's closed flag (consumer's line). */
export const READER_CLOSED = 17;
/** Slot raised while the consumer sleeps waiting for data (consumer's line). */
export const CONSUMER_PARKED = 18;

/**
 * Allocates the shared memory of one ring.
 *
 * @example A ring's memory is its header plus the capacity
 * ```ts
 * import { createRingBuffer } from "./ring_buffer.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(createRingBuffer(1024).byteLength, 128 + 1024);
 * ```
 */
export function createRingBuffer(capacityBytes: number): SharedArrayBuffer {
  if (
    !Number.isInteger(capacityBytes) || capacityBytes < 16 ||
    (capacityBytes & (capacityBytes - 1)) !== 0 || capacityBytes > 2 ** 30
  ) {
    throw new RangeError(
      `Ring capacity must be a power of two between 16 and 2^30 bytes, not ${capacityBytes}`,
    );
  }
  return new SharedArrayBuffer(RING_HEADER_BYTES + capacityBytes);
}

/** Longest single sleep before re-checking the close flags. */
const WAIT_SLICE_MS = 50;
/** Default (and largest) spin budget before sleeping. */
const DEFAULT_SPIN_MS = 0.1;
/** Smallest budget a short sleep grows the spin back from (5 µs). */
const MIN_SPIN_MS = 0.005;

/** Options shared by the producer and the consumer side. */
export interface RingSideOptions {
  /** Use the synchronous `Atomics.wait` (only in Workers; faster wake-up). */
  blocking?: boolean;
  /** Largest message accepted (default 64 MiB). */
  maxMessageBytes?: number;
  /** How long to spin before sleeping, in milliseconds (default 0.1). */
  spinMs?: number;
  /**
   * Consumer side: lend received messages instead of giving them away: a
   * message is a view (straight into the shared ring when it lies in one
   * piece, else into one reused buffer) valid only until the next read. For loops that finish with each
   * message before the next (an echo, a benchmark); saves an allocation per
   * message, which matters for large ones (default false: messages owned).
   */
  lendMessages?: boolean;
}

/**
 * Both sides' view of one ring's memory. Exists so the producer and the
 * consumer share one definition of the layout and of waiting.
 *
 * @example Publishing a counter is visible through the view
 * ```ts
 * import { HEAD, RING_HEADER_BYTES, RingView } from "./ring_layout.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const view = new RingView(new SharedArrayBuffer(RING_HEADER_BYTES + 16), {});
 * view.publish(HEAD, 7, 2);
 * assertEquals(view.load(HEAD), 7);
 * assertEquals(view.capacity, 16);
 * ```
 */
export class RingView {
  readonly header: Int32Array;
  readonly data: Uint8Array;
  readonly capacity: number;
  readonly mask: number;
  readonly blocking: boolean;
  readonly maxMessageBytes: number;
  readonly spinMs: number;
  #spinBudgetMs: number;

  constructor(buffer: SharedArrayBuffer, options: RingSideOptions) {
    if (!(buffer instanceof SharedArrayBuffer)) {
      throw new TypeError("A ring needs a SharedArrayBuffer");
    }
    this.header = new Int32Array(buffer, 0, RING_HEADER_BYTES / 4);
    this.data = new Uint8Array(buffer, RING_HEADER_BYTES);
    this.capacity = this.data.length;
    this.mask = this.capacity - 1;
    this.blocking = options.blocking ?? false;
    this.maxMessageBytes = options.maxMessageBytes ?? 64 * 1024 * 1024;
    this.spinMs = options.spinMs ?? DEFAULT_SPIN_MS;
    if (!(this.spinMs >= 0)) {
      throw new RangeError(
        `Spin budget must be non-negative, not ${options.spinMs}`,
      );
    }
    this.#spinBudgetMs = this.spinMs;
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
   * Spins up to the current budget; true as soon as `slot` differs from
   * `seen`. The budget adapts (see {@linkcode RingView.park}): on a machine
   * whose cores are busy the other thread is often not even running while
   * this one spins, and spinning then only steals its CPU.
   */
  spin(slot: number, seen: number): boolean {
    const header = this.header;
    const expected = seen | 0;
    for (let i = 0; i < 64; i++) {
      if (Atomics.load(header, slot) !== expected) return true;
    }
    const budget = this.#spinBudgetMs;
    if (budget <= 0) return false;
    const start = performance.now();
    const deadline = start + budget;
    do {
      for (let i = 0; i < 256; i++) {
        if (Atomics.load(header, slot) !== expected) return true;
      }
    } while (performance.now() < deadline);
    return false;
  }

  /**
   * Sleeps one bounded slice while `slot` still equals `seen`, with this
   * side's parked flag raised so the other side knows to notify. A sleep
   * that ended soon after it began means a longer spin would have caught the
   * change: the spin budget doubles; a long sleep halves it.
   */
  async park(slot: number, seen: number, ownParked: number): Promise<void> {
    const header = this.header;
    Atomics.store(header, ownParked, 1);
    const start = performance.now();
    try {
      // Re-check after raising the flag: a publish in between is not lost.
      if (Atomics.load(header, slot) !== (seen | 0) || this.anyClosed()) return;
      if (this.blocking) {
        Atomics.wait(header, slot, seen | 0, WAIT_SLICE_MS);
        return;
      }
      const waiting = Atomics.waitAsync(header, slot, seen | 0, WAIT_SLICE_MS);
      if (!waiting.async) return;
      // waitAsync's own timeout is unreliable and it does not keep Deno's
      // event loop alive: a timer bounds the slice.
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        waiting.value,
        new Promise((resolve) => timer = setTimeout(resolve, WAIT_SLICE_MS)),
      ]);
      clearTimeout(timer);
    } finally {
      Atomics.store(header, ownParked, 0);
      const budget = this.#spinBudgetMs;
      this.#spinBudgetMs = performance.now() - start < this.spinMs
        ? Math.min(this.spinMs, Math.max(MIN_SPIN_MS, budget * 2))
        : budget / 2;
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
