/**
 * Where the kit's child programs live, resolved from this module (a
 * notebook cell has no `import.meta` to resolve them itself).
 *
 * @module
 */

/**
 * The entry URL of one of the kit's child programs that speak frames over
 * stdio (`echo`, `upper`, `task`), for `spawnDenoChild`.
 *
 * @example
 * ```ts
 * import { pipeChildEntry } from "./pipe_children.ts";
 * import { assert } from "@std/assert";
 *
 * assert(pipeChildEntry("upper").pathname.endsWith("/children/upper_child.ts"));
 * ```
 */
export function pipeChildEntry(name: "echo" | "upper" | "task"): URL {
  if (!["echo", "upper", "task"].includes(name)) {
    throw new TypeError(`Programa hijo desconocido: ${String(name)}`);
  }
  return new URL(`./children/${name}_child.ts`, import.meta.url);
}
