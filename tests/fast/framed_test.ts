/**
 * What only the fast framing does: concurrent sends merged into one write, a
 * large message written from the caller's buffer (after a head that carries
 * its prefix), and reused buffers on a TCP echo. The behaviours both tiers
 * share are in tests/wire/framed_test.ts and the conformance suites.
 */

import { assertEquals, assertThrows } from "@std/assert";
import {
  encodeFrame,
  encodeFrames,
  FrameDecoder,
} from "../../lib/wire/frame.ts";
import { fastFramedDuplex } from "../../lib/fast/framed.ts";

const enc = new TextEncoder();

/** A write-only resource that records every write it is given (copied). */
function recordingResource() {
  const writes: Uint8Array[] = [];
  return {
    writes,
    read: () => Promise.resolve(null),
    write: (bytes: Uint8Array) => {
      writes.push(bytes.slice());
      return Promise.resolve(bytes.length);
    },
    close: () => {},
  };
}

/** Concatenates recorded writes back into the byte stream the peer sees. */
function joined(writes: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(writes.reduce((n, w) => n + w.length, 0));
  let offset = 0;
  for (const w of writes) {
    out.set(w, offset);
    offset += w.length;
  }
  return out;
}

function pattern(size: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: size }, (_, i) => (i * 31 + seed) & 0xff);
}

Deno.test("fastFramedDuplex writes each frame in one write and coalesces concurrent sends", async () => {
  const writes: Uint8Array[] = [];
  const duplex = fastFramedDuplex({
    readable: new ReadableStream(),
    writable: new WritableStream<Uint8Array>({
      write: (chunk) => void writes.push(chunk),
    }),
  });
  await duplex.send(enc.encode("uno"));
  assertEquals(writes.length, 1, "prefix and body leave together");
  assertEquals(writes[0], encodeFrame(enc.encode("uno")));
  const sends = [1, 2, 3, 4].map((n) => duplex.send(new Uint8Array([n])));
  // sends made in one tick share one write, and the promise of that write
  assertEquals(new Set(sends).size, 1);
  await Promise.all(sends);
  assertEquals(writes.length, 2);
  assertEquals(
    writes[1],
    encodeFrames([1, 2, 3, 4].map((n) => new Uint8Array([n]))),
  );
  await duplex.close();
});

Deno.test("fastFramedDuplex writes a large message as prefix with head, then the rest, byte-exact", async () => {
  const resource = recordingResource();
  const duplex = fastFramedDuplex(resource);
  const message = pattern(300 * 1024, 0);
  await duplex.send(message);
  // Never a lone 4-byte prefix: the first write carries 64 KiB with it.
  assertEquals(resource.writes.map((w) => w.length), [
    64 * 1024,
    message.length + 4 - 64 * 1024,
  ]);
  assertEquals(joined(resource.writes), encodeFrame(message));
  await duplex.close();
});

Deno.test("fastFramedDuplex writes small sends before a large one with its head, the one after in the next write", async () => {
  const resource = recordingResource();
  const duplex = fastFramedDuplex(resource);
  const big = new Uint8Array(300 * 1024).fill(7);
  const small = new Uint8Array([1, 2, 3]);
  await Promise.all([
    duplex.send(small),
    duplex.send(big),
    duplex.send(small),
  ]);
  // small + big's prefix and head; big's rest from the caller's buffer; small
  assertEquals(resource.writes.map((w) => w.length), [
    7 + 64 * 1024,
    big.length + 4 - 64 * 1024,
    7,
  ]);
  const decoder = new FrameDecoder();
  decoder.push(joined(resource.writes));
  const lengths: number[] = [];
  for (let s = decoder.next(); s.kind === "frame"; s = decoder.next()) {
    lengths.push(s.frame.length);
  }
  assertEquals(lengths, [3, big.length, 3]);
  await duplex.close();
});

Deno.test("fastFramedDuplex gives a web stream that keeps chunks a copy, never the caller's buffer", async () => {
  const chunks: Uint8Array[] = [];
  const duplex = fastFramedDuplex({
    readable: new ReadableStream<Uint8Array>({ start: (c) => c.close() }),
    writable: new WritableStream<Uint8Array>({
      write: (c) => void chunks.push(c),
    }),
  });
  const message = new Uint8Array(300 * 1024).fill(9);
  await duplex.send(message);
  message.fill(0); // the caller reuses its buffer once send settles
  assertEquals(joined(chunks).subarray(4).every((b) => b === 9), true);
  await duplex.close();
});

Deno.test("fastFramedDuplex with reuseBuffers echoes large messages over TCP intact", async () => {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const accepted = listener.accept();
  await using client = fastFramedDuplex(
    await Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port }),
    { reuseBuffers: true },
  );
  await using server = fastFramedDuplex(await accepted, { reuseBuffers: true });
  for (const [size, seed] of [[1 << 20, 7], [300_000, 8], [10, 9]]) {
    await client.send(pattern(size, seed));
    const got = (await server.receive())!;
    await server.send(got);
    assertEquals(await client.receive(), pattern(size, seed));
  }
});

Deno.test("fastFramedDuplex rejects a readBufferBytes that would spin or a bad maxFrameBytes", () => {
  const resource = recordingResource();
  for (const readBufferBytes of [0, -1, 1.5, NaN, Infinity]) {
    assertThrows(
      () => fastFramedDuplex(resource, { readBufferBytes }),
      RangeError,
      "readBufferBytes inválido",
    );
  }
  assertThrows(
    () =>
      fastFramedDuplex(resource, {
        readBufferBytes: "64" as unknown as number,
      }),
    TypeError,
    "readBufferBytes inválido",
  );
  assertThrows(
    () => fastFramedDuplex(resource, { maxFrameBytes: 0xffff_ffff }),
    RangeError,
    "maxFrameBytes inválido",
  );
});
