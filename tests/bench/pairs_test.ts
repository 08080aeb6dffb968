import { assertEquals } from "@std/assert";
import { kitBenchPairs } from "../../lib/bench/kit_pairs.ts";
import { oneSendAtATime } from "../../lib/bench/pairs_each.ts";
import type { MessageDuplex } from "../../lib/wire/duplex.ts";
import {
  BENCH_OP_ACK_REQUEST,
  BENCH_OP_SINK,
  benchMessage,
  decodeBenchAck,
} from "../../lib/bench/protocol.ts";
import { measureRoundTrips } from "../../lib/bench/round_trip.ts";
import { measureThroughput } from "../../lib/bench/throughput.ts";
import { deadline } from "../../lib/util/deadline.ts";

/** Bound on each reply: a silent peer fails the test instead of hanging it. */
const REPLY_MS = 10_000;

/** An echo message whose every byte depends on its size and position. */
function patterned(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 7 + size) & 0xff;
  // The first byte says "echo" (anything but the sink and ack opcodes).
  if (size > 0) bytes[0] = 0x61;
  return bytes;
}

// Correctness only, no timing: every registered pair carries the bench
// protocol (echo byte for byte, sink, acknowledged counts) across its
// boundary, with the fast tier's lent buffers on both ends.
for (const mechanism of kitBenchPairs().names()) {
  Deno.test(`${mechanism} echoes the bench protocol's messages intact`, async () => {
    await using pair = await kitBenchPairs().open(mechanism);
    assertEquals(pair.mechanism, mechanism);
    const { duplex } = pair;
    for (const size of [0, 1, 64, 4096, 200_000, 1 << 20]) {
      const message = patterned(size);
      await duplex.send(message);
      const reply = await deadline(duplex.receive(), REPLY_MS, `${size} B`);
      // Compared before the next receive: a lent reply lives until then.
      if (reply === null) throw new Error(`${mechanism} closed, no echo`);
      assertEquals(reply.length, size);
      assertEquals(reply, message);
    }
    // Five sink messages, then an acknowledged one: the ack counts all six.
    for (let i = 0; i < 5; i++) {
      await duplex.send(benchMessage(i === 4 ? 100_000 : 64, BENCH_OP_SINK));
    }
    await duplex.send(benchMessage(64, BENCH_OP_ACK_REQUEST));
    const ack = await deadline(duplex.receive(), REPLY_MS, "the ack");
    assertEquals(decodeBenchAck(ack!), 6);
    // The harness runs over the same pair (lengths are checked inside).
    const rt = await measureRoundTrips(duplex, {
      count: 3,
      warmup: 1,
      sizeBytes: 4096,
      timeoutMs: REPLY_MS,
    });
    assertEquals(rt.samplesUs.length, 3);
    const tp = await measureThroughput(duplex, {
      sizeBytes: 64,
      maxMessages: 12,
      window: 4,
      timeoutMs: REPLY_MS,
    });
    assertEquals(tp.messages, 12);
  });
}

Deno.test("the bench keeps its mechanism names", () => {
  assertEquals(kitBenchPairs().names(), [
    "tcp",
    "tcp-async",
    "tcp-block",
    "unix",
    "unix-async",
    "unix-block",
    "pipe",
    "pipe-async",
    "pipe-block",
    "fifo",
    "fifo-async",
    "fifo-block",
    "channel",
    "ring",
    "memory",
    "tcp-async-each",
    "unix-async-each",
    "pipe-each",
    "fifo-each",
    "pipe-block-each",
    "fifo-block-each",
    "tcp-block-each",
    "unix-block-each",
  ]);
});

Deno.test("every kit pair closes idempotently", async () => {
  const pair = await kitBenchPairs().open("memory");
  await Promise.all([pair.close(), pair.close()]);
  await pair.close();
  assertEquals(await pair.duplex.receive(), null);
});

Deno.test("oneSendAtATime: one send in flight at a time, in order; a failed write rejects the sends queued with it and is not the end", async () => {
  let inFlight = 0;
  let most = 0;
  const sent: number[] = [];
  const base: MessageDuplex = {
    async send(message) {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight--;
      if (message[0] === 13) throw new RangeError("unlucky");
      sent.push(message[0]);
    },
    receive: () => Promise.resolve(null),
    close: () => Promise.resolve(),
    [Symbol.asyncDispose]: () => Promise.resolve(),
  };
  const each = oneSendAtATime(base);
  // 1 goes out alone; 2, 13 and 4 queue behind it as one group.
  const results = await Promise.allSettled(
    [1, 2, 13, 4].map((n) => each.send(new Uint8Array([n]))),
  );
  assertEquals(most, 1);
  // 4 was queued behind the write that failed: not attempted, rejected.
  assertEquals(sent, [1, 2]);
  assertEquals(results.map((r) => r.status), [
    "fulfilled",
    "rejected",
    "rejected",
    "rejected",
  ]);
  for (const result of results.slice(1)) {
    assertEquals((result as PromiseRejectedResult).reason.message, "unlucky");
  }
  // Idle again: later sends still go out, in order.
  await Promise.all([5, 6].map((n) => each.send(new Uint8Array([n]))));
  assertEquals(sent, [1, 2, 5, 6]);
});

