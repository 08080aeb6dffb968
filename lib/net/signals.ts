/**
 * Ctrl-C and SIGTERM for the terminal programs.
 *
 * A server started in a terminal must stop cleanly when the learner presses
 * Ctrl-C or a test sends SIGTERM: close the listener, finish or cut the open
 * connections, remove the socket file, exit 0. This turns the two signals
 * into one promise and removes its listeners afterwards, so nothing keeps the
 * process alive.
 *
 * @module
 */

/** The signals a terminal program treats as "stop cleanly". */
export const STOP_SIGNALS: readonly Deno.Signal[] = ["SIGINT", "SIGTERM"];

/**
 * Resolves with the first stop signal received, or when `abort` fires
 * (resolving `"abort"`). Listeners are removed either way.
 *
 * @example Aborting instead of signalling
 * ```ts
 * import { waitForStopSignal } from "./signals.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const controller = new AbortController();
 * const stopped = waitForStopSignal(controller.signal);
 * controller.abort();
 * assertEquals(await stopped, "abort");
 * ```
 */
export function waitForStopSignal(
  abort?: AbortSignal,
): Promise<Deno.Signal | "abort"> {
  return new Promise((resolve) => {
    const handlers = new Map<Deno.Signal, () => void>();
    const finish = (why: Deno.Signal | "abort") => {
      for (const [signal, handler] of handlers) {
        Deno.removeSignalListener(signal, handler);
      }
      handlers.clear();
      abort?.removeEventListener("abort", onAbort);
      resolve(why);
    };
    const onAbort = () => finish("abort");
    for (const signal of STOP_SIGNALS) {
      const handler = () => finish(signal);
      handlers.set(signal, handler);
      Deno.addSignalListener(signal, handler);
    }
    if (abort?.aborted) finish("abort");
    else abort?.addEventListener("abort", onAbort);
  });
}
