/**
 * The FIFO reverse server and its two terminal programs: one client at a
 * time, garbage framing drops that client only, stop() releases a server
 * waiting for a client, and the programs speak Spanish.
 */

import { assert, assertEquals, assertMatch } from "@std/assert";
import { serveFifoReverse } from "../../lib/transports/fifo_reverse.ts";
import { openFifoDuplex, openFifoStreams } from "../../lib/transports/fifo.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

Deno.test("a client that breaks framing is dropped; the next one is served", async () => {
  const gone: string[] = [];
  await using server = await serveFifoReverse({
    onClientGone: (why) => gone.push(why),
    maxFrameBytes: 1024,
  });
  const bad = await openFifoStreams(server.replies, server.requests);
  await bad.write(new Uint8Array([0x7f, 0xff, 0xff, 0xff])); // 2 GiB claimed
  // Its write end closes first: a write end left open while the server
  // reopens would count as the next client's (a FIFO has no connections).
  await bad.closeWrite();
  assertEquals(await bad.read(new Uint8Array(8)), null); // the server hung up
  bad.close();
  const good = await openFifoDuplex(server.replies, server.requests);
  await good.send(encoder.encode("hola"));
  assertEquals(decoder.decode((await good.receive())!), "aloh");
  await good.close();
  assertEquals(gone[0], "error");
});

Deno.test("stop() releases a server still waiting for its first client and removes its dir", async () => {
  const server = await serveFifoReverse();
  assertEquals(await server.stop(), { served: 0, reason: "stopped" });
  assertEquals(
    await Deno.lstat(server.dir).then(() => true, () => false),
    false,
  );
});

Deno.test("the FIFO programs answer --help in Spanish; the client names a missing dir", async () => {
  for (const name of ["fifo_reverse_server", "fifo_reverse_client"]) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", `lib/programs/${name}.ts`, "--help"],
    }).output();
    assertEquals(out.code, 0);
    assertMatch(decoder.decode(out.stdout), /Uso: deno task fifo-reverse-/);
  }
  const dir = await Deno.makeTempDir();
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "lib/programs/fifo_reverse_client.ts",
        "--dir",
        dir,
        "--message",
        "x",
      ],
    }).output();
    assertEquals(out.code, 1);
    assertMatch(
      decoder.decode(out.stderr),
      /\[ERROR\] no existe .*requests: ¿está corriendo el servidor\?/,
    );
    // The client never deletes anything: the dir it was given is still there.
    assert((await Deno.lstat(dir)).isDirectory);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
