/**
 * Worker threads shaped like the class's `threading.Thread(target, name,
 * args)`: `spawnThread(target, {name, args})` starts a Worker running
 * `target`, `join` resolves with what it returned, and an error thrown
 * inside surfaces in the parent as a {@linkcode ThreadFailedError} carrying
 * the thread's name and stack.
 *
 * Where Deno differs from the class: each Worker is a separate JavaScript
 * isolate with its own heap. Only what is passed explicitly (messages, or a
 * SharedArrayBuffer) is shared, so `target` cannot use variables captured
 * from the cell — it is sent as source text. And an uncaught error inside a
 * Worker is an *event* in the parent: the kit handles it (preventDefault), so
 * a failing thread does not take the parent process down.
 *
 * @module
 */

import { ThreadFailedError, ThreadTerminatedError } from "./errors.ts";
import { withJoinTimeout } from "./timing.ts";
import { startWorker } from "../util/warm_workers.ts";
import type {
  ThreadContext,
  ThreadMessage,
  ThreadStart,
} from "./thread_protocol.ts";

export type { ThreadContext, ThreadTarget } from "./thread_protocol.ts";

/** Options of {@linkcode spawnModuleThread}. */
export interface ThreadOptions<A extends unknown[]> {
  /** The thread's name (Python's `name=`); shown in errors. */
  name: string;
  /** Arguments after the context (Python's `args=`); structured-cloned. */
  args: A;
}

/** Why it exists: a running thread and the operations the class uses on it. */
export class ThreadHandle<R> implements Disposable {
  /** Lines the thread sent with `context.log`, in order. */
  readonly logs: string[] = [];
  #worker: Worker;
  #state: "running" | "returned" | "failed" | "terminated" = "running";
  readonly #result: Promise<R>;

  #cleanup: (() => void) | null;
  #rejectResult: (error: Error) => void = () => {};

  /**
   * Starts a Worker on `entry` and sends it `{name, args}`; use
   * {@linkcode spawnThread} rather than calling this.
   *
   * @param name The thread's name (the Worker's name too).
   * @param entry The module the Worker runs (it calls `serveThread`).
   * @param args The arguments after the context, structured-cloned.
   * @param cleanup Called once the thread has stopped (frees a blob URL).
   */
  constructor(
    /** The thread's name (Python's `name=`). */
    readonly name: string,
    entry: URL | string,
    args: unknown[],
    cleanup?: () => void,
  ) {
    this.#cleanup = cleanup ?? null;
    // Warm inside the Jupyter kernel, where a new Worker waits ~1 s.
    this.#worker = startWorker(entry, { name });
    this.#result = new Promise<R>((resolve, reject) => {
      this.#rejectResult = reject;
      const finish = (state: "returned" | "failed") => {
        this.#state = state;
        this.#stop();
      };
      this.#worker.onmessage = (event: MessageEvent<ThreadMessage>) => {
        const m = event.data;
        if (m.kind === "log") this.logs.push(m.text);
        else if (m.kind === "done") {
          finish("returned");
          resolve(m.value as R);
        } else {
          finish("failed");
          reject(new ThreadFailedError(name, m.name, m.message, m.stack));
        }
      };
      this.#worker.onerror = (event: ErrorEvent) => {
        // Handled here, so the parent process survives the thread's failure.
        event.preventDefault();
        finish("failed");
        reject(
          new ThreadFailedError(
            name,
            "Error",
            event.message,
            `    at ${event.filename}:${event.lineno}:${event.colno}`,
          ),
        );
      };
    });
    this.#result.catch(() => {}); // a thread nobody joins must not crash the parent
    this.#worker.postMessage({ name, args } satisfies ThreadStart);
  }

  /** True while the thread runs. */
  get alive(): boolean {
    return this.#state === "running";
  }

  /** How it ended so far: running, returned, failed or terminated. */
  get state(): string {
    return this.#state;
  }

  /**
   * Waits for the thread (bounded): resolves with its return value, rejects
   * with ThreadFailedError if it threw, ThreadTerminatedError if it was
   * stopped, JoinTimeoutError if the bound passed.
   */
  join(timeoutMs = 10_000): Promise<R> {
    return withJoinTimeout(this.#result, timeoutMs, `el hilo «${this.name}»`);
  }

  /** Stops the thread at once (a Worker can be stopped from outside; a Python thread cannot). */
  terminate(): void {
    if (this.#state === "running") {
      this.#state = "terminated";
      this.#rejectResult(new ThreadTerminatedError(this.name));
    }
    this.#stop();
  }

  #stop(): void {
    this.#worker.terminate();
    this.#cleanup?.();
    this.#cleanup = null;
  }

  /** Stops the thread if it still runs. */
  [Symbol.dispose](): void {
    this.terminate();
  }
}

const PROTOCOL_URL = new URL("./thread_protocol.ts", import.meta.url).href;

/**
 * Starts a thread running `target(context, ...args)`. `target` must be
 * self-contained (an arrow or function expression using only its
 * parameters and globals): it is sent to the Worker as source text.
 *
 * @example A named thread with arguments, joined
 * ```ts
 * import { spawnThread } from "./thread.ts";
 * import { assertEquals } from "@std/assert";
 *
 * using t = spawnThread((ctx, who: string, age: number) => {
 *   ctx.log("Hilo:", ctx.name);
 *   return `${who} (${age})`;
 * }, { name: "Boby Jackson", args: ["Shinichi Kudo", 17] });
 * assertEquals(await t.join(), "Shinichi Kudo (17)");
 * assertEquals(t.logs, ["Hilo: Boby Jackson"]);
 * ```
 */
export function spawnThread<A extends unknown[], R>(
  target: (context: ThreadContext, ...args: A) => R | Promise<R>,
  options: {
    /** The thread's name (Python's `name=`); shown in errors. */
    name: string;
    /** Arguments after the context (Python's `args=`); structured-cloned. */
    args: A;
  },
): ThreadHandle<Awaited<R>> {
  if (typeof target !== "function") {
    throw new TypeError("El target de un hilo debe ser una función");
  }
  const source = [
    `import { serveThread } from ${JSON.stringify(PROTOCOL_URL)};`,
    `serveThread((${target.toString()}));`,
  ].join("\n");
  const url = URL.createObjectURL(
    new Blob([source], { type: "application/javascript" }),
  );
  return new ThreadHandle<Awaited<R>>(
    options.name,
    url,
    options.args,
    () => URL.revokeObjectURL(url),
  );
}

/**
 * Starts a thread from a module that calls `serveThread(...)` (how the
 * kit's own workers are written: typed, linted files next to their lib).
 *
 * @example
 * ```ts
 * import { spawnModuleThread } from "./thread.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const entry = new URL("./busy_worker.ts", import.meta.url);
 * using t = spawnModuleThread<[number, number, null], { iterations: number }>(entry, {
 *   name: "ocupado",
 *   args: [1000, 1, null],
 * });
 * assertEquals((await t.join()).iterations, 1000);
 * ```
 */
export function spawnModuleThread<A extends unknown[], R>(
  module: URL,
  options: ThreadOptions<A>,
): ThreadHandle<R> {
  return new ThreadHandle<R>(options.name, module, options.args);
}
