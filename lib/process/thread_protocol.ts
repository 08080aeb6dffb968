/**
 * The worker side of the kit's threads. A Worker has no `target(*args)` like
 * Python's `threading.Thread`: it runs a module and talks by messages. This
 * file is the small protocol that turns a function into a thread body: the
 * parent sends `{name, args}` once; the worker answers with `log` lines while
 * it runs and exactly one `done` (the return value) or `error` (name,
 * message and stack of what was thrown).
 *
 * @module
 */

/** What a thread body receives first: who it is and how to report. */
export interface ThreadContext {
  /** The thread's name (also `self.name` inside the worker). */
  readonly name: string;
  /** Sends a line to the parent (a worker's console goes elsewhere). */
  log(...parts: unknown[]): void;
}

/** A thread body: the `target` of Python's `Thread(target, args)`. */
export type ThreadTarget<A extends unknown[] = unknown[], R = unknown> = (
  context: ThreadContext,
  ...args: A
) => R | Promise<R>;

/** Why it exists: the messages of the protocol, shared by both sides. */
export type ThreadMessage =
  | { kind: "log"; text: string }
  | { kind: "done"; value: unknown }
  | { kind: "error"; name: string; message: string; stack: string };

/** The parent's first and only message to a thread. */
export interface ThreadStart {
  name: string;
  args: unknown[];
}

interface WorkerScope {
  postMessage(message: ThreadMessage): void;
  onmessage: ((event: MessageEvent<ThreadStart>) => void) | null;
}

/**
 * Formats what a thread logs: strings as they are, anything else inspected.
 *
 * @example
 * ```ts
 * import { formatLogParts } from "./thread_protocol.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(formatLogParts(["Edad:", 17]), "Edad: 17");
 * ```
 */
export function formatLogParts(parts: readonly unknown[]): string {
  return parts.map((p) =>
    typeof p === "string" ? p : Deno.inspect(p, { colors: false })
  ).join(" ");
}

/**
 * Runs `target` as this worker's body (call it from a worker module).
 * Outside a worker it does nothing useful; it is exercised through
 * `spawnThread` and `spawnModuleThread` in the tests.
 *
 * @example The protocol's message shapes
 * ```ts
 * import type { ThreadMessage } from "./thread_protocol.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const m: ThreadMessage = { kind: "done", value: 42 };
 * assertEquals(m.kind, "done");
 * ```
 */
export function serveThread<A extends unknown[], R>(
  target: ThreadTarget<A, R>,
): void {
  const scope = globalThis as unknown as WorkerScope;
  scope.onmessage = async (event) => {
    scope.onmessage = null;
    const { name, args } = event.data;
    const context: ThreadContext = {
      name,
      log: (...parts) =>
        scope.postMessage({ kind: "log", text: formatLogParts(parts) }),
    };
    try {
      const value = await target(context, ...(args as A));
      scope.postMessage({ kind: "done", value });
    } catch (thrown) {
      const error = thrown instanceof Error
        ? thrown
        : new Error(String(thrown));
      scope.postMessage({
        kind: "error",
        name: error.name,
        message: error.message,
        stack: error.stack ?? `${error.name}: ${error.message}`,
      });
    }
  };
}
