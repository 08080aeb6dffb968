import { assert, assertEquals } from "@std/assert";
import { clockTrace } from "../../lib/trace/clocks.ts";
import { traceDuplex } from "../../lib/trace/duplex.ts";
import { TraceRecorder } from "../../lib/trace/events.ts";
import { memoryDuplexPair } from "../../lib/wire/memory.ts";
import { connectUnix, listenUnix } from "../../lib/transports/unix.ts";
import { deadline } from "../../lib/util/deadline.ts";

const text = (s: string) => new TextEncoder().encode(s);

Deno.test("memory pair: every message paired, clocks consistent", async () => {
  const recorder = new TraceRecorder();
  const [x, y] = memoryDuplexPair();
  await using a = traceDuplex(x, recorder, { self: "a", peer: "b" });
  await using b = traceDuplex(y, recorder, { self: "b", peer: "a" });
  for (let i = 0; i < 3; i++) {
    await a.send(text(`ping ${i}`));
    assertEquals(new TextDecoder().decode((await b.receive())!), `ping ${i}`);
    await b.send(text(`pong ${i}`));
    await a.receive();
  }
  const t = clockTrace(recorder.trace());
  assertEquals(t.messages.length, 6);
  assert(t.messages.every((m) => m.receives.length === 1));
  assertEquals(t.events.map((e) => e.bytes), [
    6,
    6,
    6,
    6,
    6,
    6,
    6,
    6,
    6,
    6,
    6,
    6,
  ]);
  assertEquals(t.events.at(-1)!.lamport, 12); // a strict ping-pong is a chain
});

Deno.test("a real Unix socket, both ends traced in this process", async () => {
  const recorder = new TraceRecorder();
  {
    using listener = await listenUnix();
    const accepted = listener.accept();
    await using client = traceDuplex(
      await connectUnix({ path: listener.path }),
      recorder,
      {
        self: "cliente",
        peer: "servidor",
      },
    );
    await using server = traceDuplex(await accepted, recorder, {
      self: "servidor",
      peer: "cliente",
    });
    await client.send(text("invierte esto"));
    const got = (await deadline(server.receive(), 5000, "the request"))!;
    await server.send(got.slice().reverse());
    await deadline(client.receive(), 5000, "the reply");
    await client.close();
    assertEquals(await deadline(server.receive(), 5000, "the EOF"), null);
  }
  const t = clockTrace(recorder.trace());
  assertEquals(t.messages.map((m) => [m.from, m.label, m.receives.length]), [
    ["cliente", '"invierte esto"', 1],
    ["servidor", '"otse etreivni"', 1],
    ["cliente", "EOF (cierre)", 1],
    ["servidor", "EOF (cierre)", 0],
  ]);
});

Deno.test("the cap keeps the first events and counts the rest", () => {
  const recorder = new TraceRecorder({ cap: 5 });
  for (let i = 0; i < 12; i++) recorder.local("p", `e${i}`);
  const trace = recorder.trace();
  assertEquals([trace.events.length, trace.omitted], [5, 7]);
  assertEquals(trace.events.at(-1)!.label, "e4");
});
