/**
 * What the blocking ends of a bench peer share, pipe or socket: the spin of
 * a blocking read (non-blocking attempts with a `sched_yield` every few, as
 * C's spinning peer does) and the read/write resource the fast framing
 * drives. One place, so the two ends cannot drift apart.
 *
 * @module
 */

import type { ReadWriteResource } from "../wire/byte_endpoints.ts";
import { formatNumber } from "../notebook/number_format.ts";

/** Non-blocking attempts between two `sched_yield`s of a blocking read's spin (C's peer: 4). */
export const SPIN_ATTEMPTS_PER_YIELD = 4;

/** Longest spin of one blocking read, in ms (as the busy-poll waiter's bound). */
export const MAX_SPIN_MS = 1000;

/**
 * Calls `attempt` until it returns something other than `undefined` or
 * `spinMs` has passed, calling `yieldNow` every
 * {@linkcode SPIN_ATTEMPTS_PER_YIELD} attempts; `undefined` when the spin
 * ran out (or `spinMs` is 0: no attempt at all).
 *
 * @example The third attempt succeeds; a zero budget tries nothing
 * ```ts
 * import { spinAttempts } from "./blocking_resource.ts";
 * import { assertEquals } from "@std/assert";
 *
 * let tries = 0;
 * let yields = 0;
 * const got = spinAttempts(50, () => ++tries === 3 ? "listo" : undefined, () => yields++);
 * assertEquals([got, tries, yields], ["listo", 3, 0]);
 * assertEquals(spinAttempts(0, () => "nunca", () => {}), undefined);
 * ```
 */
export function spinAttempts<T>(
  spinMs: number,
  attempt: () => T | undefined,
  yieldNow: () => void,
): T | undefined {
  if (!(spinMs > 0)) return undefined;
  const deadline = performance.now() + spinMs;
  do {
    for (let i = 0; i < SPIN_ATTEMPTS_PER_YIELD; i++) {
      const got = attempt();
      if (got !== undefined) return got;
    }
    yieldNow();
  } while (performance.now() < deadline);
  return undefined;
}

/** An end whose reads and writes block the calling thread (a busy-poll pipe or socket). */
export interface BlockingEnd {
  /**
   * Reads some bytes (`null` at the end), sleeping at most `waitLimitMs`
   * after the spin (default: no limit), then `Deno.errors.TimedOut`.
   */
  readBlocking(
    buffer: Uint8Array,
    spinMs: number,
    waitLimitMs?: number,
  ): number | null;
  /** Writes some of `bytes`, sleeping at most `waitLimitMs` (default: no limit). */
  writeBlocking(bytes: Uint8Array, waitLimitMs?: number): number;
  closeWrite(): Promise<void>;
  close(): void;
}

/**
 * `end` as a read/write resource whose calls block this thread, each read
 * spinning first for `spinMs` (0 to {@linkcode MAX_SPIN_MS}; otherwise a
 * `RangeError`), then asleep for at most `waitLimitMs` (default: no limit;
 * a process that must not hang, such as one measuring, gives one). The framing calls it from async functions; a throwing call
 * is returned as a rejection.
 *
 * @example Typed errors arrive as rejections; a spin out of range is refused
 * ```ts
 * import { blockingResource } from "./blocking_resource.ts";
 * import { assertRejects, assertThrows } from "@std/assert";
 *
 * const closed = {
 *   readBlocking: (): number => { throw new Deno.errors.BadResource("cerrado"); },
 *   writeBlocking: () => 1,
 *   closeWrite: () => Promise.resolve(),
 *   close: () => {},
 * };
 * await assertRejects(
 *   () => blockingResource(closed, 0).read(new Uint8Array(1)),
 *   Deno.errors.BadResource,
 * );
 * assertThrows(() => blockingResource(closed, -1), RangeError);
 * assertThrows(() => blockingResource(closed, NaN), RangeError);
 * ```
 */
