import { assertEquals, assertRejects } from "@std/assert";
import { memoryDuplexPair } from "../../lib/wire/memory.ts";
import { ProtocolError, TruncatedFrameError } from "../../lib/wire/errors.ts";
import { encodeFrame, encodeFrames } from "../../lib/wire/frame.ts";
import { fastFramedDuplex } from "../../lib/fast/framed.ts";
import {
  BENCH_OP_ACK_REQUEST,
  BENCH_OP_SINK,
  benchMessage,
  decodeBenchAck,
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

Deno.test("the bench peer drains a fast duplex's buffered frames and still counts every one", async () => {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const accepted = listener.accept();
  await using sender = fastFramedDuplex(
    await Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port }),
  );
  await using receiver = fastFramedDuplex(await accepted, {
    reuseBuffers: true,
  });
  const peer = serveBenchPeer(receiver);
  const result = await measureThroughput(sender, {
    sizeBytes: 64,
    maxMessages: 5_000,
    durationMs: 60_000,
    window: 512,
  });
  assertEquals(result.messages, 5_000);
  await sender.close();
  const tally = await peer;
  assertEquals(tally.sunk, 5_000 + 512); // and a warm-up window
  assertEquals(tally.acked, 2 + Math.ceil(5_000 / 256));
});

Deno.test("the bench peer's drain never skips a frame cut short by the end", async () => {
  const frames = encodeFrames([
    benchMessage(8, BENCH_OP_SINK),
    benchMessage(8, BENCH_OP_ACK_REQUEST),
  ]);
  const cut = encodeFrame(benchMessage(8, BENCH_OP_SINK)).subarray(0, 6);
  const bytes = new Uint8Array([...frames, ...cut]);
  const acks: Uint8Array[] = [];
  const duplex = fastFramedDuplex({
    readable: ReadableStream.from([bytes]),
    writable: new WritableStream({ write: (c) => void acks.push(c.slice()) }),
  });
  await assertRejects(() => serveBenchPeer(duplex), TruncatedFrameError);
  assertEquals(acks.length, 1);
  assertEquals(decodeBenchAck(acks[0].subarray(4)), 2);
  await duplex.close();
});
