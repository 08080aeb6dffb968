/**
 * Where the code runs: inside the Deno Jupyter kernel or not. Transports ask
 * (a Worker torn down inside the kernel needs a moment), and so does the
 * notebook toolkit; it lives here so neither imports the other.
 *
 * @module
 */

/**
 * Whether this code runs inside the Deno Jupyter kernel.
 *
 * `Deno.jupyter` exists only under `deno jupyter`; elsewhere reading it throws.
 *
 * @example Outside the kernel
 * ```ts
 * import { inKernel } from "./kernel.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(inKernel(), false);
 * ```
 */
export function inKernel(): boolean {
  try {
    return typeof Deno.jupyter?.display === "function";
  } catch {
    return false;
  }
}
