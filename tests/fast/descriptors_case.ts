/**
 * Run by descriptors_test.ts in a process of its own (tests/own_process.ts):
 * each test counts the descriptors in /proc/self/fd before and after, which
 * modules running beside it in the parallel suite would change. Busy-poll
 * pipes, FIFOs and sockets are libc descriptors, not Deno resources, so the
 * resource sanitizer cannot see them: this count is what proves they close.
 */

import { assert, assertEquals } from "@std/assert";
import { within } from "../duplex_conformance.ts";
import { spawnDenoChildFast } from "../../lib/fast/pipe.ts";
import { openFifoDuplexFast } from "../../lib/fast/fifo.ts";
import { createFifoPair } from "../../lib/transports/fifo.ts";
import { connectUnixFast, listenUnixFast } from "../../lib/fast/sockets.ts";
import { socketLibc } from "../../lib/ffi/socket.ts";

const echoChild = new URL("./fast_echo_child.ts", import.meta.url);
const BUSY = { busyPollMs: 0.05 } as const;

/** Descriptors this process holds. */
function openDescriptors(): number {
  return [...Deno.readDirSync("/proc/self/fd")].length;
}

async function stillPending(promise: Promise<unknown>, ms: number) {
  let settled = false;
  promise.then(() => (settled = true), () => (settled = true));
  await new Promise((resolve) => setTimeout(resolve, ms));
  return !settled;
}

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

Deno.test("spin 0: closing while a receive sleeps ends it and returns every descriptor", async () => {
  const before = openDescriptors();
  const fifos = await createFifoPair();
  const options = { busyPollMs: 0 };
  const [server, client] = await Promise.all([
    openFifoDuplexFast(fifos.requests, fifos.replies, 5000, options),
    openFifoDuplexFast(fifos.replies, fifos.requests, 5000, options),
  ]);
  const pending = client.receive();
  assert(await stillPending(pending, 30), "nothing was sent: it sleeps");
  // close() resolves only once the helper thread's poll has returned.
  await within(client.close(), 5000, "close while asleep");
  assertEquals(await within(pending, 5000, "the sleeping receive"), null);
  await server.close();
  await fifos.remove();
  assertEquals(openDescriptors(), before);
});

Deno.test("busy-poll sockets close every descriptor and release libc", async () => {
  const before = openDescriptors();
  for (let round = 0; round < 3; round++) {
    const listener = await listenUnixFast(BUSY);
    const accepted = listener.accept();
    const client = await connectUnixFast({ path: listener.path, ...BUSY });
    const server = await accepted;
    await client.send(new Uint8Array([round]));
    assertEquals([...(await server.receive())!], [round]);
    await client.close();
    await server.close();
    listener.close();
  }
  assertEquals(openDescriptors(), before);
  assertEquals(socketLibc.users, 0);
});