Deno.test("oneSendAtATime: sends queued while a group is written form the next group, settled apart", async () => {
  const order: string[] = [];
  const base: MessageDuplex = {
    async send(message) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      order.push(`sent ${message[0]}`);
    },
    receive: () => Promise.resolve(null),
    close: () => Promise.resolve(),
    [Symbol.asyncDispose]: () => Promise.resolve(),
  };
  const each = oneSendAtATime(base);
  // 1 starts at once, alone; 2 and 3 queue behind it as one group.
  const one = each.send(new Uint8Array([1]));
  const two = each.send(new Uint8Array([2]));
  const three = each.send(new Uint8Array([3]));
  assertEquals([one === two, two === three], [false, true]);
  two.then(() => order.push("2 and 3 settled"));
  await one; // the loop has taken 2 and 3: 4 starts the next group
  const four = each.send(new Uint8Array([4]));
  assertEquals(four === two, false);
  await four;
  assertEquals(order, [
    "sent 1",
    "sent 2",
    "sent 3",
    "2 and 3 settled",
    "sent 4",
  ]);
});

Deno.test("oneSendAtATime: a window of thousands queued at once goes out whole, in order, and the queue starts over", async () => {
  const sent: number[] = [];
  const base: MessageDuplex = {
    send(message) {
      sent.push(message[0] | (message[1] << 8));
      return Promise.resolve();
    },
    receive: () => Promise.resolve(null),
    close: () => Promise.resolve(),
    [Symbol.asyncDispose]: () => Promise.resolve(),
  };
  const each = oneSendAtATime(base);
  const count = 5000;
  const message = (i: number) => new Uint8Array([i & 0xff, i >> 8]);
  const first = Array.from({ length: count }, (_, i) => each.send(message(i)));
  // queued while the first window drains: joins the same queue, in order
  const late = each.send(message(count));
  await Promise.all([...first, late]);
  assertEquals(sent, Array.from({ length: count + 1 }, (_, i) => i));
  await each.send(message(7));
  assertEquals(sent.at(-1), 7);
});

Deno.test("oneSendAtATime: with drainBeforeReceive a receive waits for every queued send, without it it does not", async () => {
  for (const drainBeforeReceive of [true, false]) {
    const sent: number[] = [];
    let sentAtReceive = -1;
    const base: MessageDuplex = {
      async send(message) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        sent.push(message[0]);
      },
      receive() {
        // What a reader that blocks its thread would see when it starts.
        sentAtReceive = sent.length;
        return Promise.resolve(new Uint8Array([9]));
      },
      close: () => Promise.resolve(),
      [Symbol.asyncDispose]: () => Promise.resolve(),
    };
    const each = oneSendAtATime(base, { drainBeforeReceive });
    const sends = [1, 2, 3].map((n) => each.send(new Uint8Array([n])));
    assertEquals([...(await each.receive())!], [9]);
    await Promise.all(sends);
    assertEquals(sentAtReceive, drainBeforeReceive ? 3 : 0);
    assertEquals(sent, [1, 2, 3]);
  }
});

Deno.test("oneSendAtATime: a duplex that writes a frame now is written to directly; one that cannot is queued as before", async () => {
  const now: number[] = [];
  const queued: number[] = [];
  let accept = true;
  const base = {
    sendNow(message: Uint8Array): Promise<void> | null {
      if (!accept) return null;
      now.push(message[0]);
      return Promise.resolve();
    },
    send(message: Uint8Array) {
      queued.push(message[0]);
      return Promise.resolve();
    },
    receive: () => Promise.resolve(null),
    close: () => Promise.resolve(),
    [Symbol.asyncDispose]: () => Promise.resolve(),
  };
  const each = oneSendAtATime(base);
  await Promise.all([1, 2].map((n) => each.send(Uint8Array.of(n))));
  accept = false;
  await Promise.all([3, 4].map((n) => each.send(Uint8Array.of(n))));
  assertEquals([now, queued], [[1, 2], [3, 4]]);
});

Deno.test("FastFramedDuplex.sendNow: one write per frame on a libc pipe, refused once closed", async () => {
  await using pair = await kitBenchPairs().open("pipe-block");
  const duplex = pair.duplex as unknown as {
    sendNow(m: Uint8Array): Promise<void> | null;
  } & MessageDuplex;
  const sent = duplex.sendNow(patterned(64));
  assertEquals(sent !== null, true);
  await sent;
  const reply = await deadline(duplex.receive(), REPLY_MS, "echo");
  assertEquals(reply, patterned(64));
  await duplex.close();
  const refused = duplex.sendNow(patterned(8));
  let rejected = false;
  await refused?.catch(() => (rejected = true));
  assertEquals(rejected, true);
});
