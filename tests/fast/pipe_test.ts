/**
 * The fast child-process pipe: the conformance suite over real OS pipes with
 * the fast framing and reused buffers, and a fast child that echoes with
 * blocking stdio, is killed through its handle, and ends cleanly.
 */

import { assertEquals } from "@std/assert";
import { testDuplexConformance, within } from "../duplex_conformance.ts";
import { fastFramedDuplex } from "../../lib/fast/framed.ts";
import { spawnDenoChildFast } from "../../lib/fast/pipe.ts";
import type { MessageDuplex } from "../../lib/wire/duplex.ts";

const echoChild = new URL("./fast_echo_child.ts", import.meta.url);

// As in the teaching test: each direction crosses two real OS pipes through
// a `cat` process, so both ends live in the test.
const relayOf = new WeakMap<MessageDuplex, Deno.ChildProcess>();

function spawnCat(): Deno.ChildProcess {
  return new Deno.Command("cat", {
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
}

testDuplexConformance("fast pipe (through cat)", () => {
  const aToB = spawnCat();
  const bToA = spawnCat();
  const options = { reuseBuffers: true };
  const a = fastFramedDuplex(
    { readable: bToA.stdout, writable: aToB.stdin },
    options,
  );
  const b = fastFramedDuplex(
    { readable: aToB.stdout, writable: bToA.stdin },
    options,
  );
  relayOf.set(b, bToA);
  return {
    pair: [a, b],
    cleanup: async () => {
      for (const relay of [aToB, bToA]) {
        try {
          relay.kill("SIGKILL");
        } catch {
          // Already exited after its stdin closed.
        }
        await relay.status;
      }
    },
  };
}, {
  killPeer: async (victim) => {
    const relay = relayOf.get(victim)!;
    relay.kill("SIGKILL");
    await relay.status;
  },
  peerDeathOutcome: "null",
});

Deno.test("A fast child echoes a 4 MiB message with blocking stdio", async () => {
  await using child = spawnDenoChildFast(echoChild, {
    args: ["pipe"],
    reuseBuffers: true,
  });
  const big = new Uint8Array(4 * 1024 * 1024).map((_, i) => i % 253);
  const [, echoed] = await within(
    Promise.all([child.send(big), child.receive()]),
    20_000,
    "echo 4 MiB",
  );
  assertEquals(echoed, big);
});

Deno.test("Closing a fast child's stdin ends it with exit code 0", async () => {
  const child = spawnDenoChildFast(echoChild, { args: ["pipe"] });
  await child.send(new Uint8Array([1]));
  assertEquals([...(await within(child.receive(), 20_000, "echo"))!], [1]);
  await child.close();
  assertEquals((await child.exited).code, 0);
});

Deno.test("A fast child killed through its handle ends the pending receive", async () => {
  await using child = spawnDenoChildFast(echoChild, { args: ["pipe"] });
  const pending = child.duplex.receive();
  child.kill();
  assertEquals(await within(pending, 20_000, "receive after kill"), null);
  assertEquals((await child.exited).signal, "SIGKILL");
});
