/**
 * Run by attack_suite_test.ts in its own process (tests/own_process.ts): it
 * checks that the descriptors this process holds come back after a reset flood.
 */
import { assert, assertEquals } from "@std/assert";
import { delay } from "@std/async/delay";
import { probeEcho, resetFlood } from "../../lib/net/attack_clients.ts";
import { serveEcho } from "../../lib/net/echo.ts";

const fdCount = () => [...Deno.readDirSync("/proc/self/fd")].length;

Deno.test("reset flood (~150/s for 3 s): good clients are served, resets are the connections' loss", async () => {
  const fdsBefore = fdCount();
  const server = await serveEcho();
  const flood = resetFlood(server.port, { perSecond: 150, durationMs: 3_000 });
  const replies: (number | null)[] = [];
  for (let i = 0; i < 10; i++) {
    replies.push(await probeEcho(server.port, 10_000));
    await delay(250);
  }
  const { sent } = await flood;
  replies.push(await probeEcho(server.port, 10_000));
  const stats = server.stats();
  console.log(
    `  resets sent: ${sent}, lost before accept: ${stats.lostBeforeAccept}, by kind: ${
      JSON.stringify(stats.failuresByKind)
    }`,
  );
  assert(sent >= 100, `only ${sent} resets were sent`);
  assertEquals(replies.filter((r) => r === null).length, 0);
  assertEquals(stats.listenerErrors, 0);
  assertEquals(stats.listenerGaveUp, false);
  // Every reset is counted, as a lost accept or a failed connection.
  assert(stats.lostBeforeAccept + stats.accepted - replies.length >= sent - 1);
  const kinds = Object.values(stats.failuresByKind).reduce((a, b) => a + b, 0);
  assert(kinds >= stats.lostBeforeAccept, "lost accepts are counted by kind");
  await server.stop();
  assertEquals(fdCount(), fdsBefore, "descriptors back to the start");
});
