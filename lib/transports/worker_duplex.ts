/**
 * Starting a Worker and talking to it as a {@linkcode MessageDuplex}.
 *
 * The thread counterpart of a child process on a pipe: the parent gets a
 * duplex, the worker's entry file gets its own with
 * {@linkcode parentPortDuplex}. A crash in the worker (an uncaught error) is
 * not lost in the kernel's terminal: it rejects the parent's pending receive.
 *
 * @module
 */

import { inKernel } from "../util/kernel.ts";
import { PortDuplex, portDuplex, type PortLike } from "./channel.ts";

/**
 * Waits for terminated Workers to finish tearing down, only inside the
 * Jupyter kernel: there, output displayed while a Worker's runtime is being
 * torn down is sometimes lost (observed with Deno 2.9 under nbclient), so a
 * cell that just closed Workers pauses briefly before showing its results.
 * Outside the kernel it returns at once.
 *
 * @example Instant outside a notebook
 * ```ts
 * import { settleWorkerTeardown } from "./worker_duplex.ts";
 * import { assert } from "@std/assert";
 *
 * const start = performance.now();
 * await settleWorkerTeardown();
 * assert(performance.now() - start < 100);
 * ```
 */
export async function settleWorkerTeardown(ms = 300): Promise<void> {
  if (inKernel()) await new Promise((resolve) => setTimeout(resolve, ms));
}

/** A running Worker and the duplex that talks to it. */
export interface WorkerDuplex extends PortDuplex {
  /** The Worker itself (for `terminate()` in demonstrations of peer death). */
  readonly worker: Worker;
}

/**
 * Starts `entry` as a module Worker; closing the duplex terminates it.
 *
 * @example An echo worker (entry file resolved from the lib module)
 * ```ts
 * import { spawnWorkerDuplex } from "./worker_duplex.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using echo = spawnWorkerDuplex(
 *   new URL("./workers/echo_worker.ts", import.meta.url),
 * );
 * await echo.send(new Uint8Array([1, 2]));
 * assertEquals([...(await echo.receive())!], [1, 2]);
 * ```
 */
export function spawnWorkerDuplex(entry: URL, name?: string): WorkerDuplex {
  if (!(entry instanceof URL)) {
    throw new TypeError(
      "Worker entry must be a URL (resolve it with import.meta.url)",
    );
  }
  const worker = new Worker(entry, { type: "module", name });
  const duplex = portDuplex(worker as unknown as PortLike, {
    onClose: () => worker.terminate(),
  }) as WorkerDuplex;
  Object.defineProperty(duplex, "worker", { value: worker });
  const closePort = duplex.close.bind(duplex);
  let closing: Promise<void> | null = null;
  duplex.close = () =>
    closing ??= closePort().then(() => settleWorkerTeardown());
  worker.addEventListener("error", (event) => {
    event.preventDefault();
    duplex.markPeerDead(new Error(`Worker failed: ${event.message}`));
  });
  return duplex;
}

/**
 * Inside a Worker: the duplex towards the thread that started it.
 *
 * @example Only meaningful inside a Worker
 * ```ts
 * import { parentPortDuplex } from "./worker_duplex.ts";
 * import { assertThrows } from "@std/assert";
 *
 * // On the main thread there is no parent to talk to.
 * if (!("WorkerGlobalScope" in globalThis)) {
 *   assertThrows(() => parentPortDuplex(), TypeError);
 * }
 * ```
 */
export function parentPortDuplex(): PortDuplex {
  if (!("WorkerGlobalScope" in globalThis)) {
    throw new TypeError("parentPortDuplex() only works inside a Worker");
  }
  return portDuplex(self as unknown as PortLike);
}

/**
 * Starts the kit's echo Worker (it returns every message it receives).
 *
 * @example
 * ```ts
 * import { spawnEchoWorker } from "./worker_duplex.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using echo = spawnEchoWorker();
 * await echo.send(new Uint8Array([9]));
 * assertEquals([...(await echo.receive())!], [9]);
 * ```
 */
export function spawnEchoWorker(): WorkerDuplex {
  return spawnWorkerDuplex(
    new URL("./workers/echo_worker.ts", import.meta.url),
    "eco",
  );
}
