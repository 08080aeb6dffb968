/**
 * The fast tier's one rule for waiting: spin for a budget, then sleep; and
 * how each wait's outcome changes the next budget. Pure bookkeeping (no
 * clock, no memory): a caller times its own wait and reports how it ended.
 * The shared-memory ring (`ring_view.ts`), the busy-poll sockets
 * (`busy_poll_socket.ts`) and the MPI runtime (`spmd/mpi/runtime.ts`) all
 * wait through a {@linkcode WaitPolicy}; they differ only in the tuned
 * numbers below.
 *
 * @module
 */

/** The numbers that tune a {@linkcode WaitPolicy}. */
export interface WaitPolicyOptions {
  /** Largest spin budget, in ms (0: never spin, sleep at once). */
  maxSpinMs: number;
  /**
   * Smallest budget that misses shrink it to, in ms (default
   * {@linkcode MIN_SPIN_MS}; clamped to `maxSpinMs`). Equal to `maxSpinMs`,
   * the budget is fixed: misses never shrink it.
   */
  minSpinMs?: number;
  /** Missed spins in a row before one longer spin probes (default 16). */
  probeAfterMisses?: number;
  /** Longest spin without yielding to the event loop, in ms (default: never yield). */
  yieldEveryMs?: number;
  /** Longest single sleep before re-checking, in ms (default 50). */
  sleepSliceMs?: number;
  /**
   * Spin after each sleep slice, in ms (default 0). Only for a wait that has
   * no event to sleep on and must keep polling to make progress.
   */
  wakeSpinMs?: number;
}

/** Default floor of a budget: about what the C baseline's 2000 `pause` instructions last. */
export const MIN_SPIN_MS = 0.01;

/**
 * The ring between two threads. A message usually lands within microseconds,
 * a 1 MiB one within a few hundred: 0.5 ms catches both. It sleeps on the
 * counter itself (`Atomics.wait`), so sleeping is cheap and slices are long.
 */
export const RING_WAIT: Readonly<WaitPolicyOptions> = {
  maxSpinMs: 0.5,
  sleepSliceMs: 50,
};

/**
 * Busy-poll sockets. Each attempt is a system call (`recv`), so a shorter
 * budget costs as many attempts as the ring's longer one; a spin round
 * yields every time (`yieldEveryMs: 0`), to queued microtasks and to the
 * kernel, because the peer may share this core. It sleeps in `poll` on a
 * helper thread, whose 100 ms slices only bound how late a close is seen.
 */
export const BUSY_POLL_WAIT: Readonly<WaitPolicyOptions> = {
  maxSpinMs: 0.2,
  minSpinMs: 0.005,
  yieldEveryMs: 0,
  sleepSliceMs: 100,
};

/**
 * MPI ranks. A fixed 100 ms budget (min = max), because progress of a
 * rendezvous transfer needs this rank to keep calling `MPI_Test`: a budget
 * that shrank after a long wait would leave the next transfer crawling
 * through sleeps. The spin yields an event-loop turn every millisecond so
 * timers and I/O keep running. There is no event to sleep on: a cold wait
 * sleeps 1 ms, then polls for 0.5 ms, so it does not hog a core.
 */
export const MPI_WAIT: Readonly<WaitPolicyOptions> = {
  maxSpinMs: 100,
  minSpinMs: 100,
  yieldEveryMs: 1,
  sleepSliceMs: 1,
  wakeSpinMs: 0.5,
};

/**
 * A spin budget that adapts to two very different reasons for a spin to run
 * out. The peer may be busy for a while (copying a large message: a longer
 * spin would catch it), or it may not be running at all (its core is taken,
 * so it runs only once this thread sleeps: spinning just delays it). One wait
 * cannot tell the two apart, so every miss halves the budget (a thread that
 * steals its peer's core backs off fast), and after `probeAfterMisses`
 * misses in a row one spin tries twice the typical wait: if that catches the
 * change, the longer budget stays. Large messages therefore cannot talk the
 * spin down for good, and a crowded machine pays for one long spin in
 * sixteen waits at most.
 *
 * Use: `next()` before a wait's spin; then `caught()` if the spin saw the
 * change, or `missed(ms)` after the sleep that followed.
 *
 * @example Misses shrink the budget; a successful probe restores it
 * ```ts
 * import { RING_WAIT, WaitPolicy } from "./wait_policy.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const policy = new WaitPolicy(RING_WAIT);
 * assertEquals(policy.next(), 0.5);
 * for (let i = 0; i < 16; i++) {
 *   policy.next();
 *   policy.missed(0.2); // the change came 0.2 ms after the spin began
 * }
 * assertEquals(policy.next() > 0.2, true); // the probe: about 2 × 0.2 ms
 * policy.caught();
 * assertEquals(policy.next() > 0.2, true); // the probe worked: it stays
 * ```
 */
export class WaitPolicy {
  readonly maxSpinMs: number;
  readonly minSpinMs: number;
  readonly probeAfterMisses: number;
  readonly yieldEveryMs: number;
  readonly sleepSliceMs: number;
  readonly wakeSpinMs: number;
  #budgetMs: number;
  #typicalMs = 0;
  #misses = 0;
  #probeMs = 0; // budget of the spin under way if it is a probe, else 0

  constructor(options: WaitPolicyOptions) {
    const { maxSpinMs } = options;
    for (const [name, value] of Object.entries(options)) {
      if (value !== undefined && !(value >= 0)) {
        throw new RangeError(
          `La opción ${name} de la política de espera debe ser un número no negativo, no ${value}`,
        );
      }
    }
    if (!Number.isFinite(maxSpinMs)) {
      throw new RangeError(
        `El presupuesto de espera activa debe ser un número finito de milisegundos, no ${maxSpinMs}`,
      );
    }
    this.maxSpinMs = maxSpinMs;
    this.minSpinMs = Math.min(maxSpinMs, options.minSpinMs ?? MIN_SPIN_MS);
    this.probeAfterMisses = options.probeAfterMisses ?? 16;
    this.yieldEveryMs = options.yieldEveryMs ?? Infinity;
    this.sleepSliceMs = options.sleepSliceMs ?? 50;
    this.wakeSpinMs = options.wakeSpinMs ?? 0;
    this.#budgetMs = maxSpinMs;
  }

  /** The budget, in ms, of a spin that starts now (a probe every so often). */
  next(): number {
    if (this.#misses < this.probeAfterMisses) {
      this.#probeMs = 0;
      return this.#budgetMs;
    }
    this.#misses = 0;
    this.#probeMs = Math.min(
      this.maxSpinMs,
      Math.max(this.#budgetMs, 2 * this.#typicalMs),
    );
    return this.#probeMs;
  }

  /** The spin saw the change it waited for: a probe's budget is kept. */
  caught(): void {
    if (this.#probeMs > 0) this.#budgetMs = this.#probeMs;
    this.#probeMs = 0;
    this.#misses = 0;
  }

  /**
   * The spin ran out and the side slept; `waitedMs` is the whole wait, from
   * the start of the spin to the wake-up. Halves the budget (down to the
   * floor) and learns how long waits typically are.
   */
  missed(waitedMs: number): void {
    this.#probeMs = 0;
    this.#misses++;
    const waited = Math.min(waitedMs, 4 * this.maxSpinMs);
    this.#typicalMs += (waited - this.#typicalMs) / 8;
    this.#budgetMs = Math.max(this.minSpinMs, this.#budgetMs / 2);
  }
}
