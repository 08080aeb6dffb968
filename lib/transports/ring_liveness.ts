/**
 * How one end of a shared-memory ring knows its peer thread still lives,
 * for both tiers (`ring.ts` here, `lib/fast/ring.ts`).
 *
 * A Worker that is terminated raises no flag and sends no event: its end of
 * the ring just stops moving, and a side waiting for it would wait for ever.
 * So each end keeps a **heartbeat word** in a small shared buffer next to the
 * rings: a timer bumps it every `beatMs`, and so does every slice of a wait
 * (a thread blocked in `Atomics.wait` runs no timers). A side that has to
 * wait looks at the peer's word in each slice; when it has not moved for
 * `peerSilenceMs` the peer is taken for dead and the wait fails with
 * {@linkcode RingPeerLostError}. The bound is written in the buffer by its
 * creator, so both ends use the same one.
 *
 * A peer that never beat (not started yet) is not judged: start-up has its
 * own bound. A thread busy in one long synchronous computation does not beat
 * either, so the bound must exceed the longest such stretch.
 *
 * @module
 */

const [BEAT_A, BEAT_B, SILENCE_MS] = [0, 1, 2];
/** Default `peerSilenceMs`: a generous bound, far above a GC pause. */
export const DEFAULT_PEER_SILENCE_MS = 5_000;

/** The peer thread of a ring is gone: silent past the bound, or crashed. */
export class RingPeerLostError extends Error {
  override name = "RingPeerLostError";
  /** `silence`: its heartbeat stopped for `silenceMs`; `crash`: its Worker failed (`detail`). */
  constructor(
    readonly reason: "silence" | "crash",
    readonly silenceMs: number,
    readonly detail = "",
  ) {
    super(
      reason === "silence"
        ? `El otro extremo del anillo no da señales de vida hace ${silenceMs} ms: se da por muerto`
        : `El Worker del otro extremo del anillo falló: ${detail}`,
    );
  }
}

/**
 * The heartbeat buffer of a ring channel, with the silence bound stored in it.
 *
 * @example The bound travels with the buffer
 * ```ts
 * import { createLivenessBuffer } from "./ring_liveness.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 *
 * assertEquals(new Int32Array(createLivenessBuffer(800))[2], 800);
 * assertThrows(() => createLivenessBuffer(10), RangeError);
 * ```
 */
export function createLivenessBuffer(
  peerSilenceMs = DEFAULT_PEER_SILENCE_MS,
): SharedArrayBuffer {
  if (!Number.isInteger(peerSilenceMs) || peerSilenceMs < 100) {
    throw new RangeError(
      `peerSilenceMs debe ser un entero >= 100, no ${peerSilenceMs}`,
    );
  }
  const buffer = new SharedArrayBuffer(12);
  new Int32Array(buffer)[SILENCE_MS] = peerSilenceMs;
  return buffer;
}

/**
 * One end's heartbeat and its watch on the peer's. Without a buffer (rings
 * built by hand) it does nothing but record a failure it is told of.
 *
 * @example A peer that stops beating is lost; one that beats is not
 * ```ts
 * import { createLivenessBuffer, Liveness, RingPeerLostError } from "./ring_liveness.ts";
 * import { assertThrows } from "@std/assert";
 *
 * const buffer = createLivenessBuffer(100);
 * using a = new Liveness(buffer, "a");
 * using b = new Liveness(buffer, "b");
 * a.check(); // b has beaten: the clock starts at b's word as seen now
 * b[Symbol.dispose](); // b's timer stops: b is silent from now on
 * await new Promise((r) => setTimeout(r, 150));
 * assertThrows(() => a.check(), RingPeerLostError);
 * assertThrows(() => a.check(), RingPeerLostError); // for good
 * ```
 */
export class Liveness implements Disposable {
  #cells: Int32Array | null;
  #own: number;
  #peer: number;
  #timer: ReturnType<typeof setInterval> | undefined;
  #seen = 0;
  #seenAt = 0;
  /** Set once the peer is known lost; every later wait throws it. */
  failure: Error | null = null;

  /** Starts beating for `side` in `buffer` (nothing, without a buffer). */
  constructor(buffer: SharedArrayBuffer | undefined, side: "a" | "b") {
    this.#cells = buffer ? new Int32Array(buffer) : null;
    [this.#own, this.#peer] = side === "a"
      ? [BEAT_A, BEAT_B]
      : [BEAT_B, BEAT_A];
    if (!this.#cells) return;
    this.beat();
    const beatMs = Math.max(10, Math.floor(this.#cells[SILENCE_MS] / 10));
    const timer = setInterval(() => this.beat(), beatMs);
    Deno.unrefTimer(timer); // a heartbeat must not keep a program alive
    this.#timer = timer;
  }

  /** Says "alive" once more. */
  beat(): void {
    if (this.#cells) Atomics.add(this.#cells, this.#own, 1);
  }

  /**
   * Beats, then throws the failure if the peer is known lost or its word
   * has not moved for the bound. Call it in every slice of a wait.
   */
  check(): void {
    this.beat();
    if (this.failure) throw this.failure;
    if (!this.#cells) return;
    const now = performance.now();
    const peer = Atomics.load(this.#cells, this.#peer);
    if (peer === 0) return; // not started yet
    if (peer !== this.#seen || this.#seenAt === 0) {
      [this.#seen, this.#seenAt] = [peer, now];
      return;
    }
    const bound = this.#cells[SILENCE_MS];
    if (now - this.#seenAt > bound) {
      throw this.failure = new RingPeerLostError("silence", bound);
    }
  }

  /** Records that the peer is gone for `error`; only the first one is kept. */
  fail(error: Error): void {
    this.failure ??= error;
  }

  /** Stops this end's heartbeat timer. */
  [Symbol.dispose](): void {
    clearInterval(this.#timer);
  }
}
