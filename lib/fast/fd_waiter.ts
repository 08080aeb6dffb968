/**
 * How the fast tier waits on a file descriptor it reads and writes through
 * libc: the one spin-then-sleep loop under the busy-poll sockets
 * (`busy_poll_socket.ts`) and the busy-poll pipes and FIFOs
 * (`busy_poll_pipe.ts`).
 *
 * An attempt (a `recv`, a `read`, a `write` that cannot block) is repeated
 * for the {@linkcode WaitPolicy}'s spin budget; a byte that arrives within
 * it is picked up without any thread going to sleep. Only then does the wait
 * sleep, in `poll` on a helper thread, in bounded slices, next to an
 * `eventfd` that `close()` signals, so nothing waits for a closed
 * descriptor. Descriptors are closed only once no helper thread holds them.
 *
 * @module
 */

import { BUSY_POLL_WAIT, WaitPolicy } from "./wait_policy.ts";
import { formatNumber } from "../notebook/number_format.ts";

/** The libc calls a waiter needs (both the socket and the pipe bindings have them). */
export interface WaiterLibc {
  eventfd(initval: number, flags: number): number;
  poll(
    fds: BufferSource,
    nfds: number | bigint,
    timeout: number,
  ): Promise<number>;
  write(fd: number, bytes: BufferSource, count: number | bigint): unknown;
  close(fd: number): number;
  sched_yield(): number;
}

/** `attempt`s per spin round, between two yields. */
const ATTEMPTS_PER_ROUND = 4;

const POLLIN = 0x1;
const EFD_NONBLOCK = 0o4000;
const EFD_CLOEXEC = 0o2000000;

/**
 * The wake-up `eventfd`, the spin policy and the count of helper-thread
 * calls of one busy-poll resource. Exists so sockets and pipes share one
 * waiting loop and one safe close instead of a copy each.
 *
 * @example An attempt that succeeds within the spin never sleeps
 * ```ts
 * import { FdWaiter } from "./fd_waiter.ts";
 * import { pipeLibc } from "./pipe_libc.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const libc = pipeLibc.acquire();
 * let released = false;
 * const waiter = new FdWaiter(libc, 1, () => {
 *   released = true;
 *   pipeLibc.release();
 * });
 * let tries = 0;
 * assertEquals(await waiter.retry(() => ++tries < 3 ? undefined : "ok", -1, 1), "ok");
 * waiter.close();
 * await waiter.whenClosed();
 * assertEquals(released, true);
 * ```
 */
export class FdWaiter {
  readonly #libc: WaiterLibc;
  readonly #policy: WaitPolicy;
  readonly #wakeFd: number;
  readonly #onRelease: () => void;
  #closed = false;
  #released = false;
  #inFlight = 0;
  #allSettled: (() => void) | null = null;
  readonly #settled: Promise<void>;

  /**
   * `spinMs` is the largest spin budget (0 to 1000 ms); `onRelease` runs once,
   * after `close()`, when no helper thread holds a descriptor: it closes them.
   */
  constructor(libc: WaiterLibc, spinMs: number, onRelease: () => void) {
    if (!(spinMs >= 0) || spinMs > 1000) {
      throw new RangeError(
        `El presupuesto de espera activa debe estar entre 0 y ${
          formatNumber(1000)
        } ms, no ${formatNumber(spinMs)}`,
      );
    }
    this.#libc = libc;
    this.#policy = new WaitPolicy({ ...BUSY_POLL_WAIT, maxSpinMs: spinMs });
    this.#onRelease = onRelease;
    this.#wakeFd = libc.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (this.#wakeFd < 0) throw new Error("eventfd falló");
    this.#settled = new Promise((resolve) => (this.#allSettled = resolve));
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Retries `attempt` until it gives a value: spinning for the policy's
   * budget, then asleep in `poll` on `fd` for `events`. Each spin round
   * yields twice: to queued microtasks (the framing layer's own flush, say
   * the rest of a batch of sends, runs on them) and to the kernel
   * (`sched_yield`: when the peer shares this core, spinning would only
   * keep it from answering). How the wait ended goes back to the policy,
   * which sets the next budget.
   */
  async retry<T>(
    attempt: () => T | undefined,
    fd: number,
    events: number,
  ): Promise<T> {
    const policy = this.#policy;
    const started = performance.now();
    const budget = policy.next();
    if (budget > 0) {
      const deadline = started + budget;
      do {
        await null;
        for (let i = 0; i < ATTEMPTS_PER_ROUND; i++) {
          const got = attempt();
          if (got !== undefined) {
            policy.caught();
            return got;
          }
        }
        this.#libc.sched_yield();
      } while (performance.now() < deadline);
    }
    try {
      while (true) {
        await this.sleepUntil(fd, events);
        const got = attempt();
        if (got !== undefined) return got;
      }
    } finally {
      policy.missed(performance.now() - started);
    }
  }

  /**
   * Sleeps in `poll` (one bounded slice) until `fd` may be ready for
   * `events` or `close()` signals; throws `BadResource` once closed.
   * Returns `fd`'s `revents` (0 when the slice ran out).
   */
  async sleepUntil(fd: number, events: number): Promise<number> {
    if (this.#closed) {
      throw new Deno.errors.BadResource("El descriptor está cerrado");
    }
    // One pollfd array per call: a read and a write may both be asleep.
    const fds = new Uint8Array(16);
    const view = new DataView(fds.buffer);
    view.setInt32(0, fd, true);
    view.setInt16(4, events, true);
    view.setInt32(8, this.#wakeFd, true);
    view.setInt16(12, POLLIN, true);
    await this.hold(this.#libc.poll(fds, 2n, this.#policy.sleepSliceMs));
    if (this.#closed) {
      throw new Deno.errors.BadResource("El descriptor está cerrado");
    }
    return view.getInt16(6, true);
  }

  /**
   * Awaits a call running on a helper thread, keeping the descriptors open
   * until it returns (a number reused meanwhile would be someone else's).
   */
  async hold<T>(call: Promise<T>): Promise<T> {
    this.#inFlight++;
    try {
      return await call;
    } finally {
      this.#inFlight--;
      if (this.#closed) this.#finishClose();
    }
  }

  /** Wakes every sleeping wait (they fail with `BadResource`); idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const one = new Uint8Array(new BigUint64Array([1n]).buffer);
    this.#libc.write(this.#wakeFd, one, 8n);
    this.#finishClose();
  }

  /** Resolves once `close()` was called and the descriptors are closed. */
  whenClosed(): Promise<void> {
    return this.#settled;
  }

  #finishClose(): void {
    if (this.#inFlight > 0 || this.#released) return;
    this.#released = true;
    this.#libc.close(this.#wakeFd);
    this.#onRelease();
    this.#allSettled?.();
  }
}
