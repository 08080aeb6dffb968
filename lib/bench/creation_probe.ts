/**
 * Entry of a fresh `deno run` that times Worker creation and prints the
 * samples as JSON. A notebook kernel adds its own cost to every Worker it
 * starts; this probe measures the same thing in a plain Deno program, so
 * the reader sees both.
 *
 * Usage: creation_probe.ts <count>
 *
 * @module
 */

import { measureThreadCreation } from "./creation_cost.ts";

if (import.meta.main) {
  const count = Math.min(Math.max(Number(Deno.args[0]) || 20, 1), 1000);
  console.log(JSON.stringify(await measureThreadCreation({ count })));
}
