/**
 * The busy-poll pipes and FIFOs (libc reads and writes on non-blocking
 * descriptors): the conformance suite over real OS pipes through two `cat`
 * relays and over two FIFOs with the spin forced on; a child that busy-polls
 * its own stdio; and the descriptors a busy-poll pipe owns are all closed.
 */

import { assertEquals, assertRejects } from "@std/assert";
import { testDuplexConformance, within } from "../duplex_conformance.ts";
import { fastFramedDuplex } from "../../lib/fast/framed.ts";
import { childStdioPipe } from "../../lib/fast/pipe_ends.ts";
import { spawnDenoChildFast } from "../../lib/fast/pipe.ts";
import { openFifoDuplexFast } from "../../lib/fast/fifo.ts";
import { createFifoPair } from "../../lib/transports/fifo.ts";
import { testCatRelayConformance } from "../transports/cat_pipes.ts";

const echoChild = new URL("./fast_echo_child.ts", import.meta.url);

/** Descriptors this process holds (to see that closing returned them). */
function openDescriptors(): number {
  return [...Deno.readDirSync("/proc/self/fd")].length;
}

testCatRelayConformance("busy-poll pipe (through cat)", (into, from) => {
  const pipe = childStdioPipe({ stdinOf: into, stdoutOf: from }, 0.2);
  return fastFramedDuplex(pipe, {
    reuseBuffers: true,
    onClose: () => pipe.whenClosed(),
  });
});

// Spin 0: every wait that finds nothing sleeps in poll at once.
testDuplexConformance("busy-poll fifo, no spin", async () => {
  const fifos = await createFifoPair();
  const options = { reuseBuffers: true, busyPollMs: 0 };
  const [server, client] = await Promise.all([
    openFifoDuplexFast(fifos.requests, fifos.replies, 5000, options),
    openFifoDuplexFast(fifos.replies, fifos.requests, 5000, options),
  ]);
  return { pair: [client, server], cleanup: () => fifos.remove() };
}, {
  killPeer: (victim) => victim.close(),
  peerDeathOutcome: "null",
});

Deno.test("A child busy-polls its own stdio: 4 MiB echo, then a clean exit", async () => {
  const before = openDescriptors();
  const child = spawnDenoChildFast(echoChild, {
    args: ["pipe"],
    permissionFlags: ["--allow-ffi"],
    reuseBuffers: true,
    busyPollMs: 0.2,
  });
  const big = new Uint8Array(4 * 1024 * 1024).map((_, i) => i % 251);
  const [, echoed] = await within(
    Promise.all([child.send(big), child.receive()]),
    20_000,
    "echo 4 MiB",
  );
  assertEquals(echoed, big);
  await child.send(new Uint8Array([5]));
  assertEquals([...(await within(child.receive(), 20_000, "echo"))!], [5]);
  await within(child.close(), 20_000, "close");
  assertEquals((await child.exited).code, 0);
  assertEquals(openDescriptors(), before);
});

Deno.test("A busy-poll FIFO end: a write after closeWrite is refused, reads go on", async () => {
  await using fifos = await createFifoPair();
  const options = { busyPollMs: 0.1 };
  const [server, client] = await Promise.all([
    openFifoDuplexFast(fifos.requests, fifos.replies, 5000, options),
    openFifoDuplexFast(fifos.replies, fifos.requests, 5000, options),
  ]);
  await client.closeWrite();
  assertEquals(await within(server.receive(), 5000, "end"), null);
  await assertRejects(() => client.send(new Uint8Array([1])));
  await server.send(new Uint8Array([2]));
  assertEquals([...(await within(client.receive(), 5000, "reply"))!], [2]);
  await server.close();
  assertEquals(await within(client.receive(), 5000, "end"), null);
  await client.close();
});
