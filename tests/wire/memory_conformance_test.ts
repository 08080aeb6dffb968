/**
 * The shared duplex conformance suite applied to the reference adapters: the
 * in-memory pair (no I/O at all) and framed TCP on loopback.
 */

import { testDuplexConformance } from "../duplex_conformance.ts";
import { memoryDuplexPair } from "../../lib/wire/memory.ts";
import type { MessageDuplex } from "../../lib/wire/duplex.ts";
import { framedDuplex } from "../../lib/wire/framed.ts";
import { connectTcp, listenTcp } from "../../lib/transports/tcp.ts";

testDuplexConformance("memory", () => memoryDuplexPair(), {
  // A memory end "dies" only by closing: its survivor sees a clean end.
  killPeer: (victim) => victim.close(),
  peerDeathOutcome: "null",
});

testDuplexConformance("tcp", async () => {
  using listener = listenTcp();
  const accepted = listener.accept();
  const client = await connectTcp({ port: listener.addr.port });
  return [client, await accepted];
});

// The raw socket behind each victim end, so peer death can be staged as a
// process dying in the middle of a frame (prefix sent, body never finished).
const rawConnOf = new WeakMap<MessageDuplex, Deno.Conn>();

testDuplexConformance("tcp (dies mid-frame)", async () => {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const accepted = listener.accept();
  const clientConn = await Deno.connect({
    hostname: "127.0.0.1",
    port: listener.addr.port,
  });
  const client = framedDuplex(clientConn);
  const server = framedDuplex(await accepted);
  rawConnOf.set(client, clientConn);
  return [server, client];
}, {
  killPeer: async (victim) => {
    const conn = rawConnOf.get(victim)!;
    await conn.write(new Uint8Array([0, 0, 0, 100, 1, 2, 3]));
    await victim.close();
  },
  peerDeathOutcome: "error",
});
