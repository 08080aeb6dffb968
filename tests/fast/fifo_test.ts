/**
 * The fast FIFO duplex: the conformance suite over two FIFOs with reused
 * buffers (both ends in this process, so no blocking I/O here), and a child
 * that serves the FIFOs with blocking reads.
 */

import { assertEquals, assertRejects } from "@std/assert";
import { testDuplexConformance, within } from "../duplex_conformance.ts";
import { openFifoDuplexFast } from "../../lib/fast/fifo.ts";
import { createFifoPair } from "../../lib/transports/fifo.ts";
import { spawnDenoChild } from "../../lib/transports/pipe.ts";
import { WaitTimeoutError } from "../../lib/util/deadline.ts";

testDuplexConformance("fast fifo", async () => {
  const fifos = await createFifoPair();
  const options = { reuseBuffers: true };
  const [server, client] = await Promise.all([
    openFifoDuplexFast(fifos.requests, fifos.replies, 5000, options),
    openFifoDuplexFast(fifos.replies, fifos.requests, 5000, options),
  ]);
  return { pair: [client, server], cleanup: () => fifos.remove() };
}, {
  killPeer: (victim) => victim.close(),
  peerDeathOutcome: "null",
});

Deno.test("A child serves two FIFOs with blocking reads", async () => {
  await using fifos = await createFifoPair();
  // The child's stdio is unused: it talks over the FIFOs only.
  await using child = spawnDenoChild(
    new URL("./fast_echo_child.ts", import.meta.url),
    {
      args: ["fifo", fifos.requests, fifos.replies],
      permissionFlags: ["--allow-read", "--allow-write"],
    },
  );
  await using client = await openFifoDuplexFast(
    fifos.replies,
    fifos.requests,
    20_000,
  );
  for (const word of ["uno", "dos"]) {
    await client.send(new TextEncoder().encode(word));
    const echoed = await within(client.receive(), 20_000, "echo");
    assertEquals(new TextDecoder().decode(echoed!), word);
  }
  await client.closeWrite();
  assertEquals(await within(client.receive(), 20_000, "end"), null);
  assertEquals((await child.exited).code, 0);
});

Deno.test("Opening a fast FIFO duplex nobody serves times out", async () => {
  await using fifos = await createFifoPair();
  await assertRejects(
    () => openFifoDuplexFast(fifos.requests, fifos.replies, 30),
    WaitTimeoutError,
  );
});