export function blockingResource(
  end: BlockingEnd,
  spinMs: number,
  waitLimitMs: number = Infinity,
): ReadWriteResource {
  checkBlockingWait(spinMs, waitLimitMs);
  return {
    read: (buffer) => {
      try {
        return Promise.resolve(end.readBlocking(buffer, spinMs, waitLimitMs));
      } catch (error) {
        return Promise.reject(error);
      }
    },
    write: (bytes) => {
      try {
        return Promise.resolve(end.writeBlocking(bytes, waitLimitMs));
      } catch (error) {
        return Promise.reject(error);
      }
    },
    writeNow: (bytes) => end.writeBlocking(bytes, waitLimitMs),
    readNow: (buffer) => end.readBlocking(buffer, spinMs, waitLimitMs),
    closeWrite: () => end.closeWrite(),
    close: () => end.close(),
  };
}

/**
 * Refuses a blocking end's spin budget outside 0 to
 * {@linkcode MAX_SPIN_MS} and a wait limit that is not positive
 * (`Infinity`: no limit), with a `RangeError`: checked before any resource
 * is opened, so a bad option never leaves one behind.
 *
 * @example
 * ```ts
 * import { checkBlockingWait } from "./blocking_resource.ts";
 * import { assertThrows } from "@std/assert";
 *
 * checkBlockingWait(0.2, Infinity);
 * assertThrows(() => checkBlockingWait(-1, 50), RangeError, "entre 0 y");
 * assertThrows(() => checkBlockingWait(0, 0), RangeError, "positivo");
 * ```
 */
export function checkBlockingWait(spinMs: number, waitLimitMs: number): void {
  if (!(spinMs >= 0) || spinMs > MAX_SPIN_MS) {
    throw new RangeError(
      `El presupuesto de espera activa debe estar entre 0 y ${
        formatNumber(MAX_SPIN_MS)
      } ms, no ${formatNumber(spinMs)}`,
    );
  }
  if (!(waitLimitMs > 0)) {
    throw new RangeError(
      `El límite de espera debe ser positivo, no ${formatNumber(waitLimitMs)}`,
    );
  }
}

/** `poll(2)` on this thread, as the pipe and socket libcs bind it. */
export type PollHere = (
  fds: Uint8Array,
  count: bigint,
  timeoutMs: number,
) => number;

/**
 * Longest `poll` of a bounded blocking read or write before it re-checks
 * (a `close()` from elsewhere is then noticed), in ms.
 */
const POLL_HERE_SLICE_MS = 100;

/**
 * One bounded `poll` slice on this thread for `events` on `fd` (the caller
 * tries its call again and loops); once `deadline` (a `performance.now()`
 * time) has passed, `Deno.errors.TimedOut` saying `notReady` and the limit.
 *
 * @example A deadline already passed polls nothing
 * ```ts
 * import { pollSliceHere } from "./blocking_resource.ts";
 * import { assertThrows } from "@std/assert";
 *
 * let polls = 0;
 * const poll = () => (polls++, 0);
 * assertThrows(
 *   () => pollSliceHere(poll, 3, 1, performance.now() - 1, 50, "El extremo no estuvo listo"),
 *   Deno.errors.TimedOut,
 *   "El extremo no estuvo listo en 50 ms",
 * );
 * pollSliceHere(poll, 3, 1, performance.now() + 1_000, 1_000, "—");
 * if (polls !== 1) throw new Error(`polled ${polls} times`);
 * ```
 */
export function pollSliceHere(
  poll: PollHere,
  fd: number,
  events: number,
  deadline: number,
  waitLimitMs: number,
  notReady: string,
): void {
  const left = deadline - performance.now();
  if (left <= 0) {
    throw new Deno.errors.TimedOut(
      `${notReady} en ${formatNumber(waitLimitMs)} ms`,
    );
  }
  // struct pollfd { int fd; short events; short revents; }
  const fds = new Uint8Array(8);
  const view = new DataView(fds.buffer);
  view.setInt32(0, fd, true);
  view.setInt16(4, events, true);
  poll(fds, 1n, Math.ceil(Math.min(POLL_HERE_SLICE_MS, left)));
}
