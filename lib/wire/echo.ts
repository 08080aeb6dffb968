/**
 * The echo loop: the peer every round-trip measurement and every echo child
 * or Worker runs. It lives beside {@linkcode MessageDuplex} because it needs
 * nothing else, so transports' children use it without importing the bench.
 *
 * @module
 */

import type { MessageDuplex } from "./duplex.ts";

/**
 * Echoes every message back until the peer closes; returns how many it echoed.
 *
 * @example
 * ```ts
 * import { echoUntilClosed } from "./echo.ts";
 * import { memoryDuplexPair } from "./memory.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const [a, b] = memoryDuplexPair();
 * const echoed = echoUntilClosed(b);
 * await a.send(new Uint8Array([9]));
 * assertEquals([...(await a.receive())!], [9]);
 * await a.close();
 * assertEquals(await echoed, 1);
 * await b.close();
 * ```
 */
export async function echoUntilClosed(duplex: MessageDuplex): Promise<number> {
  let count = 0;
  while (true) {
    const message = await duplex.receive();
    if (message === null) return count;
    await duplex.send(message);
    count++;
  }
}
