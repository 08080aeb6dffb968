/**
 * The rule that calls an exchange run deadlocked, and the row type every
 * part of notebook 07's exchange demo shares. A job is deadlocked only when
 * both ranks announced the exchange and then neither received for
 * {@linkcode DEADLOCK_AFTER_MS} (and, in the demo, {@linkcode DEADLOCK_FACTOR}
 * times the slowest exchange that finished beside it).
 *
 * @module
 */

/** How the exchange is written (see lib/programs/exchange.ts). */
export type ExchangeMode = "send-send" | "ordered" | "overlap";

/** One run of the exchange. */
export interface ExchangeRow {
  /** Where it ran. */
  backend: "workers" | "mpi";
  /** How the exchange is written. */
  mode: ExchangeMode;
  /** Bytes each rank sent. */
  bytes: number;
  /**
   * `finished`: both ranks received. `deadlocked`: both ranks started the
   * exchange and the job hit its bound without either receiving.
   * `not-started`: the bound came before both ranks reached the exchange
   * (a loaded machine), so nothing can be concluded. `failed`: any other end.
   */
  outcome: "finished" | "deadlocked" | "not-started" | "failed";
  /** Wall time of the whole run (start-up included), in ms. */
  ms: number;
  /**
   * Ms from both ranks announcing the exchange to the job's end (MPI rows
   * whose ranks both got there): the exchange plus tear-down, or how long a
   * deadlocked pair sat before it was stopped.
   */
  waitedMs?: number;
}

/**
 * The least time both ranks must sit in the exchange, after announcing it,
 * before a job can count as deadlocked.
 */
export const DEADLOCK_AFTER_MS = 2000;

/**
 * And at least this many times the slowest exchange that finished beside it.
 * The other MPI rows (the same 1 MiB written correctly, and the small
 * message) run at the same time, on the same machine in the same state, so
 * they measure how long an exchange that ends takes right now: on a loaded
 * 2-core machine (four jobs at once, the other core busy, other programs)
 * that was up to 1,4 s from both announcements to the last "recibió", on a
 * quiet one well under 0,5 s. A rendezvous that is deadlocked never ends.
 */
export const DEADLOCK_FACTOR = 5;

/**
 * How many ranks announced the exchange (a line with `: empieza `).
 *
 * @example Two announcements, in either order
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { startedCount } from "./exchange_rule.ts";
 *
 * assertEquals(startedCount("proceso 1: empieza (ordered)\nproceso 0: empieza (ordered)\n"), 2);
 * assertEquals(startedCount(""), 0);
 * ```
 */
export function startedCount(stdout: string): number {
  return (stdout.match(/: empieza /g) ?? []).length;
}

/**
 * How many ranks said they received (a line with `: recibió N bytes`).
 *
 * @example One rank received, the other did not
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { receivedCount } from "./exchange_rule.ts";
 *
 * assertEquals(receivedCount("proceso 0: recibió 1024 bytes\n"), 1);
 * ```
 */
export function receivedCount(stdout: string): number {
  return (stdout.match(/: recibió \d+ bytes/g) ?? []).length;
}

/**
 * Decides a run's outcome from what its ranks printed and how it ended.
 * `waitedMs` is how long the job ran after both ranks announced the
 * exchange; "deadlocked" needs at least `deadlockAfterMs` of it, so a job
 * cut short for any other reason is never called a deadlock.
 *
 * @example Both ranks stuck for the whole bound is a deadlock; less is not
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { classifyExchange } from "./exchange_rule.ts";
 *
 * const both = "proceso 0: empieza (send-send)\nproceso 1: empieza (send-send)\n";
 * const stop = { success: false, timedOut: false };
 * assertEquals(classifyExchange(both, { ...stop, waitedMs: 3000 }, 3000), "deadlocked");
 * assertEquals(classifyExchange(both, { ...stop, waitedMs: 10 }, 3000), "failed");
 * assertEquals(classifyExchange("", { success: false, timedOut: true }), "not-started");
 * ```
 */
export function classifyExchange(
  stdout: string,
  ended: { success: boolean; timedOut: boolean; waitedMs?: number },
  deadlockAfterMs: number = DEADLOCK_AFTER_MS,
): ExchangeRow["outcome"] {
  const started = startedCount(stdout);
  const received = receivedCount(stdout);
  if (ended.success && received === 2) return "finished";
  if (
    !ended.success && started === 2 && received === 0 &&
    (ended.waitedMs ?? 0) >= deadlockAfterMs
  ) {
    return "deadlocked";
  }
  if (ended.timedOut && started < 2) return "not-started";
  return "failed";
}
