/**
 * How a kit Worker hands its communicator to the program it imports.
 *
 * @module
 */

import type { Communicator } from "./communicator.ts";

/**
 * What the Worker entry leaves in a well-known global slot before importing
 * the program, so `runSpmd` (called at the program's top level) finds the
 * rank's communicator without the program knowing which backend runs it.
 */
export interface WorkerRankContext {
  comm: Communicator;
  args: string[];
  /** Set by runSpmd once it starts the program. */
  started: boolean;
  /** Set by runSpmd with the program's return value. */
  result?: unknown;
}

const SLOT = Symbol.for("ipc-kit.spmd.worker-rank");

/**
 * Installs the context of this Worker's rank (called by the Worker entry).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { clearWorkerRankContext, currentWorkerRankContext, setWorkerRankContext } from "./context.ts";
 * import type { Communicator } from "./communicator.ts";
 *
 * setWorkerRankContext({ comm: {} as Communicator, args: ["x"], started: false });
 * assertEquals(currentWorkerRankContext()?.args, ["x"]);
 * clearWorkerRankContext();
 * assertEquals(currentWorkerRankContext(), undefined);
 * ```
 */
export function setWorkerRankContext(context: WorkerRankContext): void {
  (globalThis as Record<symbol, unknown>)[SLOT] = context;
}

/**
 * The context installed in this thread, if it is a kit Worker rank.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { currentWorkerRankContext } from "./context.ts";
 *
 * assertEquals(currentWorkerRankContext(), undefined);
 * ```
 */
export function currentWorkerRankContext(): WorkerRankContext | undefined {
  return (globalThis as Record<symbol, unknown>)[SLOT] as
    | WorkerRankContext
    | undefined;
}

/**
 * Removes the context (tests).
 *
 * @example
 * ```ts
 * import { clearWorkerRankContext } from "./context.ts";
 *
 * clearWorkerRankContext();
 * ```
 */
export function clearWorkerRankContext(): void {
  delete (globalThis as Record<symbol, unknown>)[SLOT];
}
