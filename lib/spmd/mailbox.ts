/**
 * MPI message matching, as a pure data structure: arrived-but-unmatched
 * messages and posted-but-unsatisfied receives. Kept separate from any
 * transport so the ordering rules are tested on plain values.
 *
 * @module
 */

import { SpmdClosedError, SpmdTimeoutError } from "./errors.ts";
import { formatNumber } from "../notebook/number_format.ts";

/** Wildcard value shared with the communicator (MPI_ANY_SOURCE/ANY_TAG). */
const ANY = -1;

/** One delivered message with its envelope. */
export interface Envelope<T> {
  source: number;
  tag: number;
  data: T;
}

interface PostedReceive<T> {
  source: number;
  tag: number;
  resolve: (envelope: Envelope<T>) => void;
  reject: (error: Error) => void;
  timer?: ReturnType<typeof setTimeout>;
}

function matches(
  wantSource: number,
  wantTag: number,
  source: number,
  tag: number,
): boolean {
  return (wantSource === ANY || wantSource === source) &&
    (wantTag === ANY || wantTag === tag);
}

/**
 * Matches incoming messages to receives the way MPI does: a receive takes the
 * earliest-arrived message that fits its (source, tag) — wildcards allowed —
 * and an arriving message goes to the earliest-posted receive that fits.
 * Because a transport delivers one sender's messages in order, this keeps
 * MPI's non-overtaking rule per (sender, tag).
 *
 * @example Wildcards and order
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { Mailbox } from "./mailbox.ts";
 *
 * const box = new Mailbox<string>();
 * box.deliver({ source: 1, tag: 5, data: "a" });
 * box.deliver({ source: 2, tag: 7, data: "b" });
 * assertEquals((await box.take(2, -1, 100)).data, "b");
 * assertEquals((await box.take(-1, -1, 100)).data, "a");
 * box.close();
 * ```
 */
export class Mailbox<T> {
  #unexpected: Envelope<T>[] = [];
  #posted: PostedReceive<T>[] = [];
  #closed: Error | null = null;

  /** Messages that arrived and no receive has taken yet. */
  get pendingMessages(): number {
    return this.#unexpected.length;
  }

  /** Receives posted and still waiting. */
  get pendingReceives(): number {
    return this.#posted.length;
  }

  /** Hands an arrived message to the earliest matching receive, or queues it. */
  deliver(envelope: Envelope<T>): void {
    if (this.#closed) return;
    const index = this.#posted.findIndex((p) =>
      matches(p.source, p.tag, envelope.source, envelope.tag)
    );
    if (index < 0) {
      this.#unexpected.push(envelope);
      return;
    }
    const [receive] = this.#posted.splice(index, 1);
    clearTimeout(receive.timer);
    receive.resolve(envelope);
  }

  /**
   * Takes the earliest message matching `source`/`tag` (-1 = any), waiting
   * at most `timeoutMs` (Infinity = no bound; the caller then owns the bound).
   */
  take(source: number, tag: number, timeoutMs: number): Promise<Envelope<T>> {
    if (this.#closed) return Promise.reject(this.#closed);
    const index = this.#unexpected.findIndex((e) =>
      matches(source, tag, e.source, e.tag)
    );
    if (index >= 0) {
      return Promise.resolve(this.#unexpected.splice(index, 1)[0]);
    }
    return new Promise((resolve, reject) => {
      const receive: PostedReceive<T> = { source, tag, resolve, reject };
      if (Number.isFinite(timeoutMs)) {
        receive.timer = setTimeout(() => {
          this.#posted = this.#posted.filter((p) => p !== receive);
          reject(
            new SpmdTimeoutError(
              `Se agotó el plazo de ${
                formatNumber(timeoutMs)
              } ms al recibir (origen ${describe(source)}, etiqueta ${
                describe(tag)
              })`,
              timeoutMs,
              `un mensaje del rank ${describe(source)}`,
            ),
          );
        }, timeoutMs);
      }
      this.#posted.push(receive);
    });
  }

  /**
   * Returns a message a receive took but could not accept (e.g. it did not
   * fit the caller's buffer): it becomes the earliest again, so nothing is
   * lost and the order of messages between two ranks is kept.
   */
  putBack(envelope: Envelope<T>): void {
    if (this.#closed) return;
    const index = this.#posted.findIndex((p) =>
      matches(p.source, p.tag, envelope.source, envelope.tag)
    );
    if (index < 0) {
      this.#unexpected.unshift(envelope);
      return;
    }
    const [receive] = this.#posted.splice(index, 1);
    clearTimeout(receive.timer);
    receive.resolve(envelope);
  }

  /** Fails every waiting receive (and later ones) with `error`. */
  close(
    error: Error = new SpmdClosedError("El comunicador ya está cerrado"),
  ): void {
    if (this.#closed) return;
    this.#closed = error;
    for (const receive of this.#posted) {
      clearTimeout(receive.timer);
      receive.reject(error);
    }
    this.#posted = [];
    this.#unexpected = [];
  }
}

function describe(value: number): string {
  return value === ANY ? "any" : String(value);
}
