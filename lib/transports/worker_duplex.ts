/**
 * Starting a Worker and talking to it as a {@linkcode MessageDuplex}.
 *
 * The thread counterpart of a child process on a pipe: the parent gets a
 * duplex, the worker's entry file gets its own with
 * {@linkcode parentPortDuplex}. A crash in the worker (an uncaught error) is
 * not lost in the kernel's terminal: it rejects the parent's pending receive
 * with a {@linkcode WorkerCrashedError}. Like a child on a pipe, the parent
 * holds a {@linkcode SpawnedPeer}: `kill()` terminates the thread, `exited`
 * says when it is gone.
 *
 * @module
 */

import { inKernel } from "../util/kernel.ts";
import type { MessageDuplex } from "../wire/duplex.ts";
import { PortDuplex, portDuplex, type PortLike } from "./channel.ts";
import type { PeerExit, SpawnedPeer } from "./spawned_peer.ts";
import { startWorker } from "../util/warm_workers.ts";

export type { PeerExit, SpawnedPeer } from "./spawned_peer.ts";

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

/**
 * A Worker ended on an uncaught error: the thread is gone, and what it was
 * doing with it.
 *
 * @example
 * ```ts
 * import { WorkerCrashedError } from "./worker_duplex.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const error = new WorkerCrashedError("Uncaught Error: boom");
 * assertEquals(error.message, "El Worker falló: Uncaught Error: boom");
 * ```
 */
export class WorkerCrashedError extends Error {
  override name = "WorkerCrashedError";
  /** Builds the error from the Worker's error event message. */
  constructor(readonly detail: string) {
    super(`El Worker falló: ${detail}`);
  }
}

/**
 * A running Worker and the duplex that talks to it; it is its own duplex
 * (`duplex` is this same object). Closing it says goodbye and terminates the
 * thread.
 */
export class WorkerDuplex extends PortDuplex implements SpawnedPeer {
  /** The Worker itself. */
  readonly worker: Worker;
  /**
   * Settles when this side terminates the thread (close or kill) or when it
   * crashes. A Worker has no exit event, so one that stops by itself is seen
   * only through its goodbye on the duplex.
   */
  readonly exited: Promise<PeerExit>;
  #exit!: (exit: PeerExit) => void;
  #closing: Promise<void> | null = null;

  /** Prefer {@linkcode spawnWorkerDuplex}. */
  constructor(worker: Worker) {
    super(worker as unknown as PortLike, { onClose: () => worker.terminate() });
    this.worker = worker;
    this.exited = new Promise((resolve) => this.#exit = resolve);
    worker.addEventListener("error", (event) => {
      event.preventDefault();
      this.markPeerDead(new WorkerCrashedError(event.message));
      this.#terminate(false);
    });
  }

  /** This object, as the {@linkcode SpawnedPeer}'s channel. */
  get duplex(): MessageDuplex {
    return this;
  }

  /** Terminates the thread now: a waiting `receive()` resolves `null`. */
  kill(): void {
    this.markPeerDead();
    this.#terminate(false);
  }

  #terminate(success: boolean): void {
    this.worker.terminate();
    this.#exit({ success, code: null, signal: null });
  }

  /** Says goodbye and terminates the thread. Idempotent. */
  override close(): Promise<void> {
    this.#closing ??= super.close().then(() => {
      this.#terminate(true);
      return settleWorkerTeardown();
    });
    return this.#closing;
  }
}

/**
 * Starts `entry` as a module Worker; closing the duplex terminates it.
 *
 * @example An echo worker, then killed through its handle
 * ```ts
 * import { spawnWorkerDuplex } from "./worker_duplex.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using echo = spawnWorkerDuplex(
 *   new URL("./workers/echo_worker.ts", import.meta.url),
 * );
 * await echo.send(new Uint8Array([1, 2]));
 * assertEquals([...(await echo.receive())!], [1, 2]);
 * const pending = echo.receive();
 * echo.kill();
 * assertEquals(await pending, null);
 * assertEquals((await echo.exited).success, false);
 * ```
 */
export function spawnWorkerDuplex(entry: URL, name?: string): WorkerDuplex {
  if (!(entry instanceof URL)) {
    throw new TypeError(
      "La entrada del Worker debe ser una URL (resuélvela con import.meta.url)",
    );
  }
  return new WorkerDuplex(startWorker(entry, { name }));
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
    throw new TypeError("parentPortDuplex() solo funciona dentro de un Worker");
  }
  return portDuplex(self as unknown as PortLike);
}

/**
 * Starts the kit's echo Worker (it returns every message it receives);
 * closing the duplex says goodbye and terminates the thread.
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
export function spawnEchoWorker(): PortDuplex {
  return spawnWorkerDuplex(
    new URL("./workers/echo_worker.ts", import.meta.url),
    "eco",
  );
}
