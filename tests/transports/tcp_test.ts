import { assertEquals, assertRejects, assertThrows } from "@std/assert";
import { testDuplexConformance } from "../duplex_conformance.ts";
import { connectTcp, listenTcp } from "../../lib/transports/tcp.ts";
import {
  DuplexClosedError,
  FrameTooLargeError,
} from "../../lib/wire/errors.ts";

type ListenTcpOptions = NonNullable<Parameters<typeof listenTcp>[0]>;

testDuplexConformance("tcp", async () => {
  const listener = listenTcp();
  const accepted = listener.accept();
  const client = await connectTcp({ port: listener.addr.port });
  const server = await accepted;
  return { pair: [client, server], cleanup: () => listener.close() };
}, { killPeer: (victim) => victim.close() });

Deno.test("tcp onClose belongs to a connection, never to a listener", async () => {
  // @ts-expect-error: a listener has no onClose; each connection has its own.
  const wrong: ListenTcpOptions = { onClose: () => {} };
  let stray = 0;
  // Smuggled past the types, it is still nobody's clean-up.
  const listener = listenTcp({
    ...({ onClose: () => void stray++ } as typeof wrong),
  });
  const accepted = listener.accept();
  let closes = 0;
  const client = await connectTcp({
    port: listener.addr.port,
    onClose: () => void closes++,
  });
  const server = await accepted;
  listener.close();
  // Closing the listener leaves its connections open.
  await client.send(new Uint8Array([1]));
  assertEquals([...(await server.receive())!], [1]);
  assertEquals(closes, 0);
  await Promise.all([client.close(), client.close()]);
  await server.close();
  assertEquals([closes, stray], [1, 0]);
});

Deno.test("tcp listener refuses to accept after close", async () => {
  const listener = listenTcp();
  listener.close();
  listener.close(); // idempotent
  await assertRejects(() => listener.accept(), DuplexClosedError);
});

Deno.test("tcp rejects ports outside 0..65535", async () => {
  assertThrows(() => listenTcp({ port: -1 }), RangeError);
  await assertRejects(() => connectTcp({ port: 65536 }), RangeError);
});

Deno.test("tcp receiver refuses an oversized announced length", async () => {
  using listener = listenTcp({ maxFrameBytes: 8 });
  const accepted = listener.accept();
  await using client = await connectTcp({ port: listener.addr.port });
  await using server = await accepted;
  await client.send(new Uint8Array(9));
  await assertRejects(() => server.receive(), FrameTooLargeError);
});

Deno.test("tcp frames are byte-identical to the class's Python framing", async () => {
  using raw = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const accepted = raw.accept();
  await using client = await connectTcp({ port: raw.addr.port });
  using conn = await accepted;
  await client.send(new TextEncoder().encode("waku waku"));
  await client.closeWrite();
  const bytes = new Uint8Array(13);
  let filled = 0;
  while (filled < 13) {
    const n = await conn.read(bytes.subarray(filled));
    if (n === null) break;
    filled += n;
  }
  // len(msg).to_bytes(4, "big") + msg
  assertEquals([...bytes.subarray(0, 4)], [0, 0, 0, 9]);
  assertEquals(new TextDecoder().decode(bytes.subarray(4)), "waku waku");
});
