/**
 * FrameBatcher's synchronous write path (`ByteSink.writeNow`): what fits is
 * written without a promise hop, the rest goes through `write` from where
 * `writeNow` stopped, order and every byte are kept, and a failure rejects
 * every send it touches and every later one.
 */

import { assertEquals, assertRejects } from "@std/assert";
import {
  FrameBatcher,
  IN_PLACE_WRITE_BYTES,
} from "../../lib/fast/frame_batcher.ts";
import type { ByteSink } from "../../lib/fast/byte_endpoints.ts";
import { FastFrameDecoder } from "../../lib/fast/frame_decoder.ts";

/** A sink whose `writeNow` takes at most `room()` bytes per call; records the bytes and which path wrote them. */
function recordingSink(room: () => number, failNowWith?: Error) {
  const bytes: number[] = [];
  const paths: string[] = [];
  const sink: ByteSink = {
    releasesOnSettle: true,
    writeNow(chunk) {
      if (failNowWith) throw failNowWith;
      const n = Math.min(room(), chunk.length);
      for (const b of chunk.subarray(0, n)) bytes.push(b);
      if (n > 0) paths.push(`now:${n}`);
      return n;
    },
    write(chunk) {
      for (const b of chunk) bytes.push(b);
      paths.push(`async:${chunk.length}`);
      return Promise.resolve();
    },
    closeWrite: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
  return { sink, bytes, paths };
}

/** The payloads framed in `bytes`, in order. */
function framesIn(bytes: number[]): number[][] {
  const decoder = new FastFrameDecoder();
  decoder.push(Uint8Array.from(bytes));
  const frames: number[][] = [];
  for (let f = decoder.nextFrame(); f; f = decoder.nextFrame()) {
    frames.push([...f]);
  }
  return frames;
}

Deno.test("a batch that fits is written by writeNow alone", async () => {
  const { sink, bytes, paths } = recordingSink(() => Infinity);
  const batcher = new FrameBatcher(sink);
  await Promise.all([1, 2, 3].map((n) => batcher.enqueue(Uint8Array.of(n))));
  assertEquals(paths, ["now:15"]);
  assertEquals(framesIn(bytes), [[1], [2], [3]]);
});

Deno.test("a partial writeNow leaves the rest to write, from where it stopped, at every split", async () => {
  const payloads = [Uint8Array.of(1, 2, 3), Uint8Array.of(4), Uint8Array.of()];
  const total = 4 * 3 + 4;
  for (let room = 0; room <= total; room++) {
    const { sink, bytes, paths } = recordingSink(() => room);
    const batcher = new FrameBatcher(sink);
    await Promise.all(payloads.map((p) => batcher.enqueue(p)));
    assertEquals(framesIn(bytes), [[1, 2, 3], [4], []], `room ${room}`);
    assertEquals(bytes.length, total);
    const expected = room === 0
      ? [`async:${total}`]
      : room >= total
      ? [`now:${total}`]
      : [`now:${room}`, `async:${total - room}`];
    assertEquals(paths, expected, `room ${room}`);
  }
});

Deno.test("batches written now and later keep their order", async () => {
  let room = 0;
  const { sink, bytes } = recordingSink(() => room);
  const batcher = new FrameBatcher(sink);
  const first = batcher.enqueue(Uint8Array.of(1)); // no room: goes async
  await first;
  room = Infinity;
  const second = batcher.enqueue(Uint8Array.of(2));
  room = 3; // part of the third batch fits
  await second;
  await batcher.enqueue(Uint8Array.of(3, 3, 3));
  assertEquals(framesIn(bytes), [[1], [2], [3, 3, 3]]);
});

Deno.test("a throwing writeNow rejects the batch's sends and every later one", async () => {
  const broken = new Deno.errors.BrokenPipe("sin lector");
  const { sink } = recordingSink(() => Infinity, broken);
  const batcher = new FrameBatcher(sink);
  const sends = [
    batcher.enqueue(Uint8Array.of(1)),
    batcher.enqueue(Uint8Array.of(2)),
  ];
  for (const send of sends) {
    await assertRejects(() => send, Deno.errors.BrokenPipe);
  }
  await assertRejects(
    () => batcher.enqueue(Uint8Array.of(3)),
    Deno.errors.BrokenPipe,
  );
  assertEquals(batcher.error, broken);
  await batcher.settled(); // nothing is left flushing
});

Deno.test("a large in-place message still arrives whole beside writeNow", async () => {
  const { sink, bytes } = recordingSink(() => 1000);
  const batcher = new FrameBatcher(sink);
  const big = new Uint8Array(IN_PLACE_WRITE_BYTES).map((_, i) => i & 0xff);
  await Promise.all([
    batcher.enqueue(Uint8Array.of(9)),
    batcher.enqueue(big),
    batcher.enqueue(Uint8Array.of(8)),
  ]);
  const frames = framesIn(bytes);
  assertEquals(frames.length, 3);
  assertEquals(frames[0], [9]);
  assertEquals(frames[1].length, big.length);
  assertEquals(frames[1][12345], 12345 & 0xff);
  assertEquals(frames[2], [8]);
});

Deno.test("writeFrameNow: one frame, one writeNow call, settled before it returns", async () => {
  const { sink, bytes, paths } = recordingSink(() => Infinity);
  const batcher = new FrameBatcher(sink);
  for (const n of [1, 2, 3]) {
    const sent = batcher.writeFrameNow(Uint8Array.of(n, n));
    assertEquals(paths.length, n, "written before it returned");
    await sent;
  }
  assertEquals(paths, ["now:6", "now:6", "now:6"]);
  assertEquals(framesIn(bytes), [[1, 1], [2, 2], [3, 3]]);
  assertEquals(batcher.busy, false);
});

Deno.test("writeFrameNow: a partial write queues the rest first, then later sends, at every split", async () => {
  const message = Uint8Array.of(9, 8, 7, 6, 5);
  for (let room = 0; room < 4 + message.length; room++) {
    // Only writeFrameNow's own call is short; the queue's calls take all.
    let calls = 0;
    const { sink, bytes } = recordingSink(() =>
      calls++ === 0 ? room : Infinity
    );
    const batcher = new FrameBatcher(sink);
    const first = batcher.writeFrameNow(message)!;
    // Something waits to be written: no second frame jumps ahead of it.
    assertEquals(batcher.writeFrameNow(Uint8Array.of(1)), null);
    const second = batcher.enqueue(Uint8Array.of(1));
    await Promise.all([first, second]);
    assertEquals(framesIn(bytes), [[...message], [1]], `room ${room}`);
  }
});

Deno.test("writeFrameNow: an async sink's write starts at once, later sends queue behind it, a sink that keeps bytes gets its own buffer", async () => {
  for (const releasesOnSettle of [true, false]) {
    const writes: Uint8Array[] = []; // copies: a reused buffer changes later
    const buffers: ArrayBufferLike[] = [];
    const pending: (() => void)[] = [];
    const batcher = new FrameBatcher({
      releasesOnSettle,
      write(chunk) {
        writes.push(chunk.slice());
        buffers.push(chunk.buffer);
        return new Promise((resolve) => pending.push(resolve));
      },
      closeWrite: () => Promise.resolve(),
      close: () => Promise.resolve(),
    });
    const first = batcher.writeFrameNow(Uint8Array.of(1))!;
    assertEquals(writes.length, 1, "the write started before it returned");
    assertEquals(
      batcher.writeFrameNow(Uint8Array.of(2)),
      null,
      "one at a time",
    );
    const queued = batcher.enqueue(Uint8Array.of(3));
    await Promise.resolve();
    assertEquals(writes.length, 1, "nothing else is written meanwhile");
    pending.shift()!();
    await first;
    while (writes.length < 2) await new Promise((r) => setTimeout(r, 1));
    pending.shift()!();
    await queued;
    const third = batcher.writeFrameNow(Uint8Array.of(4))!;
    pending.shift()!();
    await third;
    assertEquals(framesIn(writes.flatMap((w) => [...w])), [[1], [3], [4]]);
    // The scratch buffer is reused only where the sink lets go of it.
    assertEquals(
      buffers[0] === buffers[2],
      releasesOnSettle,
      `releasesOnSettle ${releasesOnSettle}`,
    );
  }
});

Deno.test("writeFrameNow: not while busy or for an in-place message, and a failure rejects it and what follows", async () => {
  const { sink } = recordingSink(() => Infinity);
  const batcher = new FrameBatcher(sink);
  assertEquals(
    batcher.writeFrameNow(new Uint8Array(IN_PLACE_WRITE_BYTES)),
    null,
    "a large message goes out in place, through enqueue",
  );
  const queued = batcher.enqueue(Uint8Array.of(2)); // flush scheduled
  assertEquals(batcher.writeFrameNow(Uint8Array.of(3)), null);
  await queued;
  const broken = new FrameBatcher(
    recordingSink(() => Infinity, new RangeError("roto")).sink,
  );
  await assertRejects(
    () => broken.writeFrameNow(Uint8Array.of(4))!,
    RangeError,
  );
  await assertRejects(() => broken.enqueue(Uint8Array.of(5)), RangeError);
});
