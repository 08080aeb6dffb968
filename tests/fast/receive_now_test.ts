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

Deno.test("a blocking read never starts while this duplex's sends wait to be written", async () => {
  // An echo that answers only what was written before the read started, as
  // a peer would: a read before the write would sleep for ever.
  for (const size of [3, 300_000]) {
    const written: number[] = [];
    const order: string[] = [];
    const echo = (n: number) => encodeFrames([new Uint8Array(n)]);
    let pending: Uint8Array | null = null;
    const resource: ReadWriteResource = {
      read: (buffer) => Promise.resolve(resource.readNow!(buffer)),
      readNow(buffer) {
        order.push("read");
        if (pending === null) {
          const sent = written.reduce((a, b) => a + b, 0);
          if (sent < 4 + size) throw new Error(`read with ${sent} bytes sent`);
          pending = echo(size);
        }
        const n = Math.min(buffer.length, pending.length);
        buffer.set(pending.subarray(0, n));
        pending = pending.subarray(n);
        return n;
      },
      write: (bytes) => Promise.resolve(resource.writeNow!(bytes)),
      writeNow(bytes) {
        order.push("write");
        written.push(bytes.length);
        return bytes.length;
      },
      close() {},
    };
    // Reused buffers: a large message goes out in place, its tail in a
    // second write after an await (where a read could slip in first).
    await using duplex = fastFramedDuplex(resource, { reuseBuffers: true });
    // Not awaited: the receive is asked for in the same tick as the send.
    const sent = duplex.send(new Uint8Array(size));
    const reply = await duplex.receive();
    await sent;
    assertEquals(reply!.length, size);
    assertEquals(order[0], "write");
  }
});
