/**
 * The fast framing's per-message shortcuts keep the duplex contract: a
 * shared send promise per batch (and its failure reaching every send), a
 * receive that returns a frame already buffered, lent frames, and the
 * optional `receiveBuffered()` drain, which never skips a violation or the end.
 */

import { assertEquals, assertRejects, assertStrictEquals } from "@std/assert";
import {
  DuplexClosedError,
  FrameTooLargeError,
  TruncatedFrameError,
} from "../../lib/wire/errors.ts";
import { encodeFrame, encodeFrames } from "../../lib/wire/frame.ts";
import { fastFramedDuplex } from "../../lib/fast/framed.ts";
import { FrameBatcher } from "../../lib/fast/frame_batcher.ts";
import { within } from "../duplex_conformance.ts";

/** A resource whose reads return what the test feeds, chunk by chunk. */
function fedResource(options: { failWritesWith?: Error } = {}) {
  const chunks: Uint8Array[] = [];
  let ended = false;
  let wake: (() => void) | null = null;
  const writes: Uint8Array[] = [];
  return {
    writes,
    feed(bytes: Uint8Array) {
      chunks.push(bytes.slice());
      wake?.();
    },
    end() {
      ended = true;
      wake?.();
    },
    async read(buffer: Uint8Array): Promise<number | null> {
      while (chunks.length === 0) {
        if (ended) return null;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
      }
      const chunk = chunks[0];
      const n = Math.min(buffer.length, chunk.length);
      buffer.set(chunk.subarray(0, n));
      if (n === chunk.length) chunks.shift();
      else chunks[0] = chunk.subarray(n);
      return n;
    },
    write(bytes: Uint8Array): Promise<number> {
      // fails once: a later send must still be refused, the stream lost frames
      const failure = options.failWritesWith;
      if (failure) {
        options.failWritesWith = undefined;
        return Promise.reject(failure);
      }
      writes.push(bytes.slice());
      return Promise.resolve(bytes.length);
    },
    close() {
      this.end();
    },
  };
}

const bytesOf = (...values: number[]) => new Uint8Array(values);

Deno.test("a batch whose write fails rejects every send of it, and every later one", async () => {
  const broken = new Deno.errors.BrokenPipe("se cortó");
  const resource = fedResource({ failWritesWith: broken });
  const duplex = fastFramedDuplex(resource);
  const sends = [1, 2, 3].map((n) => duplex.send(bytesOf(n)));
  assertStrictEquals(sends[0], sends[2]);
  for (const send of sends) {
    await assertRejects(() => send, Deno.errors.BrokenPipe);
  }
  await assertRejects(() => duplex.send(bytesOf(4)), Deno.errors.BrokenPipe);
  assertEquals(resource.writes, []);
  await duplex.close();
});

Deno.test("sends queued behind a write reject with DuplexClosedError on close, none is lost silently", async () => {
  const resource = fedResource();
  const duplex = fastFramedDuplex(resource);
  const first = duplex.send(bytesOf(1)); // the write, scheduled
  await first;
  const queued = [duplex.send(bytesOf(2)), duplex.send(bytesOf(3))];
  await duplex.close();
  for (const send of queued) {
    await assertRejects(() => send, DuplexClosedError);
  }
  assertEquals(resource.writes, [encodeFrame(bytesOf(1))]);
});

Deno.test("a receive of a buffered frame keeps order with concurrent receives", async () => {
  const resource = fedResource();
  // owned frames: lent ones would not outlive the receives asked after them
  await using duplex = fastFramedDuplex(resource);
  // two frames and half of a third are buffered by the first receive's read
  const all = encodeFrames([1, 2, 3, 4].map((n) => bytesOf(n, n)));
  resource.feed(all.subarray(0, 15));
  const receives = [1, 2, 3, 4].map(() => duplex.receive());
  // asked the moment the first settles, with frame 2 buffered but owed to the second
  const late = receives[0].then(() => duplex.receive());
  await new Promise((resolve) => setTimeout(resolve, 0));
  resource.feed(all.subarray(15));
  resource.feed(encodeFrame(bytesOf(0)));
  const got = await Promise.all([...receives, late]);
  assertEquals(got.map((m) => [...m!]), [[1, 1], [2, 2], [3, 3], [4, 4], [0]]);
  // frames already buffered: the fast path, asked twice before either settles
  resource.feed(encodeFrames([bytesOf(5), bytesOf(6)]));
  const [a, b] = [duplex.receive(), duplex.receive()];
  assertEquals([[...(await a)!], [...(await b)!]], [[5], [6]]);
  resource.end();
  assertEquals(await duplex.receive(), null);
});

