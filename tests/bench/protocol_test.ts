import { assertEquals, assertRejects } from "@std/assert";
import { memoryDuplexPair } from "../../lib/wire/memory.ts";
import { ProtocolError } from "../../lib/wire/errors.ts";
import {
  BENCH_OP_ACK_REQUEST,
  benchMessage,
  encodeBenchAck,
  serveBenchPeer,
} from "../../lib/bench/protocol.ts";
import { measureThroughput } from "../../lib/bench/throughput.ts";
import { measureRoundTrips } from "../../lib/bench/round_trip.ts";
import { BenchTimeoutError } from "../../lib/util/deadline.ts";

Deno.test("throughput counts every message the peer acknowledged", async () => {
  const [a, b] = memoryDuplexPair();
  const peer = serveBenchPeer(b);
  const result = await measureThroughput(a, {
    sizeBytes: 100,
    maxMessages: 30,
    window: 4,
    warmup: false,
  });
  assertEquals(result.messages, 30);
  await a.close();
  const tally = await peer;
  assertEquals(tally.sunk, 30);
  assertEquals(tally.acked, 15); // one ack per half window of 2
  await b.close();
});

Deno.test("throughput rejects a peer whose ack counts a lost message", async () => {
  const [a, b] = memoryDuplexPair();
  // A lossy peer: acknowledges one message fewer than it was sent.
  const peer = (async () => {
    let since = 0;
    for (let m = await b.receive(); m !== null; m = await b.receive()) {
      since++;
      if (m[0] === BENCH_OP_ACK_REQUEST) {
        await b.send(encodeBenchAck(since - 1));
        since = 0;
      }
    }
  })();
  await assertRejects(
    () => measureThroughput(a, { maxMessages: 8, window: 4, warmup: false }),
    ProtocolError,
  );
  await a.close();
  await peer;
  await b.close();
});

Deno.test("round trips reject an echo of the wrong length", async () => {
  const [a, b] = memoryDuplexPair();
  const peer = (async () => {
    for (let m = await b.receive(); m !== null; m = await b.receive()) {
      await b.send(m.subarray(1));
    }
  })();
  await assertRejects(
    () => measureRoundTrips(a, { count: 3, warmup: 0 }),
    ProtocolError,
  );
  await a.close();
  await peer;
  await b.close();
});

Deno.test("a silent peer becomes a BenchTimeoutError, not a hang", async () => {
  const [a, b] = memoryDuplexPair();
  await assertRejects(
    () => measureRoundTrips(a, { count: 3, warmup: 0, timeoutMs: 50 }),
    BenchTimeoutError,
  );
  await assertRejects(
    () => {
      const [c, d] = memoryDuplexPair();
      return measureThroughput(c, { maxMessages: 4, window: 2, timeoutMs: 50 })
        .finally(() => Promise.all([c.close(), d.close()]));
    },
    BenchTimeoutError,
  );
  await b.close();
});

Deno.test("the bench peer echoes empty and filler messages unchanged", async () => {
  const [a, b] = memoryDuplexPair();
  const peer = serveBenchPeer(b);
  for (const message of [new Uint8Array(), benchMessage(10, 0x61)]) {
    await a.send(message);
    assertEquals(await a.receive(), message);
  }
  await a.close();
  assertEquals((await peer).echoed, 2);
  await b.close();
});
