/**
 * Typed errors of the SPMD communicator, shared by both backends.
 *
 * @module
 */

import { WaitTimeoutError } from "../util/deadline.ts";

/**
 * A wait of the communicator (a receive, a collective, a whole run) exceeded
 * its bound. It exists so callers can tell "the peer never answered" apart
 * from a protocol or program error, and so no SPMD wait can hang forever.
 * It is the SPMD area's member of the kit's timeout family (`instanceof
 * WaitTimeoutError`); its message is written by the caller, which knows
 * what was awaited.
 *
 * @example Recognising a timeout
 * ```ts
 * import { assert, assertEquals } from "@std/assert";
 * import { SpmdTimeoutError } from "./errors.ts";
 * import { WaitTimeoutError } from "../util/deadline.ts";
 *
 * const error = new SpmdTimeoutError(
 *   "Se agotó el plazo de 10 ms al recibir del rank 1",
 *   10,
 *   "una recepción del rank 1",
 * );
 * assert(error instanceof WaitTimeoutError);
 * assertEquals(error.name, "SpmdTimeoutError");
 * assertEquals([error.what, error.timeoutMs], ["una recepción del rank 1", 10]);
 * assertEquals(error.message, "Se agotó el plazo de 10 ms al recibir del rank 1");
 * ```
 */
export class SpmdTimeoutError extends WaitTimeoutError {
  /** Always `"SpmdTimeoutError"`. */
  override name = "SpmdTimeoutError";
  /**
   * Builds the error.
   *
   * @param message The full message (the caller names the wait and the bound).
   * @param timeoutMs The bound that passed, in ms (`NaN` when the caller
   *   did not say).
   * @param what What was awaited (default: "una espera SPMD").
   */
  constructor(
    message: string,
    timeoutMs = Number.NaN,
    what = "una espera SPMD",
  ) {
    super(what, timeoutMs, message);
  }
}

/**
 * One rank of a run failed; the run was stopped and this error carries the
 * rank and that rank's own message, so the notebook shows the real cause
 * instead of a generic "worker died".
 *
 * @example Reading the failing rank
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { SpmdRankError } from "./errors.ts";
 *
 * const error = new SpmdRankError(2, "boom");
 * assertEquals(error.rank, 2);
 * assertEquals(error.message, "El proceso de rank 2 falló: boom");
 * ```
 */
export class SpmdRankError extends Error {
  /** The rank whose program threw. */
  readonly rank: number;
  /** The rank's own error message. */
  readonly rankMessage: string;
  /**
   * Builds the error.
   *
   * @param rank The rank whose program threw.
   * @param rankMessage That error's message.
   * @param rankStack That error's stack, shown after this error's own line.
   */
  constructor(rank: number, rankMessage: string, rankStack?: string) {
    super(`El proceso de rank ${rank} falló: ${rankMessage}`);
    this.name = "SpmdRankError";
    this.rank = rank;
    this.rankMessage = rankMessage;
    if (rankStack) this.stack = `${this.name}: ${this.message}\n${rankStack}`;
  }
}

/**
 * The communicator was closed (the run ended or was aborted) while an
 * operation was still waiting; the waiting operation fails with this instead
 * of hanging.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { SpmdClosedError } from "./errors.ts";
 *
 * assert(new SpmdClosedError("Communicator closed") instanceof Error);
 * ```
 */
export class SpmdClosedError extends Error {
  /**
   * Builds the error.
   *
   * @param message Why the communicator was closed.
   */
  constructor(message: string) {
    super(message);
    this.name = "SpmdClosedError";
  }
}

/** The Spanish name of a rank's role in an error message. */
const RANK_ROLES: Record<string, string> = {
  dest: "Destino",
  destination: "Destino",
  source: "Origen",
  root: "Raíz",
  rank: "Rank",
};

/**
 * Checks that `rank` names a rank of a job of `size` ranks (or is the given
 * wildcard), throwing a RangeError with a clear message otherwise.
 *
 * @example
 * ```ts
 * import { assertThrows } from "@std/assert";
 * import { checkRank } from "./errors.ts";
 *
 * checkRank(1, 2, "dest");
 * assertThrows(() => checkRank(2, 2, "dest"), RangeError);
 * ```
 */
export function checkRank(
  rank: number,
  size: number,
  what: string,
  allowWildcard = false,
): void {
  if (allowWildcard && rank === -1) return;
  if (!Number.isInteger(rank) || rank < 0 || rank >= size) {
    throw new RangeError(
      `${
        RANK_ROLES[what] ?? what
      } inválido (${rank}): debe ser un rank entero entre 0 y ${size - 1}`,
    );
  }
}

/**
 * Checks a user tag: a non-negative 31-bit integer (or the wildcard).
 *
 * @example
 * ```ts
 * import { assertThrows } from "@std/assert";
 * import { checkTag } from "./errors.ts";
 *
 * checkTag(0);
 * assertThrows(() => checkTag(-5), RangeError);
 * ```
 */
export function checkTag(tag: number, allowWildcard = false): void {
  if (allowWildcard && tag === -1) return;
  if (!Number.isInteger(tag) || tag < 0 || tag > 32767) {
    throw new RangeError(
      `Etiqueta (tag) inválida (${tag}): debe ser un entero entre 0 y 32767`,
    );
  }
}
