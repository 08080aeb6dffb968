// A peer whose one job is its pipe or FIFOs (the bench peer) spins on
// non-blocking reads, then sleeps in `poll` on its own thread. These drive
// that path in a child with FFI: messages back to back (the spin catches
// them), after pauses far past the budget (the read has gone to sleep), and
// large enough to fill the pipe (the child's write sleeps until there is room).
import { assertEquals } from "@std/assert";
import { delay } from "@std/async/delay";
import { within } from "../duplex_conformance.ts";
import { spawnDenoChildFast } from "../../lib/fast/pipe.ts";
import { openFifoDuplexFast } from "../../lib/fast/fifo.ts";
import { createFifoPair } from "../../lib/transports/fifo.ts";
import { spawnDenoChild } from "../../lib/transports/pipe.ts";
import type { MessageDuplex } from "../../lib/wire/duplex.ts";

const echoChild = new URL("./fast_echo_child.ts", import.meta.url);

/** Early and late small messages, and 1 MiB ones, each echoed whole. */
async function echoEarlyAndLate(duplex: MessageDuplex): Promise<void> {
  const big = new Uint8Array(1 << 20).map((_, i) => (i * 11) & 0xff);
  for (const pauseMs of [0, 0, 30, 30]) {
    await delay(pauseMs);
    for (const message of [new Uint8Array([pauseMs, 9]), big]) {
      await within(duplex.send(message), 20_000, "send");
      assertEquals(await within(duplex.receive(), 20_000, "echo"), message);
    }
  }
}

Deno.test("pipe: a spinning child with blocking stdio echoes early and late messages", async () => {
  const child = spawnDenoChildFast(echoChild, {
    args: ["pipe"],
    permissionFlags: ["--allow-ffi", "--allow-read"],
    reuseBuffers: true,
  });
  try {
    await echoEarlyAndLate(child);
  } finally {
    await within(child.close(), 20_000, "close");
  }
  assertEquals((await child.exited).code, 0);
});

Deno.test("fifo: a spinning child with blocking reads echoes early and late messages", async () => {
  await using fifos = await createFifoPair();
  await using child = spawnDenoChild(echoChild, {
    args: ["fifo", fifos.requests, fifos.replies],
    permissionFlags: ["--allow-ffi", "--allow-read", "--allow-write"],
  });
  const client = await openFifoDuplexFast(
    fifos.replies,
    fifos.requests,
    20_000,
  );
  try {
    await echoEarlyAndLate(client);
    await client.closeWrite();
    assertEquals(await within(client.receive(), 20_000, "end"), null);
  } finally {
    await client.close();
  }
  assertEquals((await child.exited).code, 0);
});
