/**
 * A resource whose reads block this thread anyway (`readNow`, the bench
 * peers' blocking ends) is received from without an await: the same frames,
 * ends and errors as the async path, at every split point.
 */

import { assertEquals, assertRejects } from "@std/assert";
import { encodeFrames } from "../../lib/wire/frame.ts";
import { fastFramedDuplex } from "../../lib/fast/framed.ts";
import type { ReadWriteResource } from "../../lib/wire/byte_endpoints.ts";
import {
  FrameTooLargeError,
  TruncatedFrameError,
} from "../../lib/wire/errors.ts";

/** Serves `chunks` through `readNow` only; `read` must never be called. */
function blockingResource(chunks: Uint8Array[], endWith?: Error) {
  const queue = chunks.map((c) => c.slice());
  const calls = { read: 0, readNow: 0 };
  const resource: ReadWriteResource = {
    read() {
      calls.read++;
      return Promise.reject(new Error("read() called on a readNow resource"));
    },
    readNow(buffer) {
      calls.readNow++;
      const chunk = queue[0];
      if (chunk === undefined) {
        if (endWith) throw endWith;
        return null;
      }
      const n = Math.min(buffer.length, chunk.length);
      buffer.set(chunk.subarray(0, n));
      if (n === chunk.length) queue.shift();
      else queue[0] = chunk.subarray(n);
      return n;
    },
    write: (bytes) => Promise.resolve(bytes.length),
    writeNow: (bytes) => bytes.length,
    close() {},
  };
  return { resource, calls };
}

const payloads = [Uint8Array.of(1, 2, 3), Uint8Array.of(), Uint8Array.of(4)];
const stream = encodeFrames(payloads);

Deno.test("readNow: every split point gives the same frames, then a clean end, without read()", async () => {
  for (let split = 0; split <= stream.length; split++) {
    const { resource, calls } = blockingResource([
      stream.subarray(0, split),
      stream.subarray(split),
    ].filter((c) => c.length > 0));
    await using duplex = fastFramedDuplex(resource);
    const got: number[][] = [];
    for (
      let m = await duplex.receive();
      m !== null;
      m = await duplex.receive()
    ) {
      got.push([...m]);
    }
    assertEquals(got, [[1, 2, 3], [], [4]], `split at ${split}`);
    assertEquals(calls.read, 0);
    assertEquals(await duplex.receive(), null); // the end stays the end
  }
});

Deno.test("readNow: an end mid-frame is a TruncatedFrameError, a frame too large a FrameTooLargeError", async () => {
  {
    const { resource } = blockingResource([
      stream.subarray(0, stream.length - 1),
    ]);
    await using duplex = fastFramedDuplex(resource);
    assertEquals([...(await duplex.receive())!], [1, 2, 3]);
    assertEquals([...(await duplex.receive())!], []);
    await assertRejects(() => duplex.receive(), TruncatedFrameError);
  }
  {
    const { resource } = blockingResource([encodeFrames([new Uint8Array(9)])]);
    await using duplex = fastFramedDuplex(resource, { maxFrameBytes: 8 });
    await assertRejects(() => duplex.receive(), FrameTooLargeError);
  }
});

Deno.test("readNow: a reset peer is the end, any other failure rejects", async () => {
  {
    const reset = new Deno.errors.ConnectionReset("reset");
    const { resource } = blockingResource(
      [encodeFrames([Uint8Array.of(7)])],
      reset,
    );
    await using duplex = fastFramedDuplex(resource);
    assertEquals([...(await duplex.receive())!], [7]);
    assertEquals(await duplex.receive(), null);
  }
  {
    const broken = new Deno.errors.BadResource("cerrado por otro");
    const { resource } = blockingResource([], broken);
    await using duplex = fastFramedDuplex(resource);
    await assertRejects(() => duplex.receive(), Deno.errors.BadResource);
  }
});

Deno.test("readNow: receives started together settle in order", async () => {
  const { resource } = blockingResource([stream]);
  await using duplex = fastFramedDuplex(resource);
  const all = await Promise.all([
    duplex.receive(),
    duplex.receive(),
    duplex.receive(),
  ]);
  assertEquals(all.map((m) => [...m!]), [[1, 2, 3], [], [4]]);
});
