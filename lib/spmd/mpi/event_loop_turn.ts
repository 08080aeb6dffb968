/**
 * A cheap way for a polling loop to give the event loop one turn.
 *
 * @module
 */

/**
 * Lets a busy wait yield to the event loop (timers, I/O, worker messages)
 * and resume within tens of microseconds. It exists because
 * `setTimeout(resolve, 0)` in Deno costs a millisecond or more per turn —
 * enough to stall an MPI transfer that needs this rank to keep polling —
 * while a message posted to oneself on a MessageChannel comes back on the
 * next turn of the loop. The channel is open only while some wait uses it
 * (`acquire`/`release`), so an idle rank holds no resource and its process
 * can end.
 *
 * @example Two waits share one channel, which closes when both release it
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { EventLoopTurns } from "./event_loop_turn.ts";
 *
 * const turns = new EventLoopTurns();
 * turns.acquire();
 * turns.acquire();
 * let timerRan = false;
 * setTimeout(() => (timerRan = true), 0);
 * for (let i = 0; i < 1000 && !timerRan; i++) await turns.next();
 * assertEquals(timerRan, true);
 * turns.release();
 * assertEquals(turns.open, true);
 * turns.release();
 * assertEquals(turns.open, false);
 * ```
 */
export class EventLoopTurns {
  #channel: MessageChannel | null = null;
  #users = 0;
  readonly #waiting: (() => void)[] = [];

  /** Whether the channel is open (some wait holds it). */
  get open(): boolean {
    return this.#channel !== null;
  }

  /** Marks one more wait that will call {@linkcode EventLoopTurns.next}. */
  acquire(): void {
    if (this.#users++ > 0) return;
    const channel = new MessageChannel();
    channel.port1.onmessage = () => this.#waiting.shift()?.();
    this.#channel = channel;
  }

  /** Ends one wait's use; the last one closes the channel. */
  release(): void {
    if (this.#users === 0) {
      throw new RangeError(
        "EventLoopTurns liberó más veces de las que adquirió",
      );
    }
    if (--this.#users > 0) return;
    this.#channel?.port1.close();
    this.#channel?.port2.close();
    this.#channel = null;
    // A closed port delivers nothing more: wake anyone still parked.
    for (const wake of this.#waiting.splice(0)) wake();
  }

  /** Resolves on a later turn of the event loop (needs `acquire` first). */
  next(): Promise<void> {
    const channel = this.#channel;
    if (!channel) {
      return Promise.reject(
        new RangeError("EventLoopTurns.next se llamó sin acquire"),
      );
    }
    return new Promise((resolve) => {
      this.#waiting.push(resolve);
      channel.port2.postMessage(0);
    });
  }
}
