/**
 * The teaching ring (lib/transports/ring.ts): its frames in memory, its
 * counters across 2^32, streaming through a small ring, closing, a
 * truncated frame, and round trips through its echo Worker.
 */

import { assertEquals, assertRejects, assertThrows } from "@std/assert";
import {
  type RingChannelBuffers,
  RingDuplex,
  ringDuplexPair,
  ringFrameBytes,
} from "../../lib/transports/ring.ts";
import { startRingEchoWorker } from "../../lib/transports/ring_worker.ts";
import {
  DuplexClosedError,
  TruncatedFrameError,
} from "../../lib/wire/errors.ts";
import { seededRandom, seedFromEnv } from "../../lib/util/random.ts";
import { within } from "../duplex_conformance.ts";

const CELLS = 16; // head, tail, writer closed, reader closed (Int32 each)
const [HEAD, TAIL, WRITER_CLOSED] = [0, 1, 2];

function channel(capacity: number): RingChannelBuffers {
  return {
    aToB: new SharedArrayBuffer(CELLS + capacity),
    bToA: new SharedArrayBuffer(CELLS + capacity),
  };
}

function patterned(size: number, salt: number): Uint8Array {
  return new Uint8Array(size).map((_, i) => (i * 31 + salt) & 0xff);
}

Deno.test("Teaching ring: a frame is the sockets' 4-byte big-endian prefix and the body, unpadded", async () => {
  const rings = channel(64);
  await using a = new RingDuplex(rings, "a");
  await using b = new RingDuplex(rings, "b");
  await a.send(new Uint8Array([7, 8, 9]));
  const data = new Uint8Array(rings.aToB, CELLS);
  assertEquals([...data.subarray(0, 7)], [0, 0, 0, 3, 7, 8, 9]);
  assertEquals(new Int32Array(rings.aToB)[HEAD], ringFrameBytes(3));
  assertEquals([...(await b.receive())!], [7, 8, 9]);
  assertEquals(new Int32Array(rings.aToB)[TAIL], 7);
});

Deno.test("Teaching ring: capacity must be a power of two of 16 bytes to 1 GiB", () => {
  for (const bad of [0, 15, 100, 1.5, -16]) {
    assertThrows(() => ringDuplexPair(bad), RangeError);
  }
  assertThrows(() => new RingDuplex(channel(100), "a"), RangeError);
  assertThrows(
    () => new RingDuplex(channel(64), "c" as unknown as "a"),
    TypeError,
  );
  assertThrows(() => ringFrameBytes(-1), RangeError);
});

Deno.test("Teaching ring: counters crossing 2^32 keep messages intact (seeded)", async () => {
  const seed = seedFromEnv();
  const sizes = seededRandom(seed);
  const rings = channel(64);
  const start = 2 ** 32 - 50; // not a multiple of anything: no alignment here
  for (const cell of [HEAD, TAIL]) {
    Atomics.store(new Int32Array(rings.aToB), cell, start | 0);
  }
  await using a = new RingDuplex(rings, "a");
  await using b = new RingDuplex(rings, "b");
  for (let m = 0; m < 60; m++) {
    const message = patterned(sizes.int(0, 200), m); // some larger than the ring
    const [, got] = await within(
      Promise.all([a.send(message), b.receive()]),
      5000,
      `message ${m} (seed ${seed})`,
    );
    assertEquals(got, message, `message ${m} (seed ${seed})`);
  }
  const head = Atomics.load(new Int32Array(rings.aToB), HEAD) >>> 0;
  assertEquals(head < start, true, "the head counter wrapped past 2^32");
});

Deno.test("Teaching ring: a send waits for room, then completes as the reader drains", async () => {
  const [a, b] = ringDuplexPair(16);
  try {
    let sent = false;
    const sending = a.send(patterned(40, 1)).then(() => (sent = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assertEquals(sent, false, "40 bytes cannot fit a 16-byte ring unread");
    assertEquals(await within(b.receive(), 5000, "receive"), patterned(40, 1));
    await within(sending, 5000, "send");
  } finally {
    await a.close();
    await b.close();
  }
});

Deno.test("Teaching ring: a send into a ring whose reader closed is a DuplexClosedError", async () => {
  const [a, b] = ringDuplexPair(64);
  await b.close();
  await assertRejects(() => a.send(new Uint8Array([1])), DuplexClosedError);
  // A send already waiting for room is released by the close, too.
  const [c, d] = ringDuplexPair(16);
  const waiting = c.send(new Uint8Array(100));
  await new Promise((resolve) => setTimeout(resolve, 10));
  await d.close();
  await assertRejects(() => within(waiting, 5000, "send"), DuplexClosedError);
  await Promise.all([a.close(), c.close()]);
});

Deno.test("Teaching ring: a writer that closes mid-frame is a TruncatedFrameError", async () => {
  const rings = channel(64);
  await using b = new RingDuplex(rings, "b");
  const cells = new Int32Array(rings.aToB);
  const data = new Uint8Array(rings.aToB, CELLS);
  data.set([0, 0, 0, 10, 1, 2, 3]); // announces 10 bytes, delivers 3
  Atomics.store(cells, HEAD, 7);
  Atomics.store(cells, WRITER_CLOSED, 1);
  const error = await assertRejects(
    () => within(b.receive(), 5000, "receive"),
    TruncatedFrameError,
  );
  assertEquals(error.message.length > 0, true);
});

Deno.test("Teaching ring: round trips through the echo Worker keep every byte (seeded)", async () => {
  const seed = seedFromEnv();
  const sizes = seededRandom(seed);
  await using echo = await startRingEchoWorker(4096);
  for (let m = 0; m < 200; m++) {
    // Mostly small; 1 in 10 up to 3x the ring (streamed in pieces).
    const size = m % 10 === 9 ? sizes.int(4000, 12000) : sizes.int(0, 600);
    const message = patterned(size, m);
    await within(echo.duplex.send(message), 5000, `send ${m}`);
    const reply = await within(echo.duplex.receive(), 5000, `echo ${m}`);
    assertEquals(reply, message, `message ${m} (seed ${seed})`);
  }
});