Deno.test("a lent frame stays intact until the next receive", async () => {
  const resource = fedResource();
  await using duplex = fastFramedDuplex(resource, { reuseBuffers: true });
  resource.feed(encodeFrames([bytesOf(7, 7, 7), bytesOf(8)]));
  const lent = (await duplex.receive())!;
  // the peer's next bytes arrive, but nobody reads them before the next receive
  resource.feed(encodeFrame(bytesOf(9, 9, 9)));
  await new Promise((resolve) => setTimeout(resolve, 0));
  assertEquals([...lent], [7, 7, 7]);
  assertEquals([...(await duplex.receive())!], [8]);
  assertEquals([...(await duplex.receive())!], [9, 9, 9]);
});

Deno.test("receiveBuffered drains frames in order, then leaves a violation to receive()", async () => {
  const resource = fedResource();
  await using duplex = fastFramedDuplex(resource, { maxFrameBytes: 10 });
  resource.feed(encodeFrames([bytesOf(1), bytesOf(), bytesOf(3)]));
  resource.feed(bytesOf(0, 0, 0, 11, 0));
  assertEquals(duplex.receiveBuffered(), undefined); // nothing read yet
  assertEquals([...(await duplex.receive())!], [1]);
  const drained: number[][] = [];
  for (let m = duplex.receiveBuffered(); m; m = duplex.receiveBuffered()) {
    drained.push([...m]);
  }
  assertEquals(drained, [[], [3]]);
  await assertRejects(() => duplex.receive(), FrameTooLargeError);
  assertEquals(duplex.receiveBuffered(), undefined);
  await assertRejects(() => duplex.receive(), FrameTooLargeError);
});

Deno.test("receiveBuffered never skips the end: clean, or mid-frame", async () => {
  for (const [tail, ending] of [[0, "clean"], [3, "mid-frame"]] as const) {
    const resource = fedResource();
    await using duplex = fastFramedDuplex(resource);
    const bytes = encodeFrames([bytesOf(1), bytesOf(2), bytesOf(3, 3)]);
    resource.feed(bytes.subarray(0, bytes.length - tail));
    resource.end();
    assertEquals([...(await duplex.receive())!], [1]);
    assertEquals([...duplex.receiveBuffered()!], [2]);
    if (ending === "clean") {
      assertEquals([...duplex.receiveBuffered()!], [3, 3]);
      assertEquals(duplex.receiveBuffered(), undefined);
      assertEquals(await duplex.receive(), null);
    } else {
      assertEquals(duplex.receiveBuffered(), undefined);
      await assertRejects(() => duplex.receive(), TruncatedFrameError);
    }
  }
});

Deno.test("receiveBuffered never takes a frame a pending receive is owed, nor reads after close", async () => {
  const resource = fedResource();
  const duplex = fastFramedDuplex(resource);
  const first = duplex.receive();
  const second = duplex.receive();
  // runs as soon as the first receive settles, while the second still waits its turn
  const stolen = first.then(() => duplex.receiveBuffered());
  resource.feed(encodeFrames([bytesOf(1), bytesOf(2)]));
  assertEquals([...(await first)!], [1]);
  assertEquals(await stolen, undefined);
  assertEquals([...(await second)!], [2]);
  resource.feed(encodeFrames([bytesOf(3), bytesOf(4)]));
  assertEquals([...(await duplex.receive())!], [3]);
  await duplex.close();
  assertEquals(duplex.receiveBuffered(), undefined);
  assertEquals(await duplex.receive(), null);
});

Deno.test("FrameBatcher: after a failed write, a new frame rejects at once instead of waiting forever", async () => {
  const broken = new Error("disco lleno");
  const sink = {
    releasesOnSettle: true,
    write: () => Promise.reject(broken),
    closeWrite: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
  const batcher = new FrameBatcher(sink);
  const first = batcher.enqueue(new Uint8Array([1]));
  await assertRejects(() => first, Error, "disco lleno");
  assertStrictEquals(batcher.error, broken);
  // Bounded: a hang fails with `within`'s timeout, not "disco lleno".
  await assertRejects(
    () => within(batcher.enqueue(new Uint8Array([2])), 2000, "frame after"),
    Error,
    "disco lleno",
  );
  await batcher.settled();
});
