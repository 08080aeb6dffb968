/**
 * How long a ring side spins before it sleeps, learned from how its waits
 * end. Pure bookkeeping (no clock, no memory): the ring view reports what
 * happened and asks for the next budget.
 *
 * @module
 */

/** Smallest budget: about what the C baseline's 2000 `pause` instructions last. */
export const MIN_SPIN_MS = 0.01;
/** Missed spins in a row before one longer spin tries again. */
const PROBE_AFTER_MISSES = 16;
/** Weight of the newest wait in the running estimate (1/8). */
const TYPICAL_WEIGHT = 1 / 8;

/**
 * A spin budget that adapts to two very different reasons for a spin to run
 * out. The peer may be busy for a while (copying a large message: a longer
 * spin would catch it), or it may not be running at all (its core is taken,
 * so it runs only once this thread sleeps: spinning just delays it). A side
 * cannot tell the two apart from one wait, so every miss halves the budget
 * (a thread that is stealing its peer's core backs off fast), and after
 * {@linkcode PROBE_AFTER_MISSES} misses in a row one spin tries twice the
 * typical wait: if that catches the message, the longer budget stays. Large
 * messages therefore cannot talk the spin down for good, and a crowded
 * machine pays for one long spin in sixteen waits at most.
 *
 * @example Misses shrink the budget; a successful probe restores it
 * ```ts
 * import { SpinBudget } from "./wait_policy.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const budget = new SpinBudget(0.4);
 * assertEquals(budget.next(), 0.4);
 * for (let i = 0; i < 16; i++) {
 *   budget.next();
 *   budget.missed(0.3); // the message came 0.3 ms after the spin began
 * }
 * assertEquals(budget.next() > 0.2, true); // the probe: about 2 × 0.3 ms, capped
 * budget.caught();
 * assertEquals(budget.next(), 0.4); // the probe worked: keep spinning long
 * ```
 */
export class SpinBudget {
  /** The largest budget, in milliseconds (0: never spin). */
  readonly maxMs: number;
  #budgetMs: number;
  #typicalMs = 0;
  #misses = 0;
  #probeMs = 0; // budget of the spin under way if it is a probe, else 0

  constructor(maxMs: number) {
    if (!(maxMs >= 0) || !Number.isFinite(maxMs)) {
      throw new RangeError(
        `Spin budget must be a non-negative number of milliseconds, not ${maxMs}`,
      );
    }
    this.maxMs = maxMs;
    this.#budgetMs = maxMs;
  }

  /** The budget, in milliseconds, of a spin that starts now. */
  next(): number {
    if (this.#misses < PROBE_AFTER_MISSES) {
      this.#probeMs = 0;
      return this.#budgetMs;
    }
    this.#misses = 0;
    this.#probeMs = Math.min(
      this.maxMs,
      Math.max(this.#budgetMs, 2 * this.#typicalMs),
    );
    return this.#probeMs;
  }

  /** The spin saw the change it waited for. */
  caught(): void {
    if (this.#probeMs > 0) this.#budgetMs = this.#probeMs;
    this.#probeMs = 0;
    this.#misses = 0;
  }

  /**
   * The spin ran out and the side slept; `waitedMs` is the whole wait, from
   * the start of the spin to the wake-up.
   */
  missed(waitedMs: number): void {
    this.#probeMs = 0;
    this.#misses++;
    const waited = Math.min(waitedMs, 4 * this.maxMs);
    this.#typicalMs += (waited - this.#typicalMs) * TYPICAL_WEIGHT;
    this.#budgetMs = Math.min(
      this.maxMs,
      Math.max(MIN_SPIN_MS, this.#budgetMs / 2),
    );
  }
}
