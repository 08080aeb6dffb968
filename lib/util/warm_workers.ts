/**
 * Workers that start without waiting, inside the Jupyter kernel.
 *
 * Why this exists: in `deno jupyter` every new Worker sits ~500 ms before its
 * first line runs. The kernel evaluates cells through an in-process inspector
 * session, and Deno (2.9.6, `runtime/ops/worker_host.rs`) makes a Worker
 * whose parent has an active inspector session wait twice for a debugger
 * front end that never comes: up to 500 ms before its first line runs
 * (`wait_for_page_wait_for_debugger`, `PAGE_WAIT_GRACE_PERIOD` in
 * `libs/core/inspector.rs`) and up to 500 ms more before it handles its
 * first message (`op_worker_maybe_wait_for_debugger`,
 * `wait_for_debugger_enabled_for_worker_message`). A Worker that answers
 * one message costs ~1 s. Under `deno run` there is no session and no wait
 * (README, "Known issues").
 *
 * The kit's way around it: when lib is first imported in a kernel, a few
 * Workers are started in the background on a small trampoline module
 * (`workers/trampoline.ts`) and sent one message, so both waits are spent
 * ahead of time; {@linkcode startWorker} hands one out, tells it
 * which module to become, and starts a replacement. Outside the kernel, and
 * for Workers with options the trampoline can't honour, it is plain
 * `new Worker`. Notebook 01's creation-cost lesson measures a real
 * `new Worker` on purpose, and explains the difference.
 *
 * @module
 */

import { formatNumber } from "../notebook/number_format.ts";
import { inKernel } from "./kernel.ts";
import { TRAMPOLINE_PING, type TrampolineLoad } from "./workers/trampoline.ts";

const TRAMPOLINE = new URL("./workers/trampoline.ts", import.meta.url);

/** What {@linkcode startWorker} accepts: a module Worker, optionally named. */
export interface StartWorkerOptions {
  /** The Worker's name (`self.name` inside it). */
  name?: string;
}

/**
 * A set of pre-started Workers waiting to become a module.
 *
 * Real systems would size it from demand; a fixed size keeps it simple: a
 * notebook cell rarely starts more than a handful of Workers at once, and
 * the rest pay the start-up wait in parallel.
 */
export class WarmWorkerPool implements Disposable {
  #idle: Worker[] = [];
  #closed = false;
  /** How many Workers were handed out warm, and how many had to start cold. */
  readonly counts = { warm: 0, cold: 0 };

  /** @param size How many Workers to keep started ahead of time. */
  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 0 || size > 64) {
      throw new RangeError(
        `El tamaño del grupo de Workers debe ser un entero de 0 a 64, no ${
          formatNumber(size)
        }`,
      );
    }
    for (let i = 0; i < size; i++) this.#idle.push(this.#prestart());
  }

  /** Workers started and waiting right now. */
  get idle(): number {
    return this.#idle.length;
  }

  #prestart(): Worker {
    const worker = new Worker(TRAMPOLINE, { type: "module" });
    worker.postMessage(TRAMPOLINE_PING);
    return worker;
  }

  /**
   * A Worker running `entry`, as `new Worker(entry, { type: "module", name })`
   * would start it: warm when one is waiting (and a replacement starts), cold
   * otherwise.
   */
  start(entry: URL | string, options: StartWorkerOptions = {}): Worker {
    const warm = this.#closed ? undefined : this.#idle.shift();
    if (!warm) {
      this.counts.cold++;
      return new Worker(entry, { type: "module", name: options.name });
    }
    this.counts.warm++;
    const load: TrampolineLoad = {
      kitTrampolineLoad: String(entry),
      name: options.name,
    };
    warm.postMessage(load);
    this.#idle.push(this.#prestart());
    return warm;
  }

  /** Terminates the Workers still waiting; later starts are cold. */
  close(): void {
    this.#closed = true;
    for (const worker of this.#idle.splice(0)) worker.terminate();
  }

  /** Same as {@linkcode WarmWorkerPool.close}. */
  [Symbol.dispose](): void {
    this.close();
  }
}

let kernelPool: WarmWorkerPool | null = null;

/**
 * `KIT_WARM_WORKERS=0` turns the pool off (to measure what a cell costs
 * without it, as `deno task bench:curso` does).
 */
function warmPoolDisabled(): boolean {
  try {
    return Deno.env.get("KIT_WARM_WORKERS") === "0";
  } catch {
    return false; // no env permission: keep the default
  }
}

/** How many Workers the kernel keeps ready (a few per core, bounded). */
function kernelPoolSize(): number {
  return Math.min(8, Math.max(4, 2 * (navigator.hardwareConcurrency || 2)));
}

/**
 * Starts a module Worker running `entry`. Inside the Jupyter kernel it is
 * taken from a pool started ahead of time (see the module doc: Deno makes
 * every new Worker wait ~500 ms there); elsewhere it is `new Worker`.
 *
 * @example Outside the kernel it is a plain Worker
 * ```ts
 * import { startWorker } from "./warm_workers.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const source = "self.onmessage = (e) => self.postMessage(e.data * 2);";
 * const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
 * const worker = startWorker(url);
 * const reply = new Promise((resolve) => worker.onmessage = (e) => resolve(e.data));
 * worker.postMessage(21);
 * assertEquals(await reply, 42);
 * worker.terminate();
 * URL.revokeObjectURL(url);
 * ```
 */
export function startWorker(
  entry: URL | string,
  options: StartWorkerOptions = {},
): Worker {
  if (kernelPool === null && inKernel() && !warmPoolDisabled()) {
    kernelPool = new WarmWorkerPool(kernelPoolSize());
  }
  return kernelPool
    ? kernelPool.start(entry, options)
    : new Worker(entry, { type: "module", name: options.name });
}

/**
 * Starts the kernel's pool now (lib's surface calls it on import, so the
 * Workers are warm by the time a cell asks). Does nothing outside the kernel.
 *
 * @example Outside the kernel nothing starts
 * ```ts
 * import { warmUpWorkers } from "./warm_workers.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(warmUpWorkers(), 0);
 * ```
 */
export function warmUpWorkers(): number {
  if (!inKernel() || warmPoolDisabled()) return 0;
  kernelPool ??= new WarmWorkerPool(kernelPoolSize());
  return kernelPool.size;
}

// Started as soon as lib is imported in a kernel, so the Workers are warm by
// the time a cell asks for one; outside the kernel this does nothing.
warmUpWorkers();
