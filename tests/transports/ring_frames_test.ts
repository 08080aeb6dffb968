/**
 * The ring's frame layout and fast paths: 8-byte aligned bodies, messages
 * lent straight out of shared memory, streaming of messages larger than the
 * ring, counters across 2^32 and the synchronous receive path keeping order.
 * (The spin budget's rule is tested in tests/fast/wait_policy_test.ts.)
 */

import {
  assert,
  assertEquals,
  assertNotStrictEquals,
  assertStrictEquals,
} from "@std/assert";
import {
  createRingBuffer,
  RingConsumer,
  ringFrameBytes,
  RingProducer,
} from "../../lib/fast/ring_buffer.ts";
import { HEAD, RING_HEADER_BYTES, TAIL } from "../../lib/fast/ring_layout.ts";
import { ringDuplexPair } from "../../lib/fast/ring.ts";
import { startRingEchoWorker } from "../../lib/fast/ring_worker.ts";
import { seededRandom, seedFromEnv } from "../../lib/util/random.ts";
import { within } from "../duplex_conformance.ts";

function patterned(size: number, salt: number): Uint8Array {
  return new Uint8Array(size).map((_, i) => (i * 31 + salt) & 0xff);
}

Deno.test("A frame is an 8-byte header (big-endian length, 4 zero bytes) and a body padded to 8", () => {
  const ring = createRingBuffer(64);
  const data = new Uint8Array(ring, RING_HEADER_BYTES);
  data.fill(0xee); // stale bytes: the reserved ones must still read as zero
  const producer = new RingProducer(ring);
  assert(producer.tryWriteMessage(new Uint8Array([1, 2, 3])));
  assertEquals([...data.subarray(0, 11)], [0, 0, 0, 3, 0, 0, 0, 0, 1, 2, 3]);
  assertEquals(new RingConsumer(ring).bytesWritten, ringFrameBytes(3));
  assertEquals(ringFrameBytes(3), 16);
});

Deno.test("Every body starts 8-byte aligned after mixed sizes, streamed ones included (seeded)", async () => {
  const seed = seedFromEnv();
  const sizes = seededRandom(seed);
  const capacity = 256;
  const ring = createRingBuffer(capacity);
  const producer = new RingProducer(ring);
  const consumer = new RingConsumer(ring, { lendMessages: true });
  let lentFromRing = 0;
  let streamed = 0;
  const count = 400;
  for (let m = 0; m < count; m++) {
    const size = sizes.int(0, 700); // up to ~3 rings: some must stream
    const [, got] = await within(
      Promise.all([
        producer.writeMessage(patterned(size, m)),
        consumer.readMessage(),
      ]),
      5000,
      `message ${m} (seed ${seed})`,
    );
    assertEquals(got, patterned(size, m), `message ${m} (seed ${seed})`);
    assertEquals(consumer.bytesWritten % 8, 0, "head stays a multiple of 8");
    if (got!.buffer === ring) {
      lentFromRing++;
      assertEquals((got!.byteOffset - RING_HEADER_BYTES) % 8, 0);
    }
    if (ringFrameBytes(size) > capacity) streamed++;
  }
  console.log(
    `ring alignment: seed=${seed} messages=${count} lent=${lentFromRing} streamed=${streamed}`,
  );
  assert(lentFromRing > 0 && streamed > 0, `seed ${seed}: cover both paths`);
});

Deno.test("A message whole in the ring is lent without a copy; an owned one is a copy", () => {
  const ring = createRingBuffer(1024);
  const producer = new RingProducer(ring);
  const lending = new RingConsumer(ring, { lendMessages: true });
  assert(producer.tryWriteMessage(patterned(100, 1)));
  const lent = lending.tryReadMessage()!;
  assertEquals(lent, patterned(100, 1));
  assertStrictEquals(lent.buffer, ring, "a view of the shared ring itself");
  assertEquals(lent.byteOffset, RING_HEADER_BYTES + 8);

  const other = createRingBuffer(1024);
  assert(new RingProducer(other).tryWriteMessage(patterned(100, 2)));
  const owned = new RingConsumer(other).tryReadMessage()!;
  assertEquals(owned, patterned(100, 2));
  assertNotStrictEquals(owned.buffer, other as ArrayBufferLike);
});

Deno.test("A message larger than the ring streams through and the next one is lent again", async () => {
  const ring = createRingBuffer(64);
  const producer = new RingProducer(ring);
  const consumer = new RingConsumer(ring, { lendMessages: true });
  const big = patterned(1000, 3); // frame of 1008 bytes in a 64-byte ring
  const [, got] = await within(
    Promise.all([producer.writeMessage(big), consumer.readMessage()]),
    5000,
    "stream",
  );
  assertEquals(got, big);
  assert(got!.buffer !== ring, "streamed into the consumer's own buffer");
  assert(producer.tryWriteMessage(patterned(4, 4)));
  const next = (await consumer.readMessage())!;
  assertEquals(next, patterned(4, 4)); // at 48: fits before the end
  assertStrictEquals(next.buffer, ring);
});

Deno.test("Counters crossing 2^32 keep messages intact", async () => {
  const ring = createRingBuffer(64);
  const header = new Int32Array(ring, 0, RING_HEADER_BYTES / 4);
  const start = 2 ** 32 - 40; // a multiple of 8, five frames before the wrap
  Atomics.store(header, HEAD, start | 0);
  Atomics.store(header, TAIL, start | 0);
  const producer = new RingProducer(ring);
  const consumer = new RingConsumer(ring);
  for (let m = 0; m < 40; m++) {
    const size = (m * 7) % 90; // some larger than the ring
    const [, got] = await within(
      Promise.all([
        producer.writeMessage(patterned(size, m)),
        consumer.readMessage(),
      ]),
      5000,
      `message ${m}`,
    );
    assertEquals(got, patterned(size, m), `message ${m}`);
  }
  assert(consumer.bytesWritten < start, "the head counter wrapped past 2^32");
});

Deno.test("A receive that finds its message at once never overtakes queued receives", async () => {
  const [a, b] = ringDuplexPair(1024);
  try {
    // Nothing sent yet: both receives queue on the slow path.
    const first = b.receive();
    const second = b.receive();
    await a.send(new Uint8Array([1]));
    await a.send(new Uint8Array([2]));
    await a.send(new Uint8Array([3]));
    // Message 1 is whole in the ring now, but it belongs to `first`.
    const third = b.receive();
    const got = await within(
      Promise.all([first, second, third]),
      5000,
      "queued receives",
    );
    assertEquals(got.map((m) => [...m!]), [[1], [2], [3]]);
    // With the queue empty, the fast path is back.
    await a.send(new Uint8Array([4]));
    assertEquals([...(await b.receive())!], [4]);
  } finally {
    await a.close();
    await b.close();
  }
});

Deno.test("Round trips through an echo Worker keep every byte, at every size (seeded)", async () => {
  const seed = seedFromEnv();
  const sizes = seededRandom(seed);
  await using echo = await startRingEchoWorker(4096);
  const count = 300;
  for (let m = 0; m < count; m++) {
    // Mostly small (the spin path); 1 in 10 up to 3x the ring (streamed).
    const size = m % 10 === 9 ? sizes.int(4000, 12000) : sizes.int(0, 600);
    const message = patterned(size, m);
    await within(echo.duplex.send(message), 5000, `send ${m}`);
    const reply = await within(echo.duplex.receive(), 5000, `echo ${m}`);
    assertEquals(reply, message, `message ${m} (seed ${seed})`);
  }
  console.log(`ring echo: seed=${seed} round trips=${count}`);
});
