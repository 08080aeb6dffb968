/**
 * The kit's echo server as a process of its own, for `attack_figures.ts`:
 * its memory and descriptors can then be read in `/proc/<pid>/` apart from
 * the attackers'. It prints `PUERTO <n>` once listening and stops when its
 * stdin closes (the parent ending it), so it never outlives the run.
 *
 * Usage: deno run --allow-net lib/bench/attack_server.ts
 *
 * @module
 */

import { serveEcho } from "../net/echo.ts";

if (import.meta.main) {
  const server = await serveEcho(); // the defaults: the defences as shipped
  console.log(`PUERTO ${server.port}`);
  // Blocks until the parent closes our stdin (or dies): then stop.
  for await (const _ of Deno.stdin.readable) { /* nothing is sent */ }
  await server.stop(200);
  const stats = server.stats();
  console.log(`ESTADISTICAS ${JSON.stringify(stats)}`);
}
