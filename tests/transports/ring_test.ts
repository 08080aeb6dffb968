/** Behaviour of the fast SPSC ring (lib/fast/): wrap-around, full and empty waits, and a randomized two-worker run. */

import { assert, assertEquals, assertRejects, assertThrows } from "@std/assert";
import {
  createRingBuffer,
  RingConsumer,
  RingProducer,
} from "../../lib/fast/ring_buffer.ts";
import { RING_HEADER_BYTES } from "../../lib/fast/ring_layout.ts";
import {
  FrameTooLargeError,
  TruncatedFrameError,
} from "../../lib/wire/errors.ts";
import { seedFromEnv } from "../../lib/util/random.ts";
import { within } from "../duplex_conformance.ts";

Deno.test("Ring capacity must be a power of two of at least 16 bytes", () => {
  for (const bad of [0, 15, 100, 1.5, -16]) {
    assertThrows(() => createRingBuffer(bad), RangeError);
  }
  assertEquals(createRingBuffer(16).byteLength, RING_HEADER_BYTES + 16);
});

Deno.test("Ring keeps messages intact across many wrap-arounds", async () => {
  const ring = createRingBuffer(16);
  const producer = new RingProducer(ring);
  const consumer = new RingConsumer(ring);
  // 5-byte bodies fill a 16-byte frame, the whole ring; 13-byte ones need
  // a 24-byte frame and stream through it while the consumer reads.
  for (let m = 0; m < 200; m++) {
    const size = m % 3 === 2 ? 13 : 5;
    const message = new Uint8Array(size).map((_, i) => m + i);
    const [, got] = await within(
      Promise.all([producer.writeMessage(message), consumer.readMessage()]),
      5000,
      `message ${m}`,
    );
    assertEquals(got, message);
  }
  assert(consumer.bytesWritten > 100 * 16, "expected 100+ wrap-arounds");
});

Deno.test("Ring rejects a spin budget that is not a non-negative number", () => {
  for (const spinMs of [-1, NaN, Infinity]) {
    assertThrows(
      () => new RingProducer(createRingBuffer(16), { spinMs }),
      RangeError,
    );
  }
});

Deno.test("A full ring makes the producer wait until the consumer reads", async () => {
  const ring = createRingBuffer(16);
  const producer = new RingProducer(ring);
  const consumer = new RingConsumer(ring);
  let written = false;
  const writing = producer.writeMessage(new Uint8Array(40)).then(() => {
    written = true;
  });
  await new Promise((resolve) => setTimeout(resolve, 20));
  assertEquals(written, false, "a 48-byte frame cannot fit in 16 bytes");
  assertEquals(
    (await within(consumer.readMessage(), 5000, "read"))?.length,
    40,
  );
  await within(writing, 5000, "write");
  assert(written);
});

Deno.test("An empty ring makes the consumer wait until a message arrives", async () => {
  const ring = createRingBuffer(64);
  const producer = new RingProducer(ring);
  const consumer = new RingConsumer(ring);
  let got: Uint8Array | null | undefined;
  const reading = consumer.readMessage().then((m) => got = m);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assertEquals(got, undefined);
  await producer.writeMessage(new Uint8Array([42]));
  await within(reading, 5000, "read");
  assertEquals([...got!], [42]);
});

Deno.test("A producer closed mid-message is a TruncatedFrameError, not a short message", async () => {
  const ring = createRingBuffer(16);
  const producer = new RingProducer(ring);
  const consumer = new RingConsumer(ring);
  const writing = producer.writeMessage(new Uint8Array(100));
  await new Promise((resolve) => setTimeout(resolve, 10));
  producer.close();
  await within(writing, 5000, "write gives up");
  await assertRejects(() => consumer.readMessage(), TruncatedFrameError);
});

Deno.test("Messages above the limit are refused before writing", async () => {
  const producer = new RingProducer(createRingBuffer(16), {
    maxMessageBytes: 8,
  });
  await assertRejects(
    () => producer.writeMessage(new Uint8Array(9)),
    FrameTooLargeError,
  );
});

function runWorker(job: Record<string, unknown>): {
  worker: Worker;
  result: Promise<
    { ok: boolean; count: number; bytes?: number; error?: string }
  >;
} {
  const worker = new Worker(
    new URL("./ring_stress_worker.ts", import.meta.url),
    { type: "module" },
  );
  const result = new Promise<
    { ok: boolean; count: number; bytes?: number; error?: string }
  >((resolve, reject) => {
    worker.onmessage = (event) => resolve(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      reject(new Error(event.message));
    };
  });
  worker.postMessage(job);
  return { worker, result };
}

Deno.test("Randomized sizes between two workers arrive intact (seeded)", async () => {
  const seed = seedFromEnv();
  const count = 3000;
  const capacity = 1024;
  const maxBytes = 3000; // up to ~3x the ring: one message can span wraps
  const ring = createRingBuffer(capacity);
  const consumer = runWorker({ role: "consumer", ring, seed, count, maxBytes });
  const producer = runWorker({ role: "producer", ring, seed, count, maxBytes });
  try {
    const [sent, received] = await within(
      Promise.all([producer.result, consumer.result]),
      60_000,
      `ring stress (seed ${seed})`,
    );
    assert(sent.ok, sent.error);
    assert(
      received.ok,
      `${received.error} (seed ${seed}; replay with KIT_SEED=${seed})`,
    );
    assertEquals(received.count, count);
    const wraps = Math.floor(received.bytes! / capacity);
    console.log(
      `ring stress: seed=${seed} messages=${received.count} bytes=${received.bytes} wrap-arounds≈${wraps}`,
    );
    assert(wraps >= 1000, `only ${wraps} wrap-arounds`);
  } finally {
    producer.worker.terminate();
    consumer.worker.terminate();
  }
});

Deno.test("A lending consumer holds a message's bytes until its next read", async () => {
  const ring = createRingBuffer(32);
  const producer = new RingProducer(ring);
  const consumer = new RingConsumer(ring, { lendMessages: true });
  assert(producer.tryWriteMessage(new Uint8Array([1, 2, 3, 4, 5, 6])));
  const lent = consumer.tryReadMessage()!;
  assertEquals([...lent], [1, 2, 3, 4, 5, 6]);
  // The lent 16-byte frame is still reserved: a 24-byte frame does not fit.
  const wrapping = new Uint8Array(14).map((_, i) => 20 + i);
  assertEquals(producer.tryWriteMessage(wrapping), false);
  assertEquals([...lent], [1, 2, 3, 4, 5, 6], "the view must stay intact");
  assertEquals(consumer.tryReadMessage(), undefined); // releases the bytes
  assert(producer.tryWriteMessage(wrapping));
  // Its body wraps around the ring's end: lent from the reused buffer.
  const got = (await consumer.readMessage())!;
  assertEquals(got, wrapping);
  assert(got.buffer !== ring);
});
