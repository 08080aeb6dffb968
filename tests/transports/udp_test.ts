import { assertEquals, assertRejects } from "@std/assert";
import {
  bindUdp,
  MAX_UDP_PAYLOAD_BYTES,
  udpDuplex,
  udpDuplexPair,
} from "../../lib/transports/udp.ts";
import { DuplexClosedError } from "../../lib/wire/errors.ts";

Deno.test("udp datagrams keep their boundaries", async () => {
  const [a, b] = udpDuplexPair();
  try {
    const sizes = [0, 1, 100, 1400, 9000];
    for (const size of sizes) {
      await a.send(new Uint8Array(size).fill(size & 0xff));
    }
    for (const size of sizes) {
      const got = (await b.receive())!;
      assertEquals(got.length, size);
    }
  } finally {
    await a.close();
    await b.close();
  }
});

Deno.test("udp refuses a datagram above the IPv4 maximum", async () => {
  using socket = bindUdp();
  await assertRejects(
    () =>
      socket.sendTo(
        new Uint8Array(MAX_UDP_PAYLOAD_BYTES + 1),
        socket.addr.port,
      ),
    RangeError,
  );
});

Deno.test("udp duplex ignores datagrams from strangers", async () => {
  const sa = bindUdp();
  const sb = bindUdp();
  using stranger = bindUdp();
  await using a = udpDuplex(sa, sb.addr.port);
  await stranger.sendTo(new Uint8Array([66]), sa.addr.port);
  await sb.sendTo(new Uint8Array([1]), sa.addr.port);
  assertEquals([...(await a.receive())!], [1]);
  sb.close();
});

Deno.test("udp close resolves a pending receive as null and refuses sends", async () => {
  const [a, b] = udpDuplexPair();
  const pending = a.receive();
  await a.close();
  assertEquals(await pending, null);
  assertEquals(await a.receive(), null);
  await assertRejects(() => a.send(new Uint8Array(1)), DuplexClosedError);
  await b.close();
});
