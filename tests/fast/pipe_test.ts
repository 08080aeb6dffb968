/**
 * The fast child-process pipe: the conformance suite over real OS pipes with
 * the fast framing and reused buffers, and a fast child that echoes with
 * blocking stdio, is killed through its handle, and ends cleanly.
 */

import { assertEquals } from "@std/assert";
import { within } from "../duplex_conformance.ts";
import { testCatPipeConformance } from "../transports/cat_pipes.ts";
import { fastFramedDuplex } from "../../lib/fast/framed.ts";
import { spawnDenoChildFast } from "../../lib/fast/pipe.ts";

const echoChild = new URL("./fast_echo_child.ts", import.meta.url);

// As in the teaching test: the suite over real OS pipes, through `cat`.
testCatPipeConformance(
  "fast pipe (through cat)",
  (pair) => fastFramedDuplex(pair, { reuseBuffers: true }),
);

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
